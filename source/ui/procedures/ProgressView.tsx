// A procedure running and its result: a spinner on the running step only, each step's status,
// command, output and checks, the diagnosis of a failure, and at the end what state the system is
// in. Follows the newest line unless the operator scrolls up; a followed command (journalctl -f)
// streams its output here until the operator stops it with s. A plan over many hosts shows the
// count of hosts done and the current host (fleet-progress-lines.ts).
import React, {useState} from 'react';
import {Box, useInput, useStdin} from 'ink';
import {followedStep, type ProcedureSession} from '../../engine/procedure-state.js';
import {toKeyPress} from '../keys.js';
import {color} from '../theme.js';
import {LineView, windowOf, wrapped, type Line} from './lines.js';
import {fleetCountLines, fleetStepLines, isFleetSession} from './fleet-progress-lines.js';
import {phaseLine, resultLines, stepLines, stepOutputLines} from './progress-lines.js';
import {LogViewer} from '../log-viewer/LogViewer.js';
import {useLogViewer} from '../log-viewer/use-log-viewer.js';
import type {LogController} from '../../engine/log-actions.js';
import {escOrQ} from '../keys.js';
import {procedureKeyFor} from './procedure-keys.js';

type Props = {
	session: ProcedureSession;
	width: number;
	height: number;
	onClose(): void;
	onQuit(): void;
	onStop(): void;
	/** The engine's save and copy for the log viewer (`o`). */
	logs?: LogController;
};

export function ProgressView({session, width, height, onClose, onQuit, onStop, logs}: Props) {
	// undefined: follow the newest line.
	const [offset, setOffset] = useState<number>();
	// `o`: every step's whole output in the log viewer; esc comes back.
	const [viewing, setViewing] = useState(false);
	const viewer = useLogViewer(logs);
	const viewerParts = viewer.parts(
		`${session.plan?.title ?? session.label} output`,
		'goes back to the steps',
	);
	const {isRawModeSupported} = useStdin();
	const inner = width - 4;
	const head: Line[] = [
		...wrapped(`${session.plan?.title ?? session.label} on ${session.plan?.env ?? ''}`, inner, 'title'),
		phaseLine(session),
	];
	if (session.autoConfirmed)
		head.push(...wrapped(`confirmed by pg-ops itself: ${session.autoConfirmed}`, inner, 'warn'));
	if (session.note && session.phase !== 'done') head.push(...wrapped(session.note, inner, 'warn'));
	// Many hosts: the count stays on screen, and only the current host's steps are shown in full.
	const fleet = isFleetSession(session);
	if (fleet) head.push(...fleetCountLines(session, inner));
	const body = [
		...(fleet ? fleetStepLines(session, inner) : stepLines(session.steps, inner)),
		...(session.result ? resultLines(session.result, inner) : []),
	];
	const room = Math.max(3, height - 2 - head.length);
	const fits = body.length <= room;
	const view = windowOf(body, fits ? room : room - 1, offset ?? Number.MAX_SAFE_INTEGER);
	const screen =
		session.phase === 'done' ? 'done' : followedStep(session) === undefined ? 'running' : 'following';

	useInput(
		(input, key) => {
			const press = toKeyPress(input, key);
			if (viewing) {
				if (viewer.keys.press(press)) return;
				if (escOrQ(press)) return setViewing(false);
			}
			const id = procedureKeyFor(screen, press);
			if (id === 'output') return setViewing(true);
			if (id === 'scrollUp' || id === 'scrollDown') {
				const next = view.offset + (id === 'scrollDown' ? 1 : -1);
				return setOffset(view.below <= 1 && id === 'scrollDown' ? undefined : Math.max(0, next));
			}
			if (id === 'close') return onClose();
			if (id === 'stop') return onStop();
			if (id === 'quit') onQuit();
		},
		{isActive: isRawModeSupported === true},
	);

	const done = session.result;
	const border = !done
		? 'cyan'
		: done.outcome === 'succeeded'
			? 'green'
			: done.outcome === 'failed-undone' || done.outcome === 'refused'
				? 'yellow'
				: 'red';
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="single"
			borderColor={color(border)}
			paddingX={1}
		>
			{head.map((line, i) => (
				<LineView key={`h${i}`} line={line} />
			))}
			{viewing ? (
				<LogViewer
					{...viewerParts}
					// While a step is followed, s stops it: the viewer leaves s to this screen.
					onSave={screen === 'following' ? undefined : viewerParts.onSave}
					buffer={{lines: stepOutputLines(session.steps)}}
					width={inner}
					height={Math.max(3, height - 2 - head.length)}
					empty="(no output yet)"
				/>
			) : null}
			{viewing ? null : view.shown.map((line, i) => <LineView key={i} line={line} />)}
			{fits || viewing ? null : (
				<LineView line={{text: `(${view.above} above, ${view.below} below: ↑↓ scroll)`, tone: 'dim'}} />
			)}
		</Box>
	);
}
