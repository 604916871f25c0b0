// A small table for Ink: fixed-width cells, one growing column, truncation with "…", a selected
// row, and a window that follows the selection. (ink-table cannot load under Ink 4+; see docs/ARCHITECTURE.md.)
import React from 'react';
import {Text} from './SafeText.js';
import type {Column, Row} from '../core/format/pane-table.js';
import {levelColor} from './theme.js';
import {fit, textWidth} from './text.js';

/** span: the row's last cell runs to the end of the line (a fleet's summary or host line); the cells before it keep their columns. */
export type TableRow = Row & {span?: boolean};

type Props = {
	columns: Column[];
	rows: TableRow[];
	width: number;
	height: number;
	selected?: number;
	focused: boolean;
	dim?: boolean;
};

// Cells whose colour follows the row's level: the symbol and the state words.
const coloredColumns = new Set(['', 'state', 'health', '%']);

export function columnWidths(columns: Column[], rows: TableRow[], width: number): number[] {
	const gaps = columns.length - 1;
	// A spanning cell takes whatever is left, so it does not widen its column.
	const natural = columns.map((c, i) =>
		Math.max(
			c.min ?? 0,
			...rows.map(r => (r.span && i >= r.cells.length - 1 ? 0 : textWidth(r.cells[i] ?? ''))),
		),
	);
	const growIndex = columns.findIndex(c => c.grow);
	const fixed = natural.reduce((sum, w, i) => (i === growIndex ? sum : sum + w), 0);
	const widths = [...natural];
	if (growIndex >= 0)
		widths[growIndex] = Math.max(
			columns[growIndex]!.min ?? 1,
			Math.min(natural[growIndex]!, width - gaps - fixed),
		);
	// Still too wide: take room from the right-most columns first (least important by convention).
	let excess = widths.reduce((a, b) => a + b, 0) + gaps - width;
	for (let i = widths.length - 1; i >= 0 && excess > 0; i--) {
		const floor = i === growIndex ? Math.min(4, widths[i]!) : 0;
		const take = Math.min(excess, widths[i]! - floor);
		widths[i]! -= take;
		excess -= take;
	}
	return widths;
}

export function Table({columns, rows, width, height, selected, focused, dim}: Props) {
	if (height <= 0) return null;
	const widths = columnWidths(columns, rows, width);
	// Keep the selected row in view.
	const overflow = rows.length > height;
	const visible = overflow ? height - 1 : height;
	const start =
		selected === undefined
			? 0
			: Math.min(Math.max(0, selected - visible + 1), Math.max(0, rows.length - visible));
	const shown = rows.slice(start, start + visible);
	return (
		<>
			{shown.map((row, offset) => {
				const index = start + offset;
				const isSelected = focused && index === selected;
				return (
					<Text key={row.key} inverse={isSelected} dimColor={dim} wrap="truncate">
						{row.cells.map((cell, i) => {
							if (row.span && i === row.cells.length - 1) {
								const used = widths.slice(0, i).reduce((sum, w) => sum + (w > 0 ? w + 1 : 0), 0);
								const color = !isSelected ? levelColor(row.level) : undefined;
								return (
									<Text key={i} color={color}>
										{fit(cell, Math.max(0, width - used))}
									</Text>
								);
							}
							if (widths[i] === 0) return null;
							const text =
								fit(cell, widths[i]!, columns[i]!.align, columns[i]!.cut) +
								(i < row.cells.length - 1 ? ' ' : '');
							// A selected row is inverted as a whole; colours inside it would break the bar.
							const color =
								!isSelected && !row.offTarget && coloredColumns.has(columns[i]!.title)
									? levelColor(row.level)
									: undefined;
							return (
								<Text key={i} color={color}>
									{text}
								</Text>
							);
						})}
					</Text>
				);
			})}
			{overflow && (
				<Text dimColor>
					{fit(`  ${rows.length - visible} more (j/k to scroll, enter for details)`, width)}
				</Text>
			)}
		</>
	);
}
