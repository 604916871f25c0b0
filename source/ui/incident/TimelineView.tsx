// `t` on the incident screen: the whole timeline, newest last, following the newest entry until
// the operator scrolls up (j/k); esc goes back.
import React, {useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import type {IncidentRecord} from '../../core/incidents/types.js';
import {color} from '../theme.js';
import {fit} from '../text.js';
import {LineView, windowOf} from '../procedures/lines.js';
import {incidentKeyFor} from './incident-keys.js';
import {useRoutedKeys} from './key-router.js';
import {severityColor, timelineLines} from './incident-text.js';

type Props = {record: IncidentRecord; width: number; height: number; onBack(): void; onQuit(): void};

export function TimelineView({record, width, height, onBack, onQuit}: Props) {
	// undefined: follow the newest line.
	const [offset, setOffset] = useState<number>();
	const inner = width - 4;
	const lines = timelineLines(record.timeline, inner);
	// Borders, the title line, and the scroll note when it does not all fit.
	const room = Math.max(3, height - 3);
	const fits = lines.length <= room;
	const view = windowOf(lines, fits ? room : room - 1, offset ?? Number.MAX_SAFE_INTEGER);

	// Keys arrive faster than redraws ("kkk"): each scrolls from where the previous one left it.
	const shownAt = useRef(view.offset);
	shownAt.current = view.offset;
	useRoutedKeys(press => {
		const id = incidentKeyFor('timeline', press);
		if (id === 'quit') return onQuit();
		if (id === 'back') return onBack();
		if (id !== 'down' && id !== 'up') return;
		const next = Math.max(0, Math.min(lines.length - (room - 1), shownAt.current + (id === 'down' ? 1 : -1)));
		shownAt.current = next;
		// Scrolling back to the end follows new entries again.
		setOffset(next >= lines.length - (room - 1) ? undefined : next);
	});

	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="single"
			borderColor={color(severityColor(record.severity))}
			paddingX={1}
		>
			<Text bold>
				{fit(
					`Timeline of ${record.severity} ${record.title} (${record.timeline.length} entries, newest last)`,
					inner,
				)}
			</Text>
			{view.shown.map((line, i) => (
				<LineView key={i} line={line} />
			))}
			{fits ? null : (
				<LineView line={{text: `(${view.above} above, ${view.below} below: j/k scroll)`, tone: 'dim'}} />
			)}
		</Box>
	);
}
