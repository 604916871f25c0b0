// The top line: environment (loudly when protected), where commands run (a fleet: its hosts by
// status), slot and version, read-only, and data age. One line whatever the width: a fleet's parts
// take their short forms first, then the least important parts are cut.
import React from 'react';
import {Text} from './SafeText.js';
import {formatDataAge} from '../core/duration.js';
import {slotText} from '../core/format/status-text.js';
import {fleetHostsText, fleetSlotText} from '../core/format/fleet-text.js';
import type {ConsoleState} from '../engine/store.js';
import {color} from './theme.js';
import {useEnvLook} from './env-look.js';
import {truncate, textWidth} from './text.js';
import {maintenanceBadge} from './maintenance/progress.js';
import {activeIncident, badgeText, severityColor} from './incident/incident-text.js';

export function Header({state, width}: {state: ConsoleState; width: number}) {
	const {env, slot} = state;
	const {accent} = useEnvLook();
	const age = state.lastRefreshAt ? formatDataAge((state.now - state.lastRefreshAt) / 1000) : undefined;
	const refreshed =
		age === undefined ? 'first refresh…' : age === 'now' ? 'refreshed just now' : `refreshed ${age} ago`;
	const fleet = env.hostCount > 1 ? state.fleet : undefined;
	const where = (short: boolean) =>
		fleet
			? fleetHostsText(fleet, short)
			: env.transport === 'local'
				? 'local'
				: `${env.hostLabel} (ssh${env.hostCount > 1 ? '' : connectionNote(state)})`;
	const slotPart = (short: boolean) =>
		!slot ? '' : `  slot ${env.hostCount > 1 ? fleetSlotText(slot, short) : slotText(slot)}`;
	const name = ` ${env.name} `;
	const flags = `${env.protected ? ' PROTECTED' : ''}${env.readOnly ? ' READ-ONLY' : ''}`;
	const helpHint = '  ? help';
	// An open maintenance window is always in sight: "MAINT 23m 3/6".
	const maint = maintenanceBadge(state.maintenance, state.now);
	const badge = maint ? ` ${maint} ` : '';
	// An open incident is loud on every screen: "INCIDENT P2 14m" in its severity's colour (the word says it without colour).
	const incident = activeIncident(state.incident);
	const incidentBadge = incident ? ` ${badgeText(incident, state.now)} ` : '';
	const fixed =
		textWidth('pg-ops ') +
		textWidth(name) +
		textWidth(flags) +
		(badge ? 1 + textWidth(badge) : 0) +
		(incidentBadge ? 1 + textWidth(incidentBadge) : 0) +
		textWidth(helpHint);
	const room = Math.max(0, width - fixed);
	const full = `  ${where(false)}${slotPart(false)}  ${refreshed}`;
	const rest = truncate(
		textWidth(full) <= room ? full : `  ${where(true)}${slotPart(true)}  ${refreshed}`,
		room,
	);
	const pad = ' '.repeat(Math.max(0, width - fixed - textWidth(rest)));
	return (
		<Text wrap="truncate">
			<Text bold>pg-ops </Text>
			<Text bold inverse color={accent}>
				{name}
			</Text>
			{env.protected ? (
				<Text color={color('red')} bold>
					{' '}
					PROTECTED
				</Text>
			) : null}
			{env.readOnly ? (
				<Text color={color('yellow')} bold>
					{' '}
					READ-ONLY
				</Text>
			) : null}
			{incident ? (
				<Text>
					{' '}
					<Text bold inverse color={color(severityColor(incident.severity))}>
						{incidentBadge}
					</Text>
				</Text>
			) : null}
			{badge ? (
				<Text>
					{' '}
					<Text bold inverse color={color('yellow')}>
						{badge}
					</Text>
				</Text>
			) : null}
			<Text color={troubled(state) ? color('red') : slot?.error ? color('yellow') : undefined}>{rest}</Text>
			<Text dimColor>
				{pad}
				{helpHint}
			</Text>
		</Text>
	);
}

// The connection's trouble in a few words; the panes' errors carry the details.
function connectionNote(state: ConsoleState): string {
	const c = state.connection;
	if (!c || c.status === 'connected' || c.status === 'idle') return '';
	if (c.status === 'connecting') return ', connecting…';
	if (c.status === 'reconnecting') {
		const wait = c.nextRetryAt ? Math.max(0, Math.round((c.nextRetryAt - state.now) / 1000)) : 0;
		return `, RECONNECTING: try ${c.attempt}${wait ? ` in ${wait}s` : ''}`;
	}
	return c.hostKeyError ? ', HOST KEY REFUSED' : ', DISCONNECTED';
}

function troubled(state: ConsoleState): boolean {
	// A fleet: any host that cannot be reached (the first host's connection is only one of many).
	if (state.env.hostCount > 1) return state.fleet?.hosts.some(h => h.status === 'unreachable') ?? false;
	return state.connection !== undefined && ['reconnecting', 'failed'].includes(state.connection.status);
}
