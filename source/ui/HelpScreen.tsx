// `?`: every key, in context, from the same intent table the handler uses, and why any action
// is off. Two columns, so it fits 80x24.
import React from 'react';
import {Box, Text} from 'ink';
import {actionAvailability, intents, type Intent} from '../core/intents.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import {color} from './theme.js';
import {truncate} from './text.js';

export function HelpScreen({width, readOnly, runnable}: {width: number; readOnly: boolean; runnable: ReadonlySet<ProcedureName>}) {
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
