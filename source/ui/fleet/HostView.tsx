// One host of a fleet in full: its status, connection, release, last answer and batch time, what is
// wrong, then every service (the selected one is what enter and r act on) and every mount.
import React from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import {hostFacts} from '../../core/format/fleet-text.js';
import {hostMountTable, hostServiceTable} from '../../core/format/fleet-host-detail.js';
import {hostLevel} from '../../core/format/fleet-hosts.js';
import type {FleetHost} from '../../core/fleet/types.js';
import type {PaneData} from '../../core/panes.js';
import type {ConsoleState} from '../../engine/store.js';
import {Table} from '../Table.js';
import {color, levelColor} from '../theme.js';
import {useEnvLook} from '../env-look.js';
import {fit} from '../text.js';
import {wrap} from '../procedures/lines.js';

type Props = {state: ConsoleState; host: string; selected: number; width: number; height: number};

const labelWidth = 13;
/** At 80x24 that leaves the services and mounts their lines. */
const errorLines = 4;

export function HostView({state, host: name, selected, width, height}: Props) {
	const {accent} = useEnvLook();
	const inner = width - 4;
	const host: FleetHost = state.fleet?.hosts.find(h => h.name === name) ?? {
		name,
		label: name,
		status: 'loading',
		level: 'ok',
		problems: [],
	};
	const services = hostServiceTable(
		state.panes.services.data as PaneData['services'] | undefined,
		name,
		state.now,
	);
	const mounts = hostMountTable(state.panes.disk.data as PaneData['disk'] | undefined, name);
	// Slots configured: the header's slot reading is there (state.slot), or the host reported its release.
	const facts = hostFacts(host, state.now, state.slot !== undefined);
	// The error is what the operator came for: wrapped under its label (up to a few lines), never cut to one.
	const factLines = facts.flatMap(([label, value]) => {
		const lines = label === 'error' ? wrap(value, inner - labelWidth).slice(0, errorLines) : [value];
		return lines.map((text, i) => ({
			key: `${label}${i}`,
			label: i === 0 ? label : '',
			text,
			error: label === 'error',
		}));
	});
	// Borders, title, the two headings and the key line; services get the room, mounts at least a few lines.
	const room = Math.max(2, height - 2 - 1 - factLines.length - 3);
	const mountRoom = Math.min(Math.max(1, mounts.rows.length), Math.max(1, Math.floor(room / 3)));
	const serviceRoom = Math.max(1, room - mountRoom);
	const level = hostLevel(host);
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="single"
			borderColor={accent}
			paddingX={1}
		>
			<Text bold wrap="truncate">
				{`host ${name}  `}
				<Text color={levelColor(level)}>{host.status === 'ok' ? 'ok' : host.status.toUpperCase()}</Text>
			</Text>
			{factLines.map(line => (
				<Text key={line.key} wrap="truncate" color={line.error ? color('red') : undefined}>
					<Text dimColor>{line.label.padEnd(labelWidth)}</Text>
					{line.text}
				</Text>
			))}
			<Text bold color={color('cyan')}>
				{fit(`Services (${services.rows.length})`, inner)}
			</Text>
			{services.rows.length > 0 ? (
				<Table
					columns={services.columns}
					rows={services.rows}
					width={inner}
					height={serviceRoom}
					selected={Math.min(selected, services.rows.length - 1)}
					focused
				/>
			) : (
				<Text dimColor>
					{fit(
						host.status === 'ok' || host.status === 'warning' || host.status === 'critical'
							? 'no services reported'
							: 'no reading from this host yet',
						inner,
					)}
				</Text>
			)}
			<Text bold color={color('cyan')}>
				{fit(`Mounts (${mounts.rows.length})`, inner)}
			</Text>
			{mounts.rows.length > 0 ? (
				<Table columns={mounts.columns} rows={mounts.rows} width={inner} height={mountRoom} focused={false} />
			) : (
				<Text dimColor>{fit('no mounts reported', inner)}</Text>
			)}
			<Box flexGrow={1} />
			<Text dimColor>
				{fit('j/k select  enter logs  r restart here  b t s on this host  ? keys  esc back', inner)}
			</Text>
		</Box>
	);
}
