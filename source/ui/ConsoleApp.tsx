// The console: header, five panes, footer, and the screens keys open (help, details, filter,
// environment picker). It renders the engine's state and turns keys into intents; it never does I/O.
import React, {useEffect, useState} from 'react';
import {Box, useApp, useInput, useStdin} from 'ink';
import {actionAvailability, intentFor} from '../core/intents.js';
import {detailLines} from '../core/format/details.js';
import {paneIds, type PaneId} from '../core/panes.js';
import type {ConsoleController} from '../engine/console-engine.js';
import {useConsoleState} from './hooks/use-console-state.js';
import {useConsoleView} from './hooks/use-console-view.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {toKeyPress} from './keys.js';
import {gridLayout} from './layout.js';
import {Header} from './Header.js';
import {Footer} from './Footer.js';
import {Pane, filteredRows} from './Pane.js';
import {HelpScreen} from './HelpScreen.js';
import {DetailView} from './DetailView.js';
import {EnvPicker} from './EnvPicker.js';
import {HostKeyDialog} from './HostKeyDialog.js';

export type EnvironmentChoice = {name: string; description?: string; protected?: boolean};

type Props = {engine: ConsoleController; environments: EnvironmentChoice[]; onSwitchEnv(name: string): void; onQuit(): void};

export function ConsoleApp({engine, environments, onSwitchEnv, onQuit}: Props) {
	const state = useConsoleState(engine.store);
	const [view, dispatch, latestView] = useConsoleView();
	const {columns, rows} = useTerminalSize();
	const {isRawModeSupported} = useStdin();
	const {exit} = useApp();
	const layout = gridLayout(columns, rows);
	const focusedPane = state.panes[view.focus];
	const focusedRows = filteredRows(focusedPane, state.now, view.filters[view.focus]);
	const selectedIndex = Math.min(view.selected[view.focus], Math.max(0, focusedRows.length - 1));
	const selectedRow = focusedRows[selectedIndex];
	// A refused host key takes the screen until the operator decides (or dismisses it).
	const [dismissedKey, setDismissedKey] = useState<string>();
	const hostKeyError = state.connection?.status === 'failed' ? state.connection.hostKeyError : undefined;
	const showHostKey = hostKeyError !== undefined && dismissedKey !== hostKeyError.fingerprint;

	useEffect(() => {
		engine.start();
	}, [engine]);

	const quit = () => {
		onQuit();
		exit();
	};

	useInput((input, key) => {
		const press = toKeyPress(input, key);
		// Read the latest state, not this render's: the previous key may not have been drawn yet.
		const view = latestView.current;
		const current = engine.store.getSnapshot();
		const focusedRows = filteredRows(current.panes[view.focus], current.now, view.filters[view.focus]);
		const selectedRow = focusedRows[Math.min(view.selected[view.focus], Math.max(0, focusedRows.length - 1))];
		if (view.screen === 'filter') {
			if (press.escape) return dispatch({type: 'filterClear'});
			if (press.return) return dispatch({type: 'filterApply'});
			if (press.backspace) return dispatch({type: 'filterBackspace'});
			if (press.ctrl && press.input === 'c') return quit();
			if (!press.ctrl && input && !/[\u0000-\u001f]/.test(input)) dispatch({type: 'filterType', text: input});
			return;
		}
		if (view.screen === 'env') return; // the picker has its own keys
		const intent = intentFor(press);
		if (!intent) return;
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
			case 'focusPane':
				return dispatch({type: 'focus', pane: paneIds[Number(press.input) - 1]!});
			case 'focusNext':
				return dispatch({type: 'focusStep', by: 1});
			case 'focusPrevious':
				return dispatch({type: 'focusStep', by: -1});
			case 'down':
				return dispatch({type: 'move', by: 1, rowCount: focusedRows.length});
			case 'up':
				return dispatch({type: 'move', by: -1, rowCount: focusedRows.length});
			case 'help':
				return dispatch({type: 'open', screen: 'help'});
			case 'filter':
				return dispatch({type: 'open', screen: 'filter'});
			case 'switchEnv':
				return dispatch({type: 'open', screen: 'env'});
			case 'refresh':
				engine.notify('refreshing every pane now');
				return void engine.refreshNow();
			case 'back':
				if (view.filters[view.focus]) dispatch({type: 'filterClear'});
				return;
			case 'details':
				if (!selectedRow) return;
				if (view.focus === 'services') void engine.showServiceLogs(selectedRow.key);
				return dispatch({type: 'open', screen: 'detail'});
			default: {
				const availability = actionAvailability(intent, engine.readOnly);
				// Nothing runs from these keys yet: say so rather than pretend.
				if (!availability.available) engine.notify(`${intent.keys} ${intent.description}: ${availability.reason}; nothing was run`, 'warning');
			}
		}
	}, {isActive: isRawModeSupported === true && !showHostKey});

	let body: React.ReactNode;
	if (showHostKey) {
		body = <HostKeyDialog error={hostKeyError} width={layout.width} onTrust={fingerprint => void engine.trustHostKey(fingerprint)} onDismiss={() => setDismissedKey(hostKeyError.fingerprint)} />;
	} else if (view.screen === 'help') {
		body = <HelpScreen width={layout.width} readOnly={state.env.readOnly} />;
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
	} else if (view.screen === 'detail' && selectedRow && focusedPane.data) {
		const detail = detailLines(view.focus, focusedPane.data, selectedRow.key, state.now);
		body = detail ? <DetailView title={detail.title} lines={detail.lines} logs={view.focus === 'services' ? state.detail : undefined} width={layout.width} height={Math.max(10, rows - 4)} /> : null;
	} else {
		body = layout.rows.map((row, r) => (
			<Box key={r}>
				{row.map(box => (
					<Pane
						key={box.pane}
						pane={state.panes[box.pane]}
						now={state.now}
						width={box.width}
						height={box.height}
						focused={view.focus === box.pane}
						selected={view.focus === box.pane ? selectedIndex : -1}
						filter={view.filters[box.pane as PaneId] || undefined}
					/>
				))}
			</Box>
		));
	}

	return (
		<Box flexDirection="column" width={layout.width}>
			<Header state={state} width={layout.width} />
			{body}
			<Footer width={layout.width} readOnly={state.env.readOnly} notice={state.notice} filterInput={view.screen === 'filter' ? view.filterDraft : undefined} />
		</Box>
	);
}
