// A window that was just closed: when, how long, and its summary (every step with its skip reason,
// the items executed) and where the summary file is. j/k scroll, n starts a new one, esc goes back.
import React, {useRef, useState} from 'react';
import {Box} from 'ink';
import type {MaintenanceRecord} from '../../core/maintenance/types.js';
import type {Notice} from '../../engine/store.js';
import {useScreenKeys, type ScreenKeys} from '../hooks/use-screen-keys.js';
import {LineView} from '../procedures/lines.js';
import {color} from '../theme.js';
import {closedLines, titleLines} from './detail-lines.js';
import {maintenanceHints, maintenanceKeyFor, readOnlyRefusal} from './maintenance-keys.js';
import {MaintenanceFooter} from './MaintenanceFooter.js';

type Props = {
	keys: ScreenKeys;
	record: MaintenanceRecord;
	notice?: Notice;
	now: number;
	width: number;
	height: number;
	/** Read-only mode: n is refused at once, with `onRefused`, before a title is asked for. */
	readOnly: boolean;
	onRefused(message: string): void;
	onNewWindow(): void;
	onBack(): void;
	onQuit(): void;
};

export function ClosedWindow({
	keys,
	record,
	notice,
	now,
	width,
	height,
	readOnly,
	onRefused,
	onNewWindow,
	onBack,
	onQuit,
}: Props) {
	const [offset, setOffset] = useState(0);
	const inner = width - 4;
	const title = titleLines(record, now, inner);
	const lines = closedLines(record, inner);
	const room = Math.max(4, height - 2 - title.length - 1);
	const max = Math.max(0, lines.length - room);
	// n opens the new window's title: the rest of that chunk is typed there (StartPrompt takes the keys once drawn).
	const leaving = useRef(false);
	useScreenKeys(keys, press => {
		if (leaving.current) return false;
		const id = maintenanceKeyFor('closed', press);
		if (id === 'quit') return onQuit();
		if (id === 'back') return onBack();
		const refusal = readOnly ? readOnlyRefusal(id, 'closed') : undefined;
		if (refusal) return onRefused(refusal);
		if (id === 'newWindow') {
			leaving.current = true;
			return onNewWindow();
		}
		if (id === 'down') setOffset(o => Math.min(max, o + 1));
		if (id === 'up') setOffset(o => Math.max(0, o - 1));
	});
	const start = Math.min(offset, max);
	return (
		<Box flexDirection="column">
			<Box
				flexDirection="column"
				width={width}
				height={height}
				borderStyle="single"
				borderColor={color('green')}
				paddingX={1}
			>
				{title.map((line, i) => (
					<LineView key={`t${i}`} line={line} />
				))}
				<LineView
					line={{
						text:
							max > 0
								? `Summary (j/k scroll, ${start + 1}-${start + Math.min(room, lines.length)} of ${lines.length})`
								: 'Summary',
						tone: 'title',
					}}
				/>
				{lines.slice(start, start + room).map((line, i) => (
					<LineView key={`l${i}`} line={line} />
				))}
			</Box>
			<MaintenanceFooter
				width={width}
				notice={notice}
				hints={maintenanceHints('closed', {row: 'none', readOnly})}
			/>
		</Box>
	);
}
