// The bottom two lines: the latest notice (or the filter being typed), then key hints built from the intent table.
import React from 'react';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import {actionAvailability, intents, type IntentId} from '../core/intents.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import type {Notice} from '../engine/store.js';
import {color} from './theme.js';
import {fit} from './text.js';

/** labels: a key's label for now, in place of its short one ("maint 3/6" while a window is open). */
type Props = {
	width: number;
	readOnly: boolean;
	runnable: ReadonlySet<ProcedureName>;
	notice?: Notice;
	filterInput?: string;
	labels?: Partial<Record<IntentId, string>>;
};

const noticeColors = {info: 'cyan', warning: 'yellow', error: 'red'} as const;

export function Footer({width, readOnly, runnable, notice, filterInput, labels = {}}: Props) {
	// Actions first, then the view keys; narrow terminals get one-word labels so "q quit" stays on screen.
	const hints = [
		...intents.filter(i => i.footer && i.group === 'action'),
		...intents.filter(i => i.footer && i.group !== 'action'),
	];
	const full = hints.map(i => `${i.keys.split(' ')[0]} ${labels[i.id] ?? i.hint}`).join('  ');
	const compact = full.length > width;
	// Still too wide with the labels of the moment ("incident P2", "maint 3/6"): those keep their last word and a short
	// first one ("inc P2"), or at 80 columns only what is of the moment ("P2", "3/6"), so "q quit" stays on screen.
	const shorteners = [
		(label: string) => label,
		(label: string) => label.replace(/^(\S{3})\S+/, '$1'),
		(label: string) => label.replace(/^\S+\s+/, ''),
	];
	const compactLine = (shorten: (label: string) => string) =>
		hints
			.map(i => `${i.keys.split(' ')[0]} ${labels[i.id] ? shorten(labels[i.id]!) : i.hint.split(' ')[0]}`)
			.join(' ');
	const shorten = shorteners.find(one => compactLine(one).length <= width) ?? shorteners.at(-1)!;
	return (
		<Box flexDirection="column" width={width}>
			{filterInput !== undefined ? (
				<Text color={color('cyan')}>{filterLine(filterInput, width)}</Text>
			) : (
				<Text color={notice ? color(noticeColors[notice.level]) : undefined}>
					{fit(notice?.text ?? '', width)}
				</Text>
			)}
			<Text wrap="truncate">
				{hints.map((intent, index) => {
					const available = actionAvailability(intent, readOnly, runnable).available;
					const given = labels[intent.id];
					const label = given
						? compact
							? shorten(given)
							: given
						: compact
							? intent.hint.split(' ')[0]
							: intent.hint;
					return (
						<Text key={intent.id} dimColor={!available}>
							{index > 0 ? (compact ? ' ' : '  ') : ''}
							<Text bold={available}>{intent.keys.split(' ')[0]}</Text> {label}
						</Text>
					);
				})}
			</Text>
		</Box>
	);
}

/** The filter being typed: with its hint while that fits; a long one loses its start, never the cursor (several host names fill 80 columns). */
function filterLine(typed: string, width: number): string {
	const line = `/${typed}▌`;
	const hinted = `${line}  (enter keeps the filter, esc clears it)`;
	return [...hinted].length <= width ? hinted : fit(line, width, 'left', 'start');
}
