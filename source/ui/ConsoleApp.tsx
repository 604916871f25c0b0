// The console: header, five panes, footer, and the screens keys open (help, details, filter,
// environment picker, a procedure's plan and progress, a fleet host's detail). It renders the
// engine's state and turns keys into intents; it never does I/O.
import React, {useEffect, useState} from 'react';
import {Box, useApp, useInput, useStdin} from 'ink';
import {intentFor, type KeyPress} from '../core/intents.js';
import {hostServiceTable} from '../core/format/fleet-host-detail.js';
import {paneIds, type PaneData, type PaneId} from '../core/panes.js';
import {gridKey} from './grid-keys.js';
import {detailScreen} from './service-detail-screen.js';
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
import {Header} from './Header.js';
import {Footer} from './Footer.js';
import {Pane} from './Pane.js';
import {HelpScreen} from './HelpScreen.js';
import {isFleet, paneLines, paneView, type PaneView} from './fleet/pane-view.js';
import {handleHostKey} from './fleet/host-keys.js';
import {useLogViewer} from './log-viewer/use-log-viewer.js';
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
import {teamActionForKey} from '../core/actions/keys.js';
import {useTeamActionForm} from './actions/use-team-action-form.js';
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

	const teamAction = useTeamActionForm(engine, () => quit());
	const form = teamAction.form;
	const openTeamAction = teamAction.open;

	const {act, commandActions} = consoleActions({
		engine,
		dispatch,
		onSwitchEnv,
		quit,
		hostsShown: () => shownHosts(engine.store.getSnapshot(), latestView.current),
		// Defined below, with the form it opens; called only once a command runs.
		openTeamAction: (name, options) => teamAction.open(name, options),
	});

	const handleKey = (press: KeyPress) => {
		// Read the latest state, not this render's: the previous key may not have been drawn yet.
		const view = latestView.current;
		const current = engine.store.getSnapshot();
		if (current.procedure) return; // its screen has the keys (a key can arrive before this handler is switched off)
		if (current.picker && engine.choosePicked) return; // the picker has its own keys
		if (dialogGuard.held()) return; // typed at a dialog that just closed: never a console command
		// A team action's inputs, over whichever screen opened them.
		if (teamAction.press(press)) return;
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
		gridKey(intent, press, {
			engine,
			state: current,
			view,
			rows: focusedRows,
			selected,
			dispatch,
			quit,
			act,
		});
	};
	// A chunk read at once ("/app-04\r" from a paste, tmux send-keys or fast typing) is the presses it
	// was, each handled in order on the screen the one before left open: none is lost, enter is enter.
	useInput(
		(input, key) => {
			for (const press of keyPresses(input, key)) handleKey(press);
		},
		{isActive: isRawModeSupported === true && !showHostKey && !procedure && !picker},
	);

	// The selected row's detail, or a fleet's merged logs (undefined: no detail screen is open).
	const detail = detailScreen(
		state,
		view,
		engine,
		selectedRow,
		{width: layout.width, height: Math.max(10, rows - 4)},
		viewer.parts,
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
	} else if (detail !== undefined) {
		body = detail;
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
