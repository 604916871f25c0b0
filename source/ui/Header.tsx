// The top line: environment (loudly when protected), transport, slot and version, read-only, data age.
import React from 'react';
import {Box, Text} from 'ink';
import {formatAge} from '../core/duration.js';
import {slotText} from '../core/format/status-text.js';
import type {ConsoleState} from '../engine/store.js';
import {color} from './theme.js';

export function Header({state, width}: {state: ConsoleState; width: number}) {
	const {env, slot} = state;
	const refreshed = state.lastRefreshAt ? `refreshed ${formatAge((state.now - state.lastRefreshAt) / 1000)} ago` : 'first refresh…';
	return (
		<Box width={width} justifyContent="space-between">
			<Text wrap="truncate">
				<Text bold>pg-ops </Text>
				<Text bold inverse={env.protected} color={env.protected ? color('red') : color('cyan')}>
					{` ${env.name} `}
				</Text>
				{env.protected ? <Text color={color('red')} bold> PROTECTED</Text> : null}
				<Text> {env.hostLabel} ({env.transport})</Text>
				{slot ? <Text color={slot.error ? color('yellow') : undefined}>  slot {slotText(slot)}</Text> : null}
				{env.readOnly ? <Text color={color('yellow')} bold>  READ-ONLY</Text> : null}
				<Text dimColor>  {refreshed}{state.refreshing ? ' ·' : ''}</Text>
			</Text>
			<Text dimColor> ? help</Text>
		</Box>
	);
}
