// An open maintenance window: its six steps with Execute's items under it, the selected row's
// detail, and the line where a skip reason, a note or a placeholder's value is typed. Renders the
// record from the store and hands every decision to the MaintenanceController. Every key, the
// prompts' too, comes through the console's ScreenKeys one press at a time and is routed here by
// the mode in a ref, so none is lost while a prompt appears or a chunk ("value\r") is read.
import {startOrPick} from '../procedures/start-procedure.js';
import React, {useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import {actionAvailability, intentFor, intents, procedureKeys, type KeyPress} from '../../core/intents.js';
import type {MaintenanceRecord, MaintenanceStepId} from '../../core/maintenance/types.js';
import {blockedBy} from '../../core/maintenance/record.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {MaintenanceController} from '../../engine/maintenance/controller.js';
import type {Notice} from '../../engine/store.js';
import {ContextHelp} from '../HelpScreen.js';
import {useScreenKeys, type ScreenKeys} from '../hooks/use-screen-keys.js';
import {editLine} from '../keys.js';
import {LineField} from '../LineField.js';
import {LineView} from '../procedures/lines.js';
import {color} from '../theme.js';
import {truncate} from '../text.js';
import {detailLines, titleLines} from './detail-lines.js';
import {
	maintenanceHelp,
	maintenanceHints,
	maintenanceKeyFor,
	readOnlyRefusal,
	type HintContext,
} from './maintenance-keys.js';
import {MaintenanceFooter} from './MaintenanceFooter.js';
import {ListRow} from './ListRow.js';
import {fitDetail, hintContext, skipBlockedBy} from './screen-state.js';
import {placeholderInput, placeholderKey, type PlaceholderInput} from '../runbooks/placeholder-input.js';
import {PlaceholderPrompt} from '../runbooks/PlaceholderPrompt.js';
import {useTeamActionOpener} from '../actions/team-action-context.js';
import {executeOpen, initialCursor, listRows, moveCursor, selectedRow, stepTitles} from './rows.js';

/** What is being typed, and what it is for. */
type Prompt =
	| {purpose: 'skip'; step: MaintenanceStepId}
	| {purpose: 'skipItem'; id: string; title: string}
	| {purpose: 'note'};

/** A runbook step whose placeholder values are being typed. */
type Asking = {file: string; stepId: string; title: string; input: PlaceholderInput};

/** placeholders: the values of `asking` are being typed. */
type Ui = {
	mode: 'steps' | 'typing' | 'help' | 'placeholders';
	prompt?: Prompt;
	asking?: Asking;
	draft: string;
	error?: string;
};

type Props = {
	/** The console's keys while this screen is open (one key at a time). */
	keys: ScreenKeys;
	engine: ConsoleController;
	controller: MaintenanceController;
	record: MaintenanceRecord;
	notice?: Notice;
	now: number;
	width: number;
	/** Rows for the box; the two footer lines come below it. */
	height: number;
	/** The selected row's key, kept by the console so it survives a procedure dialog. */
	cursor?: string;
	onCursor(key: string): void;
	onBack(): void;
	onQuit(): void;
};

export function MaintenanceScreen({
	keys,
	engine,
	controller,
	record,
	notice,
	now,
	width,
	height,
	cursor: given,
	onCursor,
	onBack,
	onQuit,
}: Props) {
	const cursor = given ?? initialCursor(record);
	const teamActions = engine.teamActions ?? [];
	const openTeamAction = useTeamActionOpener();
	const rows = listRows(record, controller.runbooks, cursor, openTeamAction ? teamActions : []);
	const row = selectedRow(rows, cursor);
	// Keys arrive faster than renders (a paste, "S" then a reason): each must see what the previous did.
	const ui = useRef<Ui>({mode: 'steps', draft: ''});
	const latest = useRef({record, rows, row, cursor});
	latest.current = {record, rows, row, cursor};
	const [, redraw] = useState(0);
	const set = (next: Ui) => {
		ui.current = next;
		redraw(n => n + 1);
	};
	const actionKeys = intents
		.filter(i => i.procedure && actionAvailability(i, engine.readOnly, engine.procedures).available)
		.map(i => i.keys)
		.join(' ');

	const runRow = () => {
		const {record, row} = latest.current;
		if (row.kind === 'step') {
			const state = record.steps[row.step];
			if (row.step === 'execute')
				return engine.notify(
					executeOpen(record)
						? `Execute: run procedures (${procedureKeys}) or runbook steps, add notes (a); d when it is done`
						: `Execute is ${state.status}`,
				);
			if (state.status === 'done' || state.status === 'skipped')
				return engine.notify(`${stepTitles[row.step]} is ${state.status} already; nothing was run`);
			const blocked = blockedBy(record, row.step);
			if (blocked)
				return engine.notify(`${stepTitles[row.step]} can't run yet: ${blocked}; nothing was run`, 'warning');
			return controller.runStep(row.step);
		}
		if (row.kind === 'runbook-step') {
			if (!executeOpen(record))
				return engine.notify(
					'Execute is finished: runbook steps are not taken any more; nothing was run',
					'warning',
				);
			if (row.step.kind === 'show')
				return engine.notify(`${row.step.id} is shown, never run (not a shell or SQL block)`);
			const placeholders = row.step.placeholders ?? [];
			if (placeholders.length === 0) return controller.runRunbookStep(row.runbook.file, row.step.id, {});
			return set({
				mode: 'placeholders',
				draft: '',
				asking: {
					file: row.runbook.file,
					stepId: row.step.id,
					title: `runbook: ${row.step.title}`,
					input: placeholderInput(placeholders),
				},
			});
		}
		if (row.kind === 'team-action') {
			if (!executeOpen(record))
				return engine.notify(
					"Execute is finished: the team's actions are not taken any more; nothing was run",
					'warning',
				);
			// Its inputs, plan and confirmation come from the console; the finished run lands in Execute's items.
			return openTeamAction?.(row.action.name);
		}
		if (row.kind === 'item' && row.item.status === 'pending') engine.notify('space ticks it when it is done');
	};

	const skipRow = () => {
		const {record, row} = latest.current;
		if (row.kind === 'item') {
			if (!executeOpen(record))
				return engine.notify(
					`Execute is ${record.steps.execute.status}: its items are not changed any more`,
					'warning',
				);
			if (row.item.status !== 'pending')
				return engine.notify(`${row.item.title} is ${row.item.status} already`);
			return set({
				mode: 'typing',
				draft: '',
				prompt: {purpose: 'skipItem', id: row.item.id, title: row.item.title},
			});
		}
		if (row.kind !== 'step')
			return engine.notify('S skips a step or an Execute item; select one first', 'warning');
		const blocked = skipBlockedBy(record, row.step);
		if (blocked) return engine.notify(`${stepTitles[row.step]} can't be skipped: ${blocked}`, 'warning');
		set({mode: 'typing', draft: '', prompt: {purpose: 'skip', step: row.step}});
	};

	const submit = () => {
		const {prompt, draft} = ui.current;
		const text = draft.trim();
		if (!prompt) return set({mode: 'steps', draft: ''});
		if (prompt.purpose === 'skip') {
			if (!text) return set({...ui.current, error: 'a reason is required to skip a step'});
			controller.skipStep(prompt.step, text);
			return set({mode: 'steps', draft: ''});
		}
		if (prompt.purpose === 'skipItem') {
			if (!text) return set({...ui.current, error: 'a reason is required to skip an item'});
			controller.markItem(prompt.id, 'skipped', text);
			return set({mode: 'steps', draft: ''});
		}
		if (!text) return set({...ui.current, error: 'type the note first (esc cancels)'});
		controller.addNote(text);
		return set({mode: 'steps', draft: ''});
	};

	const placeholderPress = (asking: Asking, press: KeyPress) => {
		const {input, outcome} = placeholderKey(asking.input, press);
		if (outcome === 'quit') return onQuit();
		if (outcome === 'cancel') {
			set({mode: 'steps', draft: ''});
			return engine.notify(`runbook step ${asking.stepId}: cancelled; nothing was run`);
		}
		if (outcome === 'submit') {
			set({mode: 'steps', draft: ''});
			return controller.runRunbookStep(asking.file, asking.stepId, input.values, input.masked);
		}
		set({...ui.current, asking: {...asking, input}});
	};

	const handle = (press: KeyPress) => {
		const {mode, asking} = ui.current;
		if (mode === 'placeholders' && asking) return placeholderPress(asking, press);
		const id = maintenanceKeyFor(mode === 'placeholders' ? 'steps' : mode, press);
		if (id === 'quit') return onQuit();
		if (mode === 'typing') {
			if (id === 'submit') return submit();
			if (id === 'cancel') return set({mode: 'steps', draft: ''});
			if (id === 'erase' || id === 'type')
				return set({...ui.current, draft: editLine(ui.current.draft, press), error: undefined});
			return;
		}
		if (mode === 'help') {
			if (id === 'back' || id === 'help') set({mode: 'steps', draft: ''});
			return;
		}
		const refusal = engine.readOnly ? readOnlyRefusal(id, 'steps') : undefined;
		if (refusal) return engine.notify(refusal, 'warning');
		const {record, rows, row} = latest.current;
		// The first key pins the cursor where it started (the next step to do): the step run now stays selected, its result in sight.
		if (given === undefined) onCursor(latest.current.cursor);
		switch (id) {
			case 'down':
			case 'up': {
				const next = moveCursor(rows, latest.current.cursor, id === 'down' ? 1 : -1);
				// The rows change with the cursor (Execute folds away): the next key must see the new ones.
				latest.current = {
					...latest.current,
					cursor: next,
					rows: listRows(record, controller.runbooks, next, openTeamAction ? teamActions : []),
				};
				latest.current.row = selectedRow(latest.current.rows, next);
				return onCursor(next);
			}
			case 'run':
				return runRow();
			case 'skip':
				return skipRow();
			case 'tick':
				if (row.kind === 'item' && row.item.status === 'pending')
					return controller.markItem(row.item.id, 'done');
				return engine.notify(
					row.kind === 'item'
						? `${row.item.title} is ${row.item.status} already`
						: 'space ticks an Execute item; select one first',
				);
			case 'addNote':
				if (!executeOpen(record))
					return engine.notify(
						`Execute is ${record.steps.execute.status}: no notes are taken any more`,
						'warning',
					);
				return set({mode: 'typing', draft: '', prompt: {purpose: 'note'}});
			case 'finishExecute':
				if (!executeOpen(record)) return engine.notify(`Execute is ${record.steps.execute.status} already`);
				return controller.finishExecute();
			case 'help':
				return set({mode: 'help', draft: ''});
			case 'back':
				return onBack();
		}
		// The action keys work here as on the panes; their runs land in Execute's items.
		const intent = intentFor(press);
		if (!intent?.procedure) return;
		const availability = actionAvailability(intent, engine.readOnly, engine.procedures);
		if (!availability.available)
			return engine.notify(
				`${intent.keys} ${intent.description}: ${availability.reason}; nothing was run`,
				'warning',
			);
		startOrPick(engine, intent.procedure);
	};

	useScreenKeys(keys, handle);

	const inner = width - 4;
	const {mode, prompt, draft, error} = ui.current;
	const title = titleLines(record, now, inner);
	// Border 2, title 2, the rule 1, and the input line while typing.
	const room = Math.max(6, height - 2 - title.length - 1 - (mode === 'typing' ? 1 : 0));
	const listHeight = Math.min(rows.length, Math.max(6, room - 5));
	const index = rows.findIndex(r => r.key === row.key);
	// The list scrolls to keep the selection in the middle.
	const start = Math.max(0, Math.min(rows.length - listHeight, index - Math.floor(listHeight / 2)));
	const shownRows = rows.slice(start, start + listHeight);
	const detail = fitDetail(detailLines(row, record, inner), room - listHeight);
	const asking = mode === 'placeholders' ? ui.current.asking : undefined;

	if (mode === 'help') {
		return (
			<Box flexDirection="column">
				<ContextHelp context={maintenanceHelp(actionKeys, engine.readOnly)} width={width} />
				<MaintenanceFooter
					width={width}
					notice={notice}
					hints={hintsFor(mode, hintContext(record, row, cursor, engine.readOnly), actionKeys)}
				/>
			</Box>
		);
	}
	return (
		<Box flexDirection="column">
			<Box
				flexDirection="column"
				width={width}
				height={height}
				borderStyle="single"
				borderColor={color('yellow')}
				paddingX={1}
			>
				{title.map((line, i) => (
					<LineView key={`t${i}`} line={line} />
				))}
				{asking ? (
					<PlaceholderPrompt title={asking.title} input={asking.input} width={inner} />
				) : (
					<>
						{shownRows.map(r => (
							<ListRow key={r.key} row={r} record={record} selected={r.key === row.key} width={inner} />
						))}
						<Text dimColor>{'─'.repeat(inner)}</Text>
						{detail.map((line, i) => (
							<LineView key={`d${i}`} line={line} />
						))}
					</>
				)}
				{mode === 'typing' && prompt ? (
					<PromptLine prompt={prompt} draft={draft} error={error} width={inner} />
				) : null}
			</Box>
			<MaintenanceFooter
				width={width}
				notice={notice}
				hints={
					mode === 'placeholders'
						? []
						: hintsFor(mode, hintContext(record, row, cursor, engine.readOnly), actionKeys)
				}
			/>
		</Box>
	);
}

function PromptLine({
	prompt,
	draft,
	error,
	width,
}: {
	prompt: Prompt;
	draft: string;
	error?: string;
	width: number;
}) {
	const label =
		prompt.purpose === 'skip'
			? `Why skip ${stepTitles[prompt.step]}?`
			: prompt.purpose === 'skipItem'
				? `Why skip ${truncate(prompt.title, 24)}?`
				: 'Note:';
	return <LineField label={label} value={draft} error={error} width={width} />;
}

function hintsFor(
	mode: Exclude<Ui['mode'], 'placeholders'>,
	context: HintContext,
	actionKeys: string,
): string[] {
	const hints = maintenanceHints(mode, context);
	if (mode === 'steps' && context.inExecute && context.executeOpen && actionKeys)
		hints.splice(hints.length - 2, 0, `${actionKeys} procedures`);
	return hints;
}
