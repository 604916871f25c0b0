// One row of the maintenance list: a step or an Execute item, the selected one in inverse.
import React from 'react';
import {Text} from '../SafeText.js';
import type {MaintenanceRecord} from '../../core/maintenance/types.js';
import {LineView, type Line} from '../procedures/lines.js';
import {rowLine, type Row} from './rows.js';

export function ListRow({
	row,
	record,
	selected,
	width,
}: {
	row: Row;
	record: MaintenanceRecord;
	selected: boolean;
	width: number;
}) {
	const line = rowLine(row, record, width - 2);
	const look: Line = {text: `${selected ? '›' : ' '} ${line.text}`, tone: line.tone};
	return selected ? (
		<Text inverse wrap="truncate">
			{look.text}
		</Text>
	) : (
		<LineView line={look} />
	);
}
