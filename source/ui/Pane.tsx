// One pane: its state's status and age in the border, then its table, its error, or why it is empty.
import React from 'react';
import {Text} from './SafeText.js';
import Spinner from 'ink-spinner';
import {formatDataAge} from '../core/duration.js';
import {statusWord} from '../core/format/units.js';
import {paneIds, paneTitles, type PaneState} from '../core/panes.js';
import {PaneBox} from './PaneBox.js';
import {Table} from './Table.js';
import {levelColor, statusColor, color} from './theme.js';
import {fit} from './text.js';
import type {PaneView} from './fleet/pane-view.js';

type Props = {
	pane: PaneState;
	view: PaneView;
	now: number;
	width: number;
	height: number;
	focused: boolean;
	selected: number;
};

export function Pane({pane, view, now, width, height, focused, selected}: Props) {
	const number = paneIds.indexOf(pane.id) + 1;
	const inner = width - 3; // the side borders and a space on the left
	let contentHeight = height - 2;
	const paneStatus = view.status ?? pane.status;
	const status = !pane.configured
		? 'off'
		: `${statusWord(paneStatus)}${view.statusNote ? ` ${view.statusNote}` : ''}${pane.stale ? ' STALE' : ''}`;
	const age = pane.updatedAt ? formatDataAge((now - pane.updatedAt) / 1000) : undefined;
	const lines: React.ReactNode[] = [];
	if (!pane.configured) {
		lines.push(
			<Text key="off" dimColor>
				{fit(`not configured (no ${pane.id} section)`, inner)}
			</Text>,
		);
	} else if (pane.status === 'loading' && !pane.data) {
		lines.push(
			<Text key="loading" color={color('gray')}>
				<Spinner type="dots" /> loading…
			</Text>,
		);
	}
	if (pane.error) {
		// An error may be long (a path, a command's output): give it up to two lines.
		const text = `✗ ${pane.error}`;
		const errorLines = [text.slice(0, inner), text.slice(inner, 2 * inner)].filter(Boolean);
		errorLines.slice(0, Math.max(1, contentHeight - 1)).forEach((line, i) =>
			lines.push(
				<Text key={`err${i}`} color={color('red')}>
					{fit(line, inner)}
				</Text>,
			),
		);
	}
	contentHeight -= lines.length;
	let body: React.ReactNode = null;
	if (pane.data && contentHeight > 0) {
		const {rows} = view;
		const before = view.before.slice(0, contentHeight);
		const filterLine = view.filterNote ? 1 : 0;
		const afterRoom = Math.max(0, contentHeight - before.length - filterLine - Math.max(rows.length, 0));
		const after = view.after.slice(0, afterRoom);
		const tableHeight = contentHeight - before.length - after.length - filterLine;
		body = (
			<>
				{before.map((line, i) => (
					<Text key={`b${i}`} color={levelColor(line.level)} dimColor={pane.stale}>
						{fit(line.text, inner)}
					</Text>
				))}
				{view.filterNote ? (
					<Text key="f" color={color('cyan')}>
						{fit(view.filterNote, inner)}
					</Text>
				) : null}
				<Table
					columns={view.columns}
					rows={rows}
					width={inner}
					height={tableHeight}
					selected={selected}
					focused={focused}
					dim={pane.stale}
				/>
				{after.map((line, i) => (
					<Text key={`a${i}`} dimColor>
						{fit(line.text, inner)}
					</Text>
				))}
			</>
		);
	}
	const title = view.titleNote ? `${paneTitles[pane.id]} ${view.titleNote}` : paneTitles[pane.id];
	return (
		<PaneBox
			number={number}
			title={title}
			status={status}
			statusColor={pane.stale ? color('yellow') : statusColor(paneStatus)}
			age={age}
			width={width}
			height={height}
			focused={focused}
			stale={pane.stale}
		>
			{lines}
			{body}
		</PaneBox>
	);
}
