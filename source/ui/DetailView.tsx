// `enter`: the selected row in full, and for a service its recent logs (fetched by the engine) in
// the log viewer (ui/log-viewer/): scrolled, searched, wrapped, saved, copied.
import React, {useState} from 'react';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import Spinner from 'ink-spinner';
import type {DetailLine} from '../core/format/details.js';
import type {Detail} from '../engine/store.js';
import {color} from './theme.js';
import {useEnvLook} from './env-look.js';
import {fit} from './text.js';
import {LogViewer, type LogViewerProps} from './log-viewer/LogViewer.js';

type Props = {
	title: string;
	lines: DetailLine[];
	logs?: Detail;
	width: number;
	height: number;
	/** The viewer's keys and callbacks, from the console (the engine serves them). */
	viewer?: Omit<LogViewerProps, 'buffer' | 'width' | 'height'>;
};

export function DetailView({title, lines, logs, width, height, viewer}: Props) {
	const {accent} = useEnvLook();
	const inner = width - 4;
	// The viewer's `?` takes the whole frame (its keys are more than the rows under the details); the
	// tree keeps its shape so the viewer keeps its place.
	const [help, setHelp] = useState(false);
	const details = !help;
	// Border (2), title, the logs' title and its margin, the spinner or error line, "esc back".
	const logRoom = help
		? height - 3
		: Math.max(3, height - lines.length - 6 - (logs?.status === 'loading' || logs?.error ? 1 : 0));
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="single"
			borderColor={accent}
			paddingX={1}
		>
			{details ? <Text bold>{fit(title, inner)}</Text> : null}
			{details
				? lines.map(([label, value], i) => (
						<Text key={i} wrap="truncate">
							<Text dimColor>{label.padEnd(13)}</Text>
							{value}
						</Text>
					))
				: null}
			{logs ? (
				<Box flexDirection="column" marginTop={details ? 1 : 0}>
					{details ? (
						<Text bold color={color('cyan')}>
							{fit(`${logs.title}  (${logs.command})`, inner)}
						</Text>
					) : null}
					{details && logs.status === 'loading' ? (
						<Text>
							<Spinner type="dots" /> fetching logs…
						</Text>
					) : null}
					{details && logs.error ? <Text color={color('red')}>{fit(`✗ ${logs.error}`, inner)}</Text> : null}
					{viewer && logs.status !== 'loading' ? (
						<LogViewer
							{...viewer}
							buffer={logs}
							width={inner}
							height={logRoom}
							empty={logs.status === 'ok' ? '(no log lines)' : ''}
							onHelp={setHelp}
						/>
					) : null}
				</Box>
			) : null}
			<Text dimColor>esc back</Text>
		</Box>
	);
}
