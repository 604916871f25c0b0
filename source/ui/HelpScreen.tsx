// `?`: every key, in context, from the same intent table the handler uses, and why any action
// is off. Two columns, so it fits 80x24.
import React from 'react';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import {actionAvailability, intents, type Intent, type ShownChecklists} from '../core/intents.js';
import type {HelpGroup, HelpRow} from '../core/key-table.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import {color} from './theme.js';
import {useEnvLook} from './env-look.js';
import {textWidth, truncate} from './text.js';
import {wrap} from './procedures/lines.js';
import {commandNames, commandSpecs} from '../core/command-line/commands.js';
import type {ActionConfig} from '../core/actions/schema.js';
import {teamActionAvailability, teamActionHint} from '../core/actions/keys.js';

/**
 * A screen's own keys (the incident, maintenance and runbook screens'), shown in place of the
 * console's: groups, placed in two balanced columns; notes (how quitting works, what is kept) below.
 */
export type HelpContext = {title: string; groups: HelpGroup[]; notes?: string[]};

/** What the keys do on a fleet's rows (ConsoleApp, ui/fleet/fleet-keys.ts), beside the table's general descriptions. */
const fleetKeys: HelpRow[] = [
	{keys: 'enter', description: "host row: the host's detail"},
	{keys: 'enter', description: 'summary: it on every host'},
	{keys: 'r', description: 'summary: every host in turn'},
	{keys: 'r b B t s', description: "the selected row's host"},
	{keys: '/', description: 'host or service names'},
];

export function HelpScreen({
	width,
	readOnly,
	runnable,
	shown,
	context,
	fleet = false,
	teamActions = [],
}: {
	width: number;
	readOnly: boolean;
	runnable: ReadonlySet<ProcedureName>;
	/** What `i` and `m` have to show (read-only mode opens only those). */
	shown?: ShownChecklists;
	context?: HelpContext;
	fleet?: boolean;
	/** The team's actions (pg-ops.yaml): those with a key are listed under pg-ops' own. */
	teamActions?: readonly ActionConfig[];
}) {
	const {accent} = useEnvLook();
	if (context) return <ContextHelp context={context} width={width} />;
	const inner = width - 4;
	const left = Math.min(48, Math.floor(inner * 0.55));
	const right = inner - left;
	const row = (intent: Intent, keyWidth: number, columnWidth: number) => (
		<Text key={intent.id} dimColor={!actionAvailability(intent, readOnly, runnable, shown).available}>
			{truncate(`${intent.keys.padEnd(keyWidth)}${intent.description}`, columnWidth - 1)}
		</Text>
	);
	// Why actions are off, once per reason with the keys it covers, instead of on every line.
	const off = new Map<string, string[]>();
	for (const intent of intents.filter(i => i.group === 'action')) {
		const availability = actionAvailability(intent, readOnly, runnable, shown);
		if (!availability.available)
			off.set(availability.reason, [...(off.get(availability.reason) ?? []), intent.keys]);
	}
	const keyed = teamActions.filter(a => a.key !== undefined);
	for (const action of keyed) {
		const availability = teamActionAvailability(action, readOnly);
		if (!availability.available)
			off.set(availability.reason, [...(off.get(availability.reason) ?? []), action.key!]);
	}
	// The columns start right under the title, so the screen fits 80x24 (23 lines); a fleet's lines take the gap above the reasons actions are off.
	const gap = fleet ? null : <Text> </Text>;
	// Why keys are off goes on the title's line when all of it fits there (a fleet's column is full at 80x24).
	const title = `pg-ops keys${readOnly ? '  (read-only mode: actions that change things are disabled)' : ''}`;
	const offText = [...off].map(([reason, keys]) => `${keys.join(' ')}: ${reason}`).join('; ');
	const offInTitle = off.size > 0 && textWidth(title) + 2 + textWidth(offText) <= inner;
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={accent} paddingX={1}>
			<Text>
				<Text bold>{title}</Text>
				{offInTitle ? <Text color={color('yellow')}>{`  ${offText}`}</Text> : null}
			</Text>
			<Box>
				<Box flexDirection="column" width={left}>
					<Text bold color={color('cyan')}>
						Move around
					</Text>
					{intents.filter(i => i.group === 'navigation').map(i => row(i, 11, left))}
					{/* No blank line above: the `:` commands' line below takes it, and the help still fits 80x24. */}
					<Text bold color={color('cyan')}>
						Look
					</Text>
					{intents.filter(i => i.group === 'view').map(i => row(i, 11, left))}
				</Box>
				<Box flexDirection="column" width={right}>
					<Text bold color={color('cyan')}>
						Act (runbook procedures)
					</Text>
					{intents.filter(i => i.group === 'action').map(i => row(i, 3, right))}
					{keyed.length > 0 ? (
						<Text bold color={color('cyan')}>
							Act (the team's actions)
						</Text>
					) : null}
					{keyed.map(action => {
						const words = teamActionHint(action);
						return (
							<Text key={action.name} dimColor={!teamActionAvailability(action, readOnly).available}>
								{truncate(`${words.keys.padEnd(3)}${words.description}`, right - 1)}
							</Text>
						);
					})}
					{fleet ? (
						<Text bold color={color('cyan')}>
							On a fleet
						</Text>
					) : null}
					{fleet
						? fleetKeys.map(k => (
								<Text key={k.description}>{truncate(`${k.keys.padEnd(5)} ${k.description}`, right - 1)}</Text>
							))
						: null}
					{offInTitle ? null : gap}
					{[...off]
						.filter(() => !offInTitle)
						.map(([reason, keys]) => (
							<Text key={reason} color={color('yellow')} wrap="wrap">{`${keys.join(' ')}: ${reason}`}</Text>
						))}
				</Box>
			</Box>
			<Text wrap="wrap">{commandUsages}</Text>
			<Text dimColor>esc, q or ? closes this help</Text>
		</Box>
	);
}

