// The bottom two lines: the latest notice (or the filter being typed), then key hints built from the intent table.
import React from 'react';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import {actionAvailability, intents, type IntentId, type ShownChecklists} from '../core/intents.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import type {Notice} from '../engine/store.js';
import type {ActionConfig} from '../core/actions/schema.js';
import {teamActionAvailability, teamActionHint} from '../core/actions/keys.js';
import {color} from './theme.js';
import {fit} from './text.js';
import {knownCommands} from '../core/command-line/commands.js';

/** labels: a key's label for now, in place of its short one ("maint 3/6" while a window is open). */
type Props = {
	width: number;
	readOnly: boolean;
	runnable: ReadonlySet<ProcedureName>;
	/** What `i` and `m` have to show (read-only mode opens only those). */
	shown?: ShownChecklists;
	notice?: Notice;
	filterInput?: string;
	/** The open `:` line: what is typed, and why the last line was refused (it stays open to be fixed). */
	commandLine?: {text: string; error?: string};
	labels?: Partial<Record<IntentId, string>>;
	/** The team's actions (pg-ops.yaml): those with a key are offered after pg-ops' own. */
	teamActions?: readonly ActionConfig[];
	/** A screen over the panes (a row's details, a fleet's logs, help) answers only these keys: the footer offers only them. */
	only?: readonly IntentId[];
};

const noticeColors = {info: 'cyan', warning: 'yellow', error: 'red'} as const;

/** A hint: one key and its word, or the keys that are off for one reason ("r x b t s: read-only"), dimmed. */
type Hint = {id: string; keys: string; label: string; off: boolean; given?: string; narrow?: string | false};

export function Footer({
	width,
	readOnly,
	runnable,
	shown = {},
	notice,
	filterInput,
	commandLine,
	labels = {},
	teamActions = [],
	only,
}: Props) {
	if (commandLine) return <CommandFooter line={commandLine} width={width} />;
	// Actions first (pg-ops' own, then the team's keys), then the view keys; narrow terminals get one-word labels so "q quit" stays on screen.
	const keyed = (intent: (typeof intents)[number]) => ({
		id: intent.id,
		key: intent.keys.split(' ')[0]!,
		hint: intent.hint,
		given: labels[intent.id],
		narrow: intent.narrow,
		availability: actionAvailability(intent, readOnly, runnable, shown),
	});
	const hints: Hint[] = [];
	const offered = only
		? only.map(id => keyed(intents.find(i => i.id === id)!))
		: [
				...intents.filter(i => i.footer && i.group === 'action').map(keyed),
				...teamActions
					.filter(a => a.key !== undefined)
					.map(a => ({
						id: `action:${a.name}`,
						key: a.key!,
						hint: teamActionHint(a).hint,
						given: undefined,
						narrow: undefined,
						availability: teamActionAvailability(a, readOnly),
					})),
				...intents.filter(i => i.footer && i.group !== 'action').map(keyed),
			];
	for (const one of offered) {
		const {availability, key} = one;
		if (availability.available) {
			hints.push({id: one.id, keys: key, label: one.hint, off: false, given: one.given, narrow: one.narrow});
			continue;
		}
		// Keys off for the same reason share one dimmed hint that says why, where the first of them was.
		const group = hints.find(h => h.off && h.label === availability.short);
		if (group) group.keys += ` ${key}`;
		else hints.push({id: `off ${availability.short}`, keys: key, label: availability.short, off: true});
	}
	const text = (hint: Hint, label: string) => (hint.off ? `${hint.keys}: ${label}` : `${hint.keys} ${label}`);
	const full = hints.map(h => text(h, h.given ?? h.label)).join('  ');
	const compact = full.length > width;
	// Still too wide with the labels of the moment ("incident P2", "maint 3/6"): those keep their last word and a short
	// first one ("inc P2"), or at 80 columns only what is of the moment ("P2", "3/6"), so "q quit" stays on screen.
	const shorteners = [
		(label: string) => label,
		(label: string) => label.replace(/^(\S{3})\S+/, '$1'),
		(label: string) => label.replace(/^\S+\s+/, ''),
	];
	const compactLabel = (hint: Hint, shorten: (label: string) => string) =>
		hint.off ? hint.label : hint.given ? shorten(hint.given) : hint.label.split(' ')[0]!;
	const compactLine = (shorten: (label: string) => string) =>
		hints.map(h => text(h, compactLabel(h, shorten))).join(' ');
	const shorten = shorteners.find(one => compactLine(one).length <= width) ?? shorteners.at(-1)!;
	// Narrowest (80 columns with every action on): the keys' narrow words, and those marked so left out (`?` lists them).
	const narrowest = compact && compactLine(shorten).length > width;
	if (narrowest) {
		for (const hint of [...hints]) {
			if (hint.off || hint.narrow === undefined) continue;
			if (hint.narrow === false) hints.splice(hints.indexOf(hint), 1);
			else hint.label = hint.narrow;
		}
	}
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
				{hints.map((hint, index) => {
					const label = compact ? compactLabel(hint, shorten) : (hint.given ?? hint.label);
					return (
						<Text key={hint.id} dimColor={hint.off}>
							{index > 0 ? (compact ? ' ' : '  ') : ''}
							<Text bold={!hint.off}>{hint.keys}</Text>
							{hint.off ? ':' : ''} {label}
						</Text>
					);
				})}
			</Text>
		</Box>
	);
}

/** The `:` line: what is wrong with the last line (or how the line works), then the line itself, its end always in view. */
function CommandFooter({line, width}: {line: {text: string; error?: string}; width: number}) {
	return (
		<Box flexDirection="column" width={width}>
			{line.error ? (
				<Text color={color('yellow')}>{fit(line.error, width)}</Text>
			) : (
				<Text dimColor>{fit(`enter runs, esc closes, ↑/↓ earlier lines; ${knownCommands}`, width)}</Text>
			)}
			<Text color={color('cyan')}>{fit(`:${line.text}▌`, width, 'left', 'start')}</Text>
		</Box>
	);
}

/** The filter being typed: with its hint while that fits; a long one loses its start, never the cursor (several host names fill 80 columns). */
function filterLine(typed: string, width: number): string {
	const line = `/${typed}▌`;
	const hinted = `${line}  (enter keeps the filter, esc clears it)`;
	return [...hinted].length <= width ? hinted : fit(line, width, 'left', 'start');
}
