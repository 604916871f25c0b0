// The screen of an open procedure session, by phase: planning, the plan to confirm, then progress
// and result. Renders the session from the store and hands the operator's answers to the engine.
import React from 'react';
import {Box, useInput, useStdin} from 'ink';
import type {ConsoleController} from '../../engine/console-engine.js';
import {followedStep, type ProcedureSession} from '../../engine/procedure-state.js';
import {toKeyPress} from '../keys.js';
import {color} from '../theme.js';
import {useEnvLook} from '../env-look.js';
import {ConfirmDialog} from './ConfirmDialog.js';
import {LineView} from './lines.js';
import {phaseLine} from './progress-lines.js';
import {procedureKeyFor, type ProcedureScreenKind} from './procedure-keys.js';
import {ProgressView} from './ProgressView.js';

type Props = {
	session: ProcedureSession;
	engine: ConsoleController;
	width: number;
	height: number;
	onQuit(): void;
};

export function ProcedureScreen({session, engine, width, height, onQuit}: Props) {
	if (session.phase === 'planning')
		return <PlanningView session={session} width={width} onCancel={() => engine.cancelProcedure()} />;
	if (session.phase === 'plan-ready' && session.plan && session.confirm) {
		// A new key for the second confirmation: the dialog opens afresh, on Cancel, unarmed.
		return (
			<ConfirmDialog
				key={`${session.id}-${session.confirm.given}`}
				plan={session.plan}
				confirm={session.confirm}
				width={width}
				height={height}
				onConfirm={typed => engine.confirmProcedure(typed)}
				onCancel={() => engine.cancelProcedure()}
			/>
		);
	}
	return (
		<ProgressView
			key={session.id}
			session={session}
			width={width}
			height={height}
			onClose={() => engine.closeProcedure()}
			onQuit={onQuit}
			onStop={() => engine.stopProcedureStep()}
			logs={engine.logs}
		/>
	);
}

function PlanningView({
	session,
	width,
	onCancel,
}: {
	session: ProcedureSession;
	width: number;
	onCancel(): void;
}) {
	const {accent} = useEnvLook();
	const {isRawModeSupported} = useStdin();
	useInput(
		(input, key) => {
			if (procedureKeyFor('planning', toKeyPress(input, key)) === 'cancel') onCancel();
		},
		{isActive: isRawModeSupported === true},
	);
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={accent} paddingX={1}>
			<LineView line={{text: session.label, tone: 'title'}} />
			<LineView line={phaseLine(session)} />
		</Box>
	);
}

/** Which keys the screen of this session answers to (for the hint line). */
export function screenKind(session: ProcedureSession): ProcedureScreenKind {
	if (session.phase === 'planning') return 'planning';
	if (session.phase === 'plan-ready') return session.confirm?.typed ? 'confirm-typed' : 'confirm';
	if (session.phase === 'done') return 'done';
	return followedStep(session) === undefined ? 'running' : 'following';
}
