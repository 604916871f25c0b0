// `?`: every key, in context, from the same intent table the handler uses, and why any action
// is off. Two columns, so it fits 80x24.
import React from 'react';
import {Box, Text} from 'ink';
import {actionAvailability, intents, type Intent} from '../core/intents.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import {color} from './theme.js';
import {truncate} from './text.js';

/** A screen's own keys (the incident screen's), shown in place of the console's: groups, placed in two balanced columns. */
export type HelpContext = {title: string; groups: Array<{title: string; rows: Array<{keys: string; description: string}>}>};

export function HelpScreen({width, readOnly, runnable, context}: {width: number; readOnly: boolean; runnable: ReadonlySet<ProcedureName>; context?: HelpContext}) {
	if (context) return <ContextHelp context={context} width={width} />;
	const inner = width - 4;
	const left = Math.min(48, Math.floor(inner * 0.55));
	const right = inner - left;
	const row = (intent: Intent, keyWidth: number, columnWidth: number) => (
		<Text key={intent.id} dimColor={!actionAvailability(intent, readOnly, runnable).available}>
			{truncate(`${intent.keys.padEnd(keyWidth)}${intent.description}`, columnWidth - 1)}
		</Text>
	);
	// Why actions are off, once per reason with the keys it covers, instead of on every line.
	const off = new Map<string, string[]>();
	for (const intent of intents.filter(i => i.group === 'action')) {
		const availability = actionAvailability(intent, readOnly, runnable);
		if (!availability.available) off.set(availability.reason, [...(off.get(availability.reason) ?? []), intent.keys]);
	}
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={color('cyan')} paddingX={1}>
			<Text bold>pg-ops keys{readOnly ? '  (read-only mode: actions that change things are disabled)' : ''}</Text>
			<Box>
				<Box flexDirection="column" width={left}>
					<Text> </Text>
					<Text bold color={color('cyan')}>Move around</Text>
					{intents.filter(i => i.group === 'navigation').map(i => row(i, 11, left))}
					<Text> </Text>
					<Text bold color={color('cyan')}>Look</Text>
					{intents.filter(i => i.group === 'view').map(i => row(i, 11, left))}
				</Box>
				<Box flexDirection="column" width={right}>
					<Text> </Text>
					<Text bold color={color('cyan')}>Act (runbook procedures)</Text>
					{intents.filter(i => i.group === 'action').map(i => row(i, 3, right))}
					<Text> </Text>
					{[...off].map(([reason, keys]) => (
						<Text key={reason} color={color('yellow')} wrap="wrap">{`${keys.join(' ')}: ${reason}`}</Text>
					))}
				</Box>
			</Box>
			<Text> </Text>
			<Text dimColor>esc or ? closes this help</Text>
		</Box>
	);
}

function ContextHelp({context, width}: {context: HelpContext; width: number}) {
	const inner = width - 4;
	const columns: Array<typeof context.groups> = [[], []];
	const heights = [0, 0];
	for (const group of context.groups) {
		const shorter = heights[0]! <= heights[1]! ? 0 : 1;
		columns[shorter]!.push(group);
		heights[shorter]! += group.rows.length + 2;
	}
	const keyWidth = Math.min(12, Math.max(...context.groups.flatMap(g => g.rows.map(r => r.keys.length))) + 2);
	// The left column as wide as its longest line needs, as long as the right one keeps what it needs.
	const needs = (groups: typeof context.groups) => Math.max(0, ...groups.flatMap(g => [g.title.length, ...g.rows.map(r => keyWidth + r.description.length)])) + 1;
	const columnWidth = Math.max(Math.floor(inner / 3), Math.min(inner - needs(columns[1]!), Math.max(Math.floor(inner / 2), needs(columns[0]!))));
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={color('cyan')} paddingX={1}>
			<Text bold>{truncate(context.title, inner)}</Text>
			<Box>
				{columns.map((groups, c) => (
					<Box key={c} flexDirection="column" width={c === 0 ? columnWidth : inner - columnWidth}>
						{groups.map(group => (
							<Box key={group.title} flexDirection="column">
								<Text> </Text>
								<Text bold color={color('cyan')}>{truncate(group.title, columnWidth - 1)}</Text>
								{group.rows.map(row => <Text key={`${row.keys} ${row.description}`}>{truncate(`${row.keys.padEnd(keyWidth)}${row.description}`, columnWidth - 1)}</Text>)}
							</Box>
						))}
					</Box>
				))}
			</Box>
			<Text dimColor>esc or ? closes this help</Text>
		</Box>
	);
}
