// `i` with an incident open: its severity, age and response clock, the checklist walked by keys,
// the latest timeline entries, and the small inputs and lists each step opens. It renders the
// record from the store and hands everything to the IncidentController or the console's engine.
import React, {useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import {actionAvailability, intentFor, intents} from '../../core/intents.js';
import type {PaneState} from '../../core/panes.js';
import type {ProcedureName} from '../../core/procedures/plan.js';
import {takesService} from '../../core/procedures/specs.js';
import {incidentSteps, type IncidentRecord, type IncidentStepId} from '../../core/incidents/types.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {IncidentController} from '../../engine/incident/controller.js';
import type {ConsoleState} from '../../engine/store.js';
import {DetailView} from '../DetailView.js';
import {serviceLogParts, useLogViewer} from '../log-viewer/use-log-viewer.js';
import {HelpScreen} from '../HelpScreen.js';
import {color, levelColor} from '../theme.js';
import {fit} from '../text.js';
import {LineView, type Line} from '../procedures/lines.js';
import {incidentHelp, incidentKeyFor, type IncidentKeyMode} from './incident-keys.js';
import {latestLines, severityColor, targetText} from './incident-text.js';
import {IncidentFooter} from './IncidentFooter.js';
import {useRoutedKeys} from './key-router.js';
import {LineInput} from './LineInput.js';
import {PickList, type PickItem} from './PickList.js';
import {IncidentChecklist} from './IncidentChecklist.js';
import {mitigateItems} from './mitigate-items.js';
import {startOrPick} from '../procedures/start-procedure.js';
import {typingTexts, typingWords, type Typing} from './typing-words.js';
import {TimelineView} from './TimelineView.js';
import {notTicked} from '../../core/incidents/record.js';
import {teamActionForKey} from '../../core/actions/keys.js';
import {useTeamActionOpener} from '../actions/team-action-context.js';

type Mode =
	| {kind: 'checklist'}
	| {kind: 'typing'; purpose: Typing; openedBy?: string}
	| {kind: 'mitigate'}
	| {kind: 'pickService'; procedure: ProcedureName}
	| {kind: 'investigate'}
	| {kind: 'severity'}
	| {kind: 'timeline'}
	| {kind: 'logs'; service: string}
	| {kind: 'help'};

type Props = {
	record: IncidentRecord;
	state: ConsoleState;
	engine: ConsoleController;
	incidents: IncidentController;
	width: number;
	height: number;
	onBack(): void;
	onQuit(): void;
	/** document's summary: the desk closes the incident and shows where the review went. */
	onClose(summary: string): void;
};

/** Said in the `?` help of all three checklist screens, in their words. */
const backAndQuit =
	'esc, and q where it is not typed, back out one level: the checklist to the panes, where q quits; ctrl+c quits from anywhere. The incident stays open.';

/** What enter on a step does to the record: mitigate (procedures, each refused read-only) and investigate (logs, only shown read-only) change nothing by themselves. */
const changesTheRecord: Record<IncidentStepId, boolean> = {
	assess: true,
	communicate: true,
	mitigate: false,
	investigate: false,
	resolve: true,
	document: true,
};

// The selected step survives the screen being replaced for a while (a procedure's screens, the panes).
const selectedSteps = new Map<string, number>();

export function IncidentScreen({
	record,
	state,
	engine,
	incidents,
	width,
	height,
	onBack,
	onQuit,
	onClose,
}: Props) {
	const [mode, setModeState] = useState<Mode>({kind: 'checklist'});
	const modeRef = useRef(mode);
	const firstOpen = incidentSteps.findIndex(step => !record.checklist[step].done);
	const [selected, setSelectedState] = useState(selectedSteps.get(record.id) ?? Math.max(0, firstOpen));
	const selectedRef = useRef(selected);
	const [status, setStatus] = useState<Line>();
	// Keys arrive faster than React redraws: each key must see what the previous one did.
	const setMode = (next: Mode) => {
		modeRef.current = next;
		setModeState(next);
	};
	const select = (index: number) => {
		selectedRef.current = Math.max(0, Math.min(incidentSteps.length - 1, index));
		selectedSteps.set(record.id, selectedRef.current);
		setSelectedState(selectedRef.current);
	};
	const back = () => setMode({kind: 'checklist'});
	const openTeamAction = useTeamActionOpener();
	const teamActions = openTeamAction ? (engine.teamActions ?? []) : [];
	// A team's action from Mitigate: its inputs, plan and confirmation come from the console; the run is recorded here.
	const startTeamAction = (name: string) => {
		back();
		openTeamAction?.(name);
	};
	const services = (state.panes.services as PaneState<'services'>).data?.items ?? [];

	const refuseReadOnly = () =>
		engine.notify(
			`read-only mode: the incident can be looked at, not changed (nothing is ticked, noted, posted or closed); run pg-ops without --read-only to work it`,
			'warning',
		);

	const work = (step: IncidentStepId, openedBy: string) => {
		const done = record.checklist[step].done;
		switch (step) {
			case 'assess':
				// The first tick attaches a snapshot of every pane; once ticked, enter takes a fresh one.
				if (done) incidents.snapshot();
				else incidents.tick('assess', true);
				return setStatus({text: 'a snapshot of every pane is attached to the timeline', tone: 'ok'});
			case 'communicate':
				return setMode({kind: 'typing', purpose: 'message', openedBy});
			case 'mitigate':
				return setMode({kind: 'mitigate'});
			case 'investigate':
				return setMode({kind: 'investigate'});
			case 'resolve':
				if (!done) incidents.tick('resolve', true);
				return;
			case 'document':
				return setMode({kind: 'typing', purpose: 'summary', openedBy});
		}
	};

	// Investigate's logs are the log viewer: it answers its keys first (esc and q stay this screen's).
	const viewer = useLogViewer(engine.logs);
	useRoutedKeys(press => {
		const current = modeRef.current;
		if (current.kind === 'logs' && viewer.keys.press(press)) return;
		if (current.kind === 'logs' || current.kind === 'help') {
			const id = incidentKeyFor('logs', press);
			if (id === 'quit') return onQuit();
			if (id === 'back' || (current.kind === 'help' && !press.ctrl && press.input === '?')) {
				if (current.kind === 'logs') engine.closeDetail();
				back();
			}
			return;
		}
		// A key before this one opened a view with keys of its own (a note's line, a list): this one is that view's.
		if (current.kind !== 'checklist') return false;
		const id = incidentKeyFor('checklist', press);
		const step = incidentSteps[selectedRef.current]!;
		if (id === 'quit') return onQuit();
		if (id === 'back') return onBack();
		if (id === 'down') select(selectedRef.current + 1);
		else if (id === 'up') select(selectedRef.current - 1);
		// Read-only: refused before a line is typed or a list opens (the desk refuses them anyway).
		else if (engine.readOnly && (id === 'tick' || id === 'note' || id === 'severity')) refuseReadOnly();
		else if (engine.readOnly && id === 'work' && changesTheRecord[step]) refuseReadOnly();
		else if (id === 'tick') incidents.tick(step, !record.checklist[step].done);
		else if (id === 'work') work(step, press.input);
		else if (id === 'note') setMode({kind: 'typing', purpose: 'note', openedBy: press.input});
		else if (id === 'timeline') setMode({kind: 'timeline'});
		else if (id === 'severity') setMode({kind: 'severity'});
		else if (id === 'help') setMode({kind: 'help'});
	}, ['checklist', 'logs', 'help'].includes(mode.kind));

	const submit = async (purpose: Typing, text: string) => {
		back();
		if (purpose === 'note') return incidents.note(text);
		if (purpose === 'message') {
			setStatus({text: 'posting…', tone: 'dim'});
			const before = engine.store.getSnapshot().incident?.timeline.length ?? 0;
			try {
				await incidents.communicate(text);
				// The outcome is what the engine recorded: posted, or why it could not be.
				const recorded = engine.store
					.getSnapshot()
					.incident?.timeline.slice(before)
					.reverse()
					.find(e => e.kind === 'message');
				const notice = engine.store.getSnapshot().notice;
				setStatus({
					text: recorded?.text ?? notice?.text ?? 'message recorded',
					tone: notice?.level === 'error' || notice?.level === 'warning' ? 'warn' : 'ok',
				});
			} catch (error) {
				setStatus({text: `not posted: ${(error as Error).message}`, tone: 'bad'});
			}
			return;
		}
		onClose(text);
	};

	const startProcedure = (name: ProcedureName) => {
		const intent = intents.find(i => i.procedure === name)!;
		const availability = actionAvailability(intent, engine.readOnly, engine.procedures);
		if (!availability.available)
			return engine.notify(
				`${intent.keys} ${intent.description}: ${availability.reason}; nothing was run`,
				'warning',
			);
		// A procedure that takes a service asks which first.
		if (takesService(name)) return setMode({kind: 'pickService', procedure: name});
		back();
		startOrPick(engine, name);
	};

	if (mode.kind === 'timeline') {
		return (
			<>
				<TimelineView record={record} width={width} height={height} onBack={back} onQuit={onQuit} />
				<IncidentFooter width={width} mode="timeline" notice={state.notice} />
			</>
		);
	}
	if (mode.kind === 'logs') {
		return (
			<>
				<DetailView
					title={`investigate ${mode.service}: recent logs (recorded in the timeline)`}
					lines={[]}
					logs={state.detail}
					width={width}
					height={height}
					viewer={{
						...viewer.parts(`${mode.service} logs`, 'goes back to the checklist'),
						...serviceLogParts(engine, state.detail),
					}}
				/>
				<IncidentFooter width={width} mode="logs" notice={state.notice} />
			</>
		);
	}
	if (mode.kind === 'help') {
		return (
			<>
				<HelpScreen
					width={width}
					readOnly={state.env.readOnly}
					runnable={engine.procedures}
					context={{title: 'Incident screen keys', groups: incidentHelp(), notes: [backAndQuit]}}
				/>
				<IncidentFooter width={width} mode="logs" notice={state.notice} />
			</>
		);
	}

	const inner = width - 4;
	const sev = color(severityColor(record.severity));
	// Borders, two title lines, a blank, the six steps, a blank, the status line.
	const bottomRows = Math.max(3, height - 2 - 2 - 1 - incidentSteps.length - 1 - (status ? 1 : 0));
	const serviceItems: PickItem[] = services.map(s => ({
		key: s.name,
		label: `${fit(s.name, 22)} ${s.state}${s.detail ? ` (${s.detail})` : ''}`,
		color: levelColor(s.level),
	}));
	const troubled = Math.max(
		0,
		services.findIndex(s => s.level !== 'ok'),
	);
	const list = (props: {
		title: string;
		items: PickItem[];
		initial?: number;
		mode: 'pick' | 'mitigate';
		onChoose(key: string): void;
	}) => (
		<PickList
			key={mode.kind}
			{...props}
			width={inner}
			height={bottomRows}
			onBack={back}
			onQuit={onQuit}
			onKey={
				props.mode === 'mitigate'
					? press => {
							const procedure = intentFor(press)?.procedure;
							if (procedure) startProcedure(procedure);
							const team = procedure ? undefined : teamActionForKey(teamActions, press);
							if (team) startTeamAction(team.name);
							return procedure !== undefined || team !== undefined;
						}
					: undefined
			}
		/>
	);

	let bottom: React.ReactNode;
	let footerMode: IncidentKeyMode = 'checklist';
	let submitLabel: string | undefined;
	switch (mode.kind) {
		case 'typing': {
			footerMode = 'typing';
			const said = typingWords(mode.purpose, incidents.webhookConfigured, notTicked(record));
			submitLabel = said.submit;
			bottom = (
				<>
					<LineInput
						label={typingTexts[mode.purpose].label}
						width={inner}
						openedBy={mode.openedBy}
						onSubmit={text => void submit(mode.purpose, text)}
						onCancel={back}
						onQuit={onQuit}
					/>
					{said.warning && <Text color={color('yellow')}>{said.warning}</Text>}
					<Text dimColor>{said.explain}</Text>
				</>
			);
			break;
		}
		case 'mitigate':
			footerMode = 'mitigate';
			bottom = list({
				title: 'Mitigate: run a procedure (its plan and confirmation come first)',
				mode: 'mitigate',
				items: mitigateItems(engine, teamActions),
				onChoose: key =>
					key.startsWith('action:')
						? startTeamAction(key.slice('action:'.length))
						: startProcedure(key as ProcedureName),
			});
			break;
		case 'pickService': {
			const procedure = mode.procedure;
			const verb = intents.find(i => i.procedure === procedure)?.hint ?? procedure;
			footerMode = 'pick';
			bottom = list({
				title: `${verb[0]!.toUpperCase()}${verb.slice(1)} which service?`,
				items: serviceItems,
				initial: troubled,
				mode: 'pick',
				onChoose: service => {
					back();
					engine.startProcedure(procedure, {service});
				},
			});
			break;
		}
		case 'investigate':
			footerMode = 'pick';
			bottom = list({
				title: 'Investigate: whose recent logs?',
				items: serviceItems,
				initial: troubled,
				mode: 'pick',
				onChoose: service => {
					setMode({kind: 'logs', service});
					incidents
						.investigate(service)
						.catch((error: Error) => engine.notify(`logs of ${service}: ${error.message}`, 'error'));
				},
			});
			break;
		case 'severity':
			footerMode = 'pick';
			bottom = list({
				title: 'Severity: the response target moves with it',
				items: incidents.severities.map(s => ({
					key: s.severity,
					label: `${s.severity}  ${fit(s.name, 12)} ${targetText(s)}`,
					detail: s.definition,
					color: severityColor(s.severity),
				})),
				initial: Math.max(
					0,
					incidents.severities.findIndex(s => s.severity === record.severity),
				),
				mode: 'pick',
				onChoose: severity => {
					back();
					incidents.setSeverity(severity as IncidentRecord['severity']);
				},
			});
			break;
		case 'checklist':
			bottom = (
				<>
					<Text bold>Latest</Text>
					{latestLines(record.timeline, bottomRows - 1, inner).map((line, i) => (
						<LineView key={i} line={line} />
					))}
				</>
			);
	}

	return (
		<>
			<Box
				flexDirection="column"
				width={width}
				height={height}
				borderStyle="double"
				borderColor={sev}
				paddingX={1}
			>
				<IncidentChecklist
					record={record}
					now={state.now}
					selected={selected}
					walking={mode.kind === 'checklist'}
				/>
				<Text> </Text>
				{status ? <LineView line={{...status, text: fit(status.text, inner)}} /> : null}
				{bottom}
			</Box>
			<IncidentFooter width={width} mode={footerMode} notice={state.notice} submit={submitLabel} />
		</>
	);
}
