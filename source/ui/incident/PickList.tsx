// A list to choose one thing from (a severity, a procedure, a service): j/k move, enter chooses, esc
// backs out having chosen nothing. A choice that is off says why and cannot be chosen.
import React, {useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import type {KeyPress} from '../../core/key-table.js';
import {color} from '../theme.js';
import {truncate} from '../text.js';
import {wrap, windowOf, type Line} from '../procedures/lines.js';
import {incidentKeyFor, type IncidentKeyMode} from './incident-keys.js';
import {useRoutedKeys} from './key-router.js';

export type PickItem = {
	key: string;
	label: string;
	/** A second line: shown whole (wrapped) for the selected item, cut to one line for the others. */
	detail?: string;
	/** Why it cannot be chosen (read-only mode, …). */
	off?: string;
	color?: string;
};

type Props = {
	title: string;
	items: PickItem[];
	initial?: number;
	width: number;
	/** Rows the list may take, title included. */
	height: number;
	mode: Extract<IncidentKeyMode, 'severity' | 'pick' | 'mitigate'>;
	onChoose(key: string): void;
	onBack(): void;
	onQuit(): void;
	/** Keys of this list's own (a procedure's letter): return true when handled. */
	onKey?(press: KeyPress): boolean;
};

export function PickList({
	title,
	items,
	initial = 0,
	width,
	height,
	mode,
	onChoose,
	onBack,
	onQuit,
	onKey,
}: Props) {
	const [selected, setSelected] = useState(Math.min(initial, Math.max(0, items.length - 1)));
	const latest = useRef(selected);
	const move = (by: number) => {
		latest.current = Math.max(0, Math.min(items.length - 1, latest.current + by));
		setSelected(latest.current);
	};

	// Once something is chosen, the rest of that chunk ("\r\r") chooses nothing more.
	const done = useRef(false);
	const finish = () => {
		done.current = true;
		queueMicrotask(() => (done.current = false));
	};
	useRoutedKeys(press => {
		if (done.current) return;
		const id = incidentKeyFor(mode, press);
		if (id === 'quit') return onQuit();
		if (id === 'back') {
			finish();
			return onBack();
		}
		if (id === 'down') move(1);
		else if (id === 'up') move(-1);
		else if (id === 'choose') {
			const item = items[latest.current];
			if (item && !item.off) {
				finish();
				onChoose(item.key);
			}
		} else if (onKey?.(press)) finish();
	});

	type Row = Line & {selected?: boolean; color?: string};
	const lines: Row[] = [];
	let selectedLine = 0;
	items.forEach((item, index) => {
		const isSelected = index === selected;
		if (isSelected) selectedLine = lines.length;
		const off = item.off ? `  (off: ${item.off})` : '';
		lines.push({
			text: truncate(`${isSelected ? '›' : ' '} ${item.label}${off}`, width),
			tone: item.off ? 'dim' : undefined,
			selected: isSelected,
			color: item.color,
		});
		if (item.detail) {
			const details = isSelected ? wrap(item.detail, width - 4) : [truncate(item.detail, width - 4)];
			for (const text of details) lines.push({text: `    ${text}`, tone: 'dim'});
		}
	});
	const room = Math.max(2, height - 1);
	// The selected item (and its detail) stays in view.
	const view = windowOf(lines, room, Math.max(0, selectedLine - Math.floor(room / 3)));
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				{title}
			</Text>
			{items.length === 0 ? <Text dimColor>(nothing to choose from)</Text> : null}
			{lines.slice(view.offset, view.offset + view.shown.length).map((line, i) => (
				<Text
					key={i}
					wrap="truncate"
					inverse={line.selected}
					dimColor={line.tone === 'dim'}
					color={line.color ? color(line.color) : undefined}
				>
					{line.text}
				</Text>
			))}
		</Box>
	);
}
