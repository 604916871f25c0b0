// The console: header, five panes, footer, and the screens keys open (help, details, filter,
// environment picker, a procedure's plan and progress, a fleet host's detail). It renders the
// engine's state and turns keys into intents; it never does I/O.
import React, {useEffect, useRef, useState} from 'react';
import {Box, useApp, useInput, useStdin} from 'ink';
import {focusedPaneOf, intentFor, type KeyPress} from '../core/intents.js';
import {detailLines} from '../core/format/details.js';
import {fleetMountDetail} from '../core/format/fleet-disk.js';
import {hostServiceTable} from '../core/format/fleet-host-detail.js';
import {paneIds, type PaneData, type PaneId} from '../core/panes.js';
import type {ConsoleController} from '../engine/console-engine.js';
import {useConsoleState} from './hooks/use-console-state.js';
import {
	commandLineText,
	isHostScreen,
	overPanes,
	selectedIndex,
	shownFilter,
	useConsoleView,
} from './hooks/use-console-view.js';
import {handleCommandKey} from './command-line/command-keys.js';
import {consoleActions} from './console-actions.js';
import {hostScreen} from './fleet/host-screen.js';
import {commandContext, type CommandHistory} from './command-line/run-command.js';
import {shownHosts, useShownHosts} from './hooks/use-shown-hosts.js';
import {ScreenKeys} from './hooks/use-screen-keys.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {keyPresses} from './keys.js';
import {dialogKeyFor} from './dialog-keys.js';
import {chromeRows, gridLayout, shownPanes} from './layout.js';
import {paneSpecs} from '../core/pane-specs/registry.js';
import {Header} from './Header.js';
import {Footer} from './Footer.js';
import {Pane} from './Pane.js';
import {HelpScreen} from './HelpScreen.js';
import {isFleet, paneLines, paneView, type PaneView} from './fleet/pane-view.js';
import {fleetActionRefusal, fleetEnter, fleetProcedureOptions} from './fleet/fleet-keys.js';
import {procedureSpecs, takesService} from '../core/procedures/specs.js';
import {handleHostKey} from './fleet/host-keys.js';
import {DetailView} from './DetailView.js';
import {serviceLogParts, useLogViewer} from './log-viewer/use-log-viewer.js';
import {EnvPicker} from './EnvPicker.js';
import {HostKeyDialog} from './HostKeyDialog.js';
import {createDialogGuard, DialogGuardProvider} from './dialog-guard.js';
import {useUiClock} from './arming.js';
import {ProcedureScreen, screenKind} from './procedures/ProcedureScreen.js';
import {followedStep} from '../engine/procedure-state.js';
import {ProcedureFooter} from './procedures/ProcedureFooter.js';
import {SlotWatchBanner} from './procedures/SlotWatchBanner.js';
import {MaintenanceView} from './maintenance/MaintenanceView.js';
import {maintenanceFooterLabel} from './maintenance/progress.js';
import {IncidentDesk} from './incident/IncidentDesk.js';
import {activeIncident} from './incident/incident-text.js';
import {shownChecklists} from './shown-checklists.js';
import {EnvLookProvider} from './env-look.js';
import {teamActionAvailability, teamActionForKey} from '../core/actions/keys.js';
import {
	actionForm,
	actionFormKey,
	typedInputs,
	withProblems,
	type ActionForm,
} from './actions/action-form.js';
import {ActionFormView} from './actions/ActionFormView.js';
import {RestorePicker} from './procedures/RestorePicker.js';
import {TeamActionProvider} from './actions/team-action-context.js';

export type EnvironmentChoice = {name: string; description?: string; protected?: boolean};

type Props = {
	engine: ConsoleController;
	environments: EnvironmentChoice[];
	onSwitchEnv(name: string): void;
	onQuit(): void;
	/** The `:` lines entered this session (the root keeps it across environments); default: this console's own. */
	commandHistory?: CommandHistory;
};

