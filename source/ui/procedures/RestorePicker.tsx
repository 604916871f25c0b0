// `b`: which backup to restore. The engine lists backups.dir and runs `gunzip -t` on each file
// (engine/pickers.ts); this draws that state (core/procedures/backup-picker.ts) and moves a cursor
// that starts on Cancel, so nothing is chosen until the operator moves to a file and presses enter.
// Enter on Cancel, esc or q restore nothing; a file whose check failed (or has not finished) cannot
// be chosen, and the line under the list says why. Only a chosen file is planned, with its own dialog.
import React, {useRef, useState} from 'react';
import {Box, useInput, useStdin} from 'ink';
import {Text} from '../SafeText.js';
import {toKeyPress} from '../keys.js';
import {dialogKeyFor} from '../dialog-keys.js';
import {color} from '../theme.js';
import {useEnvLook} from '../env-look.js';
import {useGuardOnClose} from '../dialog-guard.js';
import {fit, truncate} from '../text.js';
import {
	checkProgress,
	fileCells,
	pickerRows,
	selectableRows,
	whyNotChoosable,
	type BackupPickerState,
	type PickerRow,
} from '../../core/procedures/backup-picker.js';
import {visible} from '../../core/safe-text.js';

type Props = {
	picker: BackupPickerState;
	width: number;
	/** Lines the picker may take (the console's body). */
	height: number;
	onChoose(name: string): void;
	onCancel(): void;
};

const rowKey = (row: PickerRow) => (row.kind === 'file' ? `file:${row.file.name}` : row.kind);

/** Lines of the box that are not rows: borders, title, progress, "more below", the line under the list, hints. */
const chromeLines = 7;

export function RestorePicker({picker, width, height, onChoose, onCancel}: Props) {
	const {accent} = useEnvLook();
	const rows = pickerRows(picker);
	// The cursor is a row's key, not an index: checks finishing never move it to another file.
	const [cursor, setCursorState] = useState('cancel');
	const [said, setSaid] = useState<string>();
	// Keys can arrive before this render's handler is in place: enter acts on the row last moved to.
	const cursorRef = useRef(cursor);
	const rowsRef = useRef(rows);
	rowsRef.current = rows;
	const setCursor = (key: string) => {
		cursorRef.current = key;
		setCursorState(key);
		setSaid(undefined);
	};
	const {isRawModeSupported} = useStdin();
	useGuardOnClose();
	useInput(
		(input, key) => {
			const id = dialogKeyFor('backupPicker', toKeyPress(input, key));
			if (!id) return;
			if (id === 'cancel') return onCancel();
			const current = rowsRef.current;
			const stops = selectableRows(current);
			const at = Math.max(
				0,
				stops.findIndex(i => rowKey(current[i]!) === cursorRef.current),
			);
			if (id === 'down') return setCursor(rowKey(current[stops[Math.min(stops.length - 1, at + 1)]!]!));
			if (id === 'up') return setCursor(rowKey(current[stops[Math.max(0, at - 1)]!]!));
			if (id !== 'choose') return;
			const row = current[stops[at]!]!;
			if (row.kind !== 'file') return onCancel();
			const why = whyNotChoosable(row.file);
			if (why) return setSaid(`${visible(row.file.name, 'line')}: ${why}`);
			onChoose(row.file.name);
		},
		{isActive: isRawModeSupported === true},
	);

	const inner = width - 4;
	const shown = Math.max(3, height - chromeLines);
	const cursorIndex = Math.max(
		0,
		rows.findIndex(r => rowKey(r) === cursor),
	);
	// A window of rows around the cursor when they do not all fit.
	const first = Math.min(Math.max(0, cursorIndex - shown + 2), Math.max(0, rows.length - shown));
	const visibleRows = rows.slice(first, first + shown);
	const cells = picker.files.map(f => fileCells(f, picker.hostNow));
	const sizeWidth = Math.max(4, ...cells.map(c => c.size.length));
	const ageWidth = Math.max(6, ...cells.map(c => c.age.length));
	const checkWidth = Math.max(...cells.map(c => c.check.length), 12);
	const fixed = 2 + 2 + 2 + sizeWidth + 2 + ageWidth + 2 + checkWidth;
	const nameWidth = Math.max(8, Math.min(Math.max(...cells.map(c => c.name.length), 8), inner - fixed));

	const line = (row: PickerRow) => {
		const here = rowKey(row) === cursor;
		const pointer = here ? '> ' : '  ';
		if (row.kind === 'cancel')
			return (
				<Text key="cancel" inverse={here} bold>
					{fit(`${pointer}[ Cancel: restore nothing ]`, inner)}
				</Text>
			);
		if (row.kind === 'heading')
			return (
				<Text key="heading" dimColor>
					{fit(row.text, inner)}
				</Text>
			);
		const c = fileCells(row.file, picker.hostNow);
		const failed = row.file.check.status === 'failed';
		const text = `${pointer}${c.mark} ${fit(c.name, nameWidth)}  ${c.size.padStart(sizeWidth)}  ${c.age.padStart(ageWidth)}  ${row.safety ? 'safety dump' : c.check}`;
		return (
			<Text
				key={rowKey(row)}
				inverse={here}
				color={failed ? color('red') : undefined}
				dimColor={!here && whyNotChoosable(row.file) !== undefined}
			>
				{fit(row.safety && failed ? `${text}, FAILED gunzip -t` : text, inner)}
			</Text>
		);
	};

	const progress = checkProgress(picker);
	const status =
		picker.status === 'listing'
			? 'listing the backups on the host…'
			: picker.status === 'error'
				? `cannot list the backups: ${picker.error ?? 'unknown error'}`
				: picker.files.length === 0
					? `no backups in ${picker.dir} (${picker.pattern})`
					: progress.finished
						? `${progress.total} files, each checked with gunzip -t; ages are the host's clock${picker.notListed > 0 ? ` (${picker.notListed} older not listed)` : ''}`
						: `checking ${Math.min(progress.done + 1, progress.total)} of ${progress.total} with gunzip -t…`;
	const under = said ?? (cursor === 'cancel' ? 'nothing chosen: move to a backup, then enter' : '');
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={accent} paddingX={1}>
			<Text bold>
				{truncate(
					`Restore which backup?${picker.host ? ` (on ${picker.host})` : ''}  ${visible(picker.dir, 'line')}, newest first`,
					inner,
				)}
			</Text>
			<Text color={picker.status === 'error' ? color('red') : color('cyan')}>{truncate(status, inner)}</Text>
			{visibleRows.map(line)}
			{first + shown < rows.length ? (
				<Text dimColor>{`  … ${rows.length - first - shown} more below`}</Text>
			) : null}
			<Text color={said ? color('yellow') : undefined} dimColor={!said}>
				{truncate(under, inner)}
			</Text>
			<Text dimColor>
				{truncate('j/k move  enter plan the restore of it (confirmed next)  esc cancel', inner)}
			</Text>
		</Box>
	);
}
