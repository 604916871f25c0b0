// After `document`: the incident is closed and its review written; the path is shown whole, on a
// line of its own, so it can be copied. esc goes back to the panes.
import React from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import type {Notice} from '../../engine/store.js';
import {color} from '../theme.js';
import {fit} from '../text.js';
import {wrap} from '../procedures/lines.js';
import {incidentKeyFor} from './incident-keys.js';
import {useRoutedKeys} from './key-router.js';
import {IncidentFooter} from './IncidentFooter.js';

type Props = {
	title: string;
	/** Undefined while the review is being written. */ path?: string;
	width: number;
	height: number;
	notice?: Notice;
	onBack(): void;
	onQuit(): void;
};

export function ClosedView({title, path, width, height, notice, onBack, onQuit}: Props) {
	useRoutedKeys(press => {
		const id = incidentKeyFor('closed', press);
		if (id === 'quit') return onQuit();
		if (id === 'back') return onBack();
	});
	const inner = width - 4;
	// A path has no spaces to break at: cut at the width, nothing left out.
	const pathLines = [...(path ?? '')].reduce<string[]>((lines, ch) => {
		if (lines.length === 0 || [...lines.at(-1)!].length >= inner) lines.push('');
		lines[lines.length - 1] += ch;
		return lines;
	}, []);
	return (
		<>
			<Box
				flexDirection="column"
				width={width}
				height={height}
				borderStyle="double"
				borderColor={color('green')}
				paddingX={1}
			>
				<Text bold color={color('green')}>
					{fit(`Incident closed: ${title}`, inner)}
				</Text>
				<Text> </Text>
				<Text>
					{path ? 'The post-incident review (Markdown) is written to:' : 'Writing the post-incident review…'}
				</Text>
				<Text> </Text>
				{pathLines.map((line, i) => (
					<Text key={i} bold>
						{line}
					</Text>
				))}
				<Text> </Text>
				{wrap(
					'It holds the summary, severity, duration, the timeline, every action with its exact commands, and what was left open.',
					inner,
				).map((line, i) => (
					<Text key={`w${i}`} dimColor>
						{line}
					</Text>
				))}
			</Box>
			<IncidentFooter width={width} mode="closed" notice={notice} />
		</>
	);
}