/** The `:` commands, as they are written, on the line the `:` key's row points to ("below"). */
const commandUsages = commandNames.map(name => commandSpecs[name].usage).join('  ');

/**
 * The one renderer of a screen's own `?` help: the groups in two columns as even as they go, each
 * key's description wrapped under itself (never cut), then the notes.
 */
export function ContextHelp({context, width}: {context: HelpContext; width: number}) {
	const {accent} = useEnvLook();
	const inner = width - 4;
	const keyWidth = Math.min(
		12,
		Math.max(...context.groups.flatMap(g => g.rows.map(r => textWidth(r.keys)))) + 2,
	);
	const rowLines = (row: HelpRow, columnWidth: number) =>
		wrap(`${row.keys.padEnd(keyWidth)}${row.description}`, columnWidth - 2, ' '.repeat(keyWidth));
	const height = (group: HelpGroup, columnWidth: number) =>
		2 + group.rows.reduce((n, row) => n + rowLines(row, columnWidth).length, 0);
	// Each group to the column that is shorter so far, in order.
	const columns: HelpGroup[][] = [[], []];
	const heights = [0, 0];
	for (const group of context.groups) {
		const shorter = heights[0]! <= heights[1]! ? 0 : 1;
		columns[shorter]!.push(group);
		heights[shorter]! += height(group, Math.floor(inner / 2));
	}
	// The split that makes the taller column shortest; of those, the one nearest the middle.
	const tallest = (left: number) =>
		Math.max(
			...columns.map((groups, c) => groups.reduce((n, g) => n + height(g, c === 0 ? left : inner - left), 0)),
		);
	let columnWidth = Math.floor(inner / 2);
	for (let left = Math.floor(inner / 3); left <= inner - Math.floor(inner / 3); left++) {
		const better =
			tallest(left) - tallest(columnWidth) || Math.abs(left - inner / 2) - Math.abs(columnWidth - inner / 2);
		if (better < 0) columnWidth = left;
	}
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={accent} paddingX={1}>
			<Text bold>{truncate(context.title, inner)}</Text>
			<Box>
				{columns.map((groups, c) => {
					const own = c === 0 ? columnWidth : inner - columnWidth;
					return (
						<Box key={c} flexDirection="column" width={own}>
							{groups.map(group => (
								<Box key={group.title} flexDirection="column">
									<Text> </Text>
									<Text bold color={color('cyan')}>
										{truncate(group.title, own - 1)}
									</Text>
									{group.rows.flatMap(row =>
										rowLines(row, own).map((line, i) => (
											<Text key={`${row.keys} ${row.description} ${i}`}>{line}</Text>
										)),
									)}
								</Box>
							))}
						</Box>
					);
				})}
			</Box>
			{(context.notes ?? [])
				.flatMap(note => wrap(note, inner))
				.map((line, i) => (
					<Text key={`n${i}`}>{line}</Text>
				))}
			<Text dimColor>esc, q or ? closes this help</Text>
		</Box>
	);
}
