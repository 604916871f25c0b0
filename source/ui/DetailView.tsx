// `enter`: the selected row in full, and for a service its recent logs (fetched by the engine).
import React from 'react';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import Spinner from 'ink-spinner';
import type {DetailLine} from '../core/format/details.js';
import type {Detail} from '../engine/store.js';
import {color} from './theme.js';
import {fit} from './text.js';

type Props = {title: string; lines: DetailLine[]; logs?: Detail; width: number; height: number};

export function DetailView({title, lines, logs, width, height}: Props) {
	const inner = width - 4;
	const logRoom = Math.max(0, height - lines.length - 6);
	const logLines = newestThatFit(logs?.lines ?? [], logRoom, inner);
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="single"
			borderColor={color('cyan')}
			paddingX={1}
		>
			<Text bold>{fit(title, inner)}</Text>
			{lines.map(([label, value], i) => (
				<Text key={i} wrap="truncate">
					<Text dimColor>{label.padEnd(13)}</Text>
					{value}
				</Text>
			))}
			{logs ? (
				<Box flexDirection="column" marginTop={1}>
					<Text bold color={color('cyan')}>
						{fit(`${logs.title}  (${logs.command})`, inner)}
					</Text>
					{logs.status === 'loading' ? (
						<Text>
							<Spinner type="dots" /> fetching logs…
						</Text>
					) : null}
					{logs.error ? <Text color={color('red')}>{fit(`✗ ${logs.error}`, inner)}</Text> : null}
					{logLines.map((line, i) => (
						<Text key={i} wrap="wrap">
							{line}
						</Text>
					))}
					{logs.status === 'ok' && logs.lines.length === 0 ? <Text dimColor>(no log lines)</Text> : null}
				</Box>
			) : null}
			<Text dimColor>esc back</Text>
		</Box>
	);
}

// Log lines wrap (the error is usually at the end of a long line); the newest that fit are shown.
function newestThatFit(lines: string[], rows: number, width: number): string[] {
	const shown: string[] = [];
	let used = 0;
	for (let i = lines.length - 1; i >= 0; i--) {
		const needs = Math.max(1, Math.ceil([...lines[i]!].length / Math.max(1, width)));
		if (used + needs > rows) break;
		shown.unshift(lines[i]!);
		used += needs;
	}
	return shown;
}
