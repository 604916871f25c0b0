// `?`: every key, in context, from the same intent table the handler uses, with why an action is off.
import React from 'react';
import {Box, Text} from 'ink';
import {actionAvailability, intents} from '../core/intents.js';
import {color} from './theme.js';

const groups = [
	['navigation', 'Move around'],
	['view', 'Look'],
	['action', 'Act (runbook procedures)'],
] as const;

export function HelpScreen({width, readOnly}: {width: number; readOnly: boolean}) {
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={color('cyan')} paddingX={1}>
			<Text bold>pg-ops keys{readOnly ? '  (read-only mode: actions are disabled)' : ''}</Text>
			{groups.map(([group, title]) => (
				<Box key={group} flexDirection="column" marginTop={1}>
					<Text bold color={color('cyan')}>{title}</Text>
					{intents.filter(i => i.group === group).map(intent => {
						const availability = actionAvailability(intent, readOnly);
						return (
							<Text key={intent.id} dimColor={!availability.available} wrap="truncate">
								{intent.keys.padEnd(12)}{intent.description}
								{availability.available ? '' : ` (${availability.reason})`}
							</Text>
						);
					})}
				</Box>
			))}
			<Text dimColor>{'\n'}esc or ? closes this help</Text>
		</Box>
	);
}