export function ConsoleApp({engine, environments, onSwitchEnv, onQuit, commandHistory}: Props) {
	const state = useConsoleState(engine.store);
	const [view, dispatch, latestView] = useConsoleView();
	const {columns, rows} = useTerminalSize();
	const {isRawModeSupported} = useStdin();
	const {exit} = useApp();
	const procedure = state.procedure;
	// `b`'s backups, before anything is planned (engine/pickers.ts); a console without pickers never has one.
	const picker = engine.choosePicked ? state.picker : undefined;
	// The SLO watch after a slot switch takes a line above the panes.
	const banner =
		state.slotWatch &&
		!procedure &&
		(view.screen === 'grid' || view.screen === 'filter' || view.screen === 'command')
			? state.slotWatch
			: undefined;
	const fleet = isFleet(state);
	const views = Object.fromEntries(
		paneIds.map(id => [id, paneView(state, id, shownFilter(view, id), view.expanded)]),
	) as Record<PaneId, PaneView>;
	const shown = shownPanes(state.panes);
	const layout = gridLayout(
		columns,
		banner ? rows - 1 : rows,
		shown,
		fleet ? {servicesLines: paneLines(state.panes.services, views.services)} : undefined,
	);
	const focusedPane = state.panes[view.focus];
	const focusedRows = views[view.focus].rows;
	const selected = selectedIndex(view, focusedRows);
	const selectedRow = focusedRows[selected];
	useShownHosts(engine, state, view);
	// A refused host key takes the screen until the operator decides (or dismisses it).
	const [dismissedKey, setDismissedKey] = useState<string>();
	const uiClock = useUiClock();
	const [dialogGuard] = useState(() => createDialogGuard(uiClock.now));
	const [maintenanceKeys] = useState(() => new ScreenKeys());
	const [incidentKeys] = useState(() => new ScreenKeys());
	const [history] = useState<CommandHistory>(() => commandHistory ?? {entries: []});
	const viewer = useLogViewer(engine.logs);
	const hostKeyError = state.connection?.status === 'failed' ? state.connection.hostKeyError : undefined;
	const showHostKey = hostKeyError !== undefined && dismissedKey !== hostKeyError.fingerprint;
	const openIncident = activeIncident(state.incident);
	const incidentLabel = openIncident ? `incident ${openIncident.severity}` : undefined;
	const teamActions = engine.teamActions ?? [];
	// A team action's inputs being typed: in a ref too, so the key right after the one that opened it is the form's.
	const [form, setFormState] = useState<ActionForm>();
	const formRef = useRef<ActionForm | undefined>(undefined);
	const setForm = (next: ActionForm | undefined) => {
		formRef.current = next;
		setFormState(next);
	};

	useEffect(() => {
		engine.start();
	}, [engine]);

	const quit = () => {
		// A procedure stopped halfway leaves the system halfway: it finishes (or undoes) first. Said in `?` help.
		const running = engine.store.getSnapshot().procedure;
		if (running && running.phase !== 'done' && running.phase !== 'plan-ready') {
			if (followedStep(running) !== undefined)
				return engine.notify(`${running.label}: s stops the followed command, then q quits`, 'warning');
			engine.notify(
				`${running.label} is running: pg-ops quits only once it has finished (every step has a time limit); nothing was stopped`,
				'warning',
			);
			return;
		}
		onQuit();
		exit();
	};

	const {act, commandActions} = consoleActions({
		engine,
		dispatch,
		onSwitchEnv,
		quit,
		hostsShown: () => shownHosts(engine.store.getSnapshot(), latestView.current),
		// Defined below, with the form it opens; called only once a command runs.
		openTeamAction: (name, options) => openTeamAction(name, options),
	});

	// A team's action (its key, Mitigate, Execute): refused read-only unless it only reads; its inputs
	// typed first when it has any; the engine checks them and plans it in the procedure session.
	const openTeamAction = (name: string, options: {host?: string} = {}) => {
		const action = teamActions.find(a => a.name === name);
		if (!action || !engine.startTeamAction)
			return engine.notify(`${name}: not available in this console; nothing was run`, 'warning');
		const availability = teamActionAvailability(action, engine.readOnly);
		if (!availability.available)
			return engine.notify(
				`${action.key ? `${action.key} ` : ''}${action.name}: ${availability.reason} (it changes the system; only an action with mutates: false runs read-only); nothing was run`,
				'warning',
			);
		if (action.inputs.length === 0) return submitTeamAction(actionForm(action, options));
		setForm(actionForm(action, options));
	};
	const submitTeamAction = (typed: ActionForm) => {
		const started = engine.startTeamAction!(typed.action.name, typedInputs(typed), typed.options);
		if (started.started || typed.action.inputs.length === 0) setForm(undefined);
		else return setForm(withProblems(typed, started.problems));
		if (!started.started)
			engine.notify(`${typed.action.name}: ${started.problems.join('; ')}; nothing was run`, 'warning');
	};
	const formPress = (open: ActionForm, press: KeyPress) => {
		const {form: next, outcome} = actionFormKey(open, press);
		if (outcome === 'quit') return quit();
		if (outcome === 'cancel') {
			setForm(undefined);
			return engine.notify(`${open.action.name}: cancelled; nothing was planned or run`);
		}
		if (outcome === 'submit') return submitTeamAction(next);
		setForm(next);
	};

	const handleKey = (press: KeyPress) => {
		// Read the latest state, not this render's: the previous key may not have been drawn yet.
		const view = latestView.current;
		const current = engine.store.getSnapshot();
		if (current.procedure) return; // its screen has the keys (a key can arrive before this handler is switched off)
		if (current.picker && engine.choosePicked) return; // the picker has its own keys
		if (dialogGuard.held()) return; // typed at a dialog that just closed: never a console command
		// A team action's inputs, over whichever screen opened them.
		if (formRef.current) return formPress(formRef.current, press);
		// The incident screens get their keys from here, whole (incident/key-router.ts).
		if (view.screen === 'incident') return incidentKeys.press(press);
		const focusedRows = paneView(current, view.focus, shownFilter(view, view.focus), view.expanded).rows;
		const selected = selectedIndex(view, focusedRows);
		const selectedRow = focusedRows[selected];
		const fleet = isFleet(current);
		if (view.screen === 'filter') {
			switch (dialogKeyFor('filter', press)) {
				case 'cancel':
					return dispatch({type: 'filterClear'});
				case 'apply':
					return dispatch({type: 'filterApply'});
				case 'erase':
					return dispatch({type: 'filterBackspace'});
				case 'quit':
					return quit();
				case 'type':
					return dispatch({type: 'filterType', text: press.input});
			}
			return;
		}
		if (view.screen === 'command')
			return handleCommandKey(press, {
				view,
				history,
				dispatch,
				context: () =>
					commandContext(
						current,
						environments.map(e => e.name),
						teamActions.map(a => a.name),
					),
				actions: () => commandActions(current),
			});
		if (view.screen === 'env') return; // the picker has its own keys
		if (view.screen === 'maintenance') return maintenanceKeys.press(press); // the maintenance screen's keys, none lost while it mounts
		// A service's logs: the viewer answers its keys first; esc, q and ctrl+c stay the screen's.
		if (
			(view.screen === 'detail' || view.screen === 'hostService' || view.screen === 'fleetLogs') &&
			viewer.keys.press(press)
		)
			return;
		// A team action's key (pg-ops.yaml key:), on the panes; on a fleet the selected row's host.
		const team = view.screen === 'grid' ? teamActionForKey(teamActions, press) : undefined;
		if (team) return openTeamAction(team.name, fleet && selectedRow?.host ? {host: selectedRow.host} : {});
		const intent = intentFor(press);
		if (!intent) return;
		if (isHostScreen(view.screen) && view.host) {
			const services = hostServiceTable(
				current.panes.services.data as PaneData['services'] | undefined,
				view.host,
				current.now,
			).rows.map(r => r.service);
			return handleHostKey({intent, ctrl: press.ctrl, view, services, engine, dispatch, act, quit});
		}
		if (view.screen !== 'grid') {
			if (intent.id === 'back' || intent.id === 'help' || (intent.id === 'quit' && !press.ctrl)) {
				engine.closeDetail();
				return dispatch({type: 'close'});
			}
			if (intent.id === 'quit') return quit();
			return;
		}
		switch (intent.id) {
			case 'quit':
				return quit();
			case 'focusPane': {
				const pane = focusedPaneOf(press.input)!;
				if (!shownPanes(current.panes).includes(pane))
					return engine.notify(
						`${press.input} ${paneSpecs[pane].title}: not configured on ${current.env.name} (no ${pane} section in pg-ops.yaml)`,
						'warning',
					);
				return dispatch({type: 'focus', pane});
			}
			case 'focusNext':
				return dispatch({type: 'focusStep', by: 1, panes: shownPanes(current.panes)});
			case 'focusPrevious':
				return dispatch({type: 'focusStep', by: -1, panes: shownPanes(current.panes)});
			case 'down':
				return dispatch({type: 'move', by: 1, rows: focusedRows});
			case 'up':
				return dispatch({type: 'move', by: -1, rows: focusedRows});
			case 'help':
				return dispatch({type: 'open', screen: 'help'});
			case 'filter':
				return dispatch({type: 'open', screen: 'filter'});
			case 'command':
				return dispatch({type: 'open', screen: 'command'});
			case 'switchEnv':
				return dispatch({type: 'open', screen: 'env'});
			case 'refresh':
				engine.notify('refreshing every pane now', 'info', 'refreshed');
				return void engine.refreshNow();
			case 'back':
				// One level at a time: the filter, then a fleet's expanded healthy hosts.
				if (view.filters[view.focus]) dispatch({type: 'filterClear'});
				else if (fleet && view.focus === 'services' && view.expanded) dispatch({type: 'toggleExpanded'});
				return;
			case 'details': {
				if (!selectedRow) return;
				if (fleet && selectedRow.kind) {
					const enter = fleetEnter(selectedRow);
					if (enter.kind === 'host') return dispatch({type: 'openHost', host: enter.host});
					if (enter.kind === 'filter') return dispatch({type: 'filterSet', text: enter.text});
					// The healthy hosts take the collapsed line's place: the first of them is selected.
					if (enter.kind === 'expand')
						return dispatch({
							type: 'toggleExpanded',
							select: paneView(current, view.focus, view.filters[view.focus] || undefined, true).rows[
								selected
							],
						});
					if (enter.kind === 'none') return;
				}
				if (view.focus === 'services') void engine.showServiceLogs(selectedRow.key);
				return dispatch({type: 'open', screen: 'detail'});
			}
			default: {
				if (intent.group !== 'action') return;
				// A procedure that takes a service acts on the selected one when its pane has focus; the engine picks otherwise
				// (its default). On a fleet the selected row also names the host (or, a summary line, every host).
				const refusal =
					fleet && intent.procedure
						? fleetActionRefusal(intent.procedure, view.focus, selectedRow)
						: undefined;
				const chosen =
					fleet && intent.procedure
						? fleetProcedureOptions(intent.procedure, view.focus, selectedRow)
						: intent.procedure &&
							  takesService(intent.procedure) &&
							  view.focus === procedureSpecs[intent.procedure].servicePane &&
							  selectedRow
							? {service: selectedRow.key}
							: {};
				act(intent, chosen, refusal);
			}
		}
	};
	// A chunk read at once ("/app-04\r" from a paste, tmux send-keys or fast typing) is the presses it
	// was, each handled in order on the screen the one before left open: none is lost, enter is enter.
	useInput(
		(input, key) => {
			for (const press of keyPresses(input, key)) handleKey(press);
		},
		{isActive: isRawModeSupported === true && !showHostKey && !procedure && !picker},
	);

	let body: React.ReactNode;
	if (showHostKey) {
		body = (
			<HostKeyDialog
				error={hostKeyError}
				width={layout.width}
				onTrust={fingerprint => void engine.trustHostKey(fingerprint)}
				onDismiss={() => setDismissedKey(hostKeyError.fingerprint)}
			/>
		);
	} else if (procedure) {
		body = (
			<ProcedureScreen
				session={procedure}
				engine={engine}
				width={layout.width}
				height={Math.max(15, rows - chromeRows)}
				onQuit={quit}
			/>
		);
	} else if (picker) {
		body = (
			<RestorePicker
				picker={picker}
				width={layout.width}
				height={Math.max(10, rows - chromeRows)}
				onChoose={name => engine.choosePicked?.(name)}
				onCancel={() => {
					engine.closePicker?.();
					engine.notify(`${picker.procedure}: cancelled; no backup chosen, nothing was planned or run`);
				}}
			/>
		);
	} else if (form) {
		body = <ActionFormView form={form} width={layout.width} />;
	} else if (view.screen === 'maintenance' && engine.maintenance) {
		body = (
			<MaintenanceView
				engine={engine}
				controller={engine.maintenance}
				state={state}
				width={layout.width}
				height={Math.max(15, rows - chromeRows)}
				keys={maintenanceKeys}
				cursor={view.maintenanceCursor}
				onCursor={key => dispatch({type: 'maintenanceCursor', key})}
				onBack={() => dispatch({type: 'close'})}
				onQuit={quit}
			/>
		);
	} else if (view.screen === 'incident' && engine.incident) {
		body = (
			<IncidentDesk
				state={state}
				engine={engine}
				incidents={engine.incident}
				keys={incidentKeys}
				width={layout.width}
				height={Math.max(15, rows - chromeRows)}
				onBack={() => dispatch({type: 'close'})}
				onQuit={quit}
			/>
		);
	} else if (isHostScreen(view.screen) && view.host) {
		body = hostScreen(state, view, engine, layout.width, Math.max(10, rows - 4), viewer.parts);
	} else if (view.screen === 'help') {
		body = (
			<HelpScreen
				width={layout.width}
				readOnly={state.env.readOnly}
				runnable={engine.procedures}
				shown={shownChecklists(state)}
				fleet={fleet}
				teamActions={teamActions}
			/>
		);
	} else if (view.screen === 'env') {
		body = (
			<EnvPicker
				environments={environments}
				current={state.env.name}
				onPick={name => {
					dispatch({type: 'close'});
					if (name !== state.env.name) onSwitchEnv(name);
				}}
				onCancel={() => dispatch({type: 'close'})}
			/>
		);
	} else if (view.screen === 'fleetLogs' && state.detail) {
		body = (
			<DetailView
				title={`${state.detail.service ?? ''}: logs of ${state.detail.hosts?.length ?? 0} hosts, each line after its host`}
				lines={[]}
				logs={state.detail}
				width={layout.width}
				height={Math.max(10, rows - 4)}
				viewer={{
					...viewer.parts(
						`${state.detail.service ?? ''} logs of ${state.detail.hosts?.length ?? 0} hosts`,
						'goes back to the panes',
					),
					...serviceLogParts(engine, state.detail),
				}}
			/>
		);
	} else if (view.screen === 'detail' && selectedRow && focusedPane.data) {
		const detail =
			fleet && selectedRow.kind === 'mount'
				? fleetMountDetail(focusedPane.data as PaneData['disk'], selectedRow.key, state.now)
				: detailLines(view.focus, focusedPane.data, selectedRow.key, state.now);
		body = detail ? (
			<DetailView
				title={detail.title}
				lines={detail.lines}
				logs={view.focus === 'services' ? state.detail : undefined}
				width={layout.width}
				height={Math.max(10, rows - 4)}
				viewer={{
					...viewer.parts(`${selectedRow.key} logs`, 'goes back to the panes'),
					...serviceLogParts(engine, state.detail),
				}}
			/>
		) : null;
	} else {
		body = layout.rows.map((row, r) => (
			<Box key={r}>
				{row.map(box => (
					<Pane
						key={box.pane}
						pane={state.panes[box.pane]}
						view={views[box.pane]}
						now={state.now}
						width={box.width}
						height={box.height}
						focused={view.focus === box.pane}
						selected={view.focus === box.pane ? selected : -1}
					/>
				))}
			</Box>
		));
	}

	return (
		<DialogGuardProvider guard={dialogGuard}>
			<EnvLookProvider env={state.env}>
				<TeamActionProvider value={openTeamAction}>
					<Box flexDirection="column" width={layout.width}>
						<Header state={state} width={layout.width} />
						{banner ? <SlotWatchBanner watch={banner} width={layout.width} /> : null}
						{body}
						{procedure && !showHostKey ? (
							<ProcedureFooter width={layout.width} screen={screenKind(procedure)} notice={state.notice} />
						) : (form ||
								(view.screen === 'maintenance' && engine.maintenance) ||
								(view.screen === 'incident' && engine.incident)) &&
						  !showHostKey ? null /* their screens (and the inputs form) show their own keys */ : (
							<Footer
								width={layout.width}
								readOnly={state.env.readOnly}
								runnable={engine.procedures}
								shown={shownChecklists(state)}
								notice={state.notice}
								filterInput={view.screen === 'filter' ? view.filterDraft : undefined}
								commandLine={
									view.screen === 'command'
										? {text: commandLineText(view, history.entries), error: view.commandError}
										: undefined
								}
								labels={{maintenance: maintenanceFooterLabel(state.maintenance), incident: incidentLabel}}
								teamActions={teamActions}
								only={picker ? ['back'] : overPanes(view.screen) ? ['back', 'quit'] : undefined}
							/>
						)}
					</Box>
				</TeamActionProvider>
			</EnvLookProvider>
		</DialogGuardProvider>
	);
}
