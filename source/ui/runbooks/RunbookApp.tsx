// `pg-ops runbook FILE.md` in a terminal: one line saying where steps run, then the runbook's
// checklist, or, while one of its steps is open, the procedure screens (plan, confirmation,
// progress, result) the console uses. Renders the engine's store; quitting waits for a running step.
import React, {useState} from 'react';
import {Box, useApp, useInput, useStdin} from 'ink';
import {Text} from '../SafeText.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {RunbookController} from '../../engine/runbooks/runbook-view.js';
import type {ConsoleState} from '../../engine/store.js';
import {useConsoleState} from '../hooks/use-console-state.js';
import {ScreenKeys} from '../hooks/use-screen-keys.js';
import {keyPresses} from '../keys.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {ProcedureFooter} from '../procedures/ProcedureFooter.js';
import {ProcedureScreen, screenKind} from '../procedures/ProcedureScreen.js';
import {textWidth, truncate} from '../text.js';
import {color} from '../theme.js';
import {EnvLookProvider, useEnvLook} from '../env-look.js';
import {RunbookScreen} from './RunbookScreen.js';

type Props = {engine: ConsoleController & {readonly runbook: RunbookController}; onQuit?(): void};

/** Header and footer lines, and the one row Ink needs to stay below the terminal's height. */
const chrome = 4;

export function RunbookApp({engine, onQuit}: Props) {
	const state = useConsoleState(engine.store);
	const {columns, rows} = useTerminalSize();
	const {exit} = useApp();
	const width = Math.max(40, columns);
	const height = Math.max(12, rows - chrome);
	// Kept here: the checklist is unmounted while a step's procedure screens show, and comes back on the same step.
	const [selectedId, setSelectedId] = useState<string>();
	// The checklist's keys come from here, always listening, so none is lost while it (or its prompt) is drawn.
	const [keys] = useState(() => new ScreenKeys());
	const {isRawModeSupported} = useStdin();
	useInput(
		(input, key) => {
			for (const press of keyPresses(input, key)) {
				if (engine.store.getSnapshot().procedure) return; // a step's procedure screens have the keys from here on
				keys.press(press);
			}
		},
		{isActive: isRawModeSupported === true && !state.procedure},
	);

	const quit = () => {
		// A step stopped halfway leaves the system halfway: it finishes first (every step has a time limit).
		const open = engine.store.getSnapshot().procedure;
		if (open && open.phase !== 'done' && open.phase !== 'plan-ready') {
			engine.notify(
				`${open.label} is running: pg-ops quits once it has finished; nothing was stopped`,
				'warning',
			);
			return;
		}
		onQuit?.();
		exit();
	};

	let body: React.ReactNode;
	if (state.procedure) {
		body = (
			<>
				<ProcedureScreen
					session={state.procedure}
					engine={engine}
					width={width}
					height={height}
					onQuit={quit}
				/>
				<ProcedureFooter width={width} screen={screenKind(state.procedure)} notice={state.notice} />
			</>
		);
	} else if (state.runbook) {
		body = (
			<RunbookScreen
				key={state.runbook.file}
				keys={keys}
				view={state.runbook}
				controller={engine.runbook}
				readOnly={state.env.readOnly}
				width={width}
				height={height}
				notice={state.notice}
				notify={(text, level) => engine.notify(text, level)}
				onQuit={quit}
				selectedId={selectedId}
				onSelect={setSelectedId}
			/>
		);
	} else {
		body = <Text>opening the runbook…</Text>;
	}
	return (
		<EnvLookProvider env={state.env}>
			<Box flexDirection="column" width={width}>
				<RunbookHeader state={state} width={width} />
				{body}
			</Box>
		</EnvLookProvider>
	);
}

function RunbookHeader({state, width}: {state: ConsoleState; width: number}) {
	const {env} = state;
	const {accent} = useEnvLook();
	const where = env.transport === 'local' ? 'runs locally' : `runs on ${env.hostLabel} over ssh`;
	const flags = `${env.protected ? ' PROTECTED' : ''}${env.readOnly ? ' READ-ONLY' : ''}`;
	const fixed = textWidth(`pg-ops  ${env.name} ${flags}`);
	const rest = truncate(
		`  ${where}  ·  runbook ${state.runbook?.runbook?.title ?? state.runbook?.file ?? ''}`,
		Math.max(0, width - fixed),
	);
	return (
		<Text wrap="truncate">
			<Text bold>pg-ops </Text>
			<Text bold inverse color={accent}>{` ${env.name} `}</Text>
			{env.protected ? (
				<Text color={color('red')} bold>
					{' '}
					PROTECTED
				</Text>
			) : null}
			{env.readOnly ? (
				<Text color={color('yellow')} bold>
					{' '}
					READ-ONLY
				</Text>
			) : null}
			<Text>{rest}</Text>
		</Text>
	);
}
