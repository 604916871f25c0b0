// What `i` opens: the dialog that opens an incident when none is open, the incident's screen when
// one is, and, once it is closed, where its review was written.
import React, {useState} from 'react';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {IncidentController} from '../../engine/incident/controller.js';
import type {ConsoleState} from '../../engine/store.js';
import {ClosedView} from './ClosedView.js';
import {activeIncident} from './incident-text.js';
import {IncidentScreen} from './IncidentScreen.js';
import type {ScreenKeys} from '../hooks/use-screen-keys.js';
import {KeyRouteContext} from './key-router.js';
import {OpenIncidentDialog} from './OpenIncidentDialog.js';

/** keys: where the console's input handler sends the keys while these screens show (key-router.ts). */
type Props = {
	state: ConsoleState;
	engine: ConsoleController;
	incidents: IncidentController;
	keys: ScreenKeys;
	width: number;
	height: number;
	onBack(): void;
	onQuit(): void;
};

export function IncidentDesk({keys, ...props}: Props) {
	return (
		<KeyRouteContext.Provider value={keys}>
			<IncidentViews {...props} />
		</KeyRouteContext.Provider>
	);
}

function IncidentViews({state, engine, incidents, width, height, onBack, onQuit}: Omit<Props, 'keys'>) {
	// Set from the summary's enter until the review is written (or the close failed and the incident is still open).
	const [closing, setClosing] = useState<{title: string; path?: string}>();
	const record = activeIncident(state.incident);
	const close = async (summary: string) => {
		const title = `${record!.severity} ${record!.title}`;
		setClosing({title});
		try {
			setClosing({title, path: await incidents.close({summary})});
		} catch (error) {
			setClosing(undefined);
			engine.notify(`the incident was not closed: ${(error as Error).message}`, 'error');
		}
	};
	if (closing && (closing.path || !record))
		return (
			<ClosedView
				title={closing.title}
				path={closing.path}
				width={width}
				height={height}
				notice={state.notice}
				onBack={onBack}
				onQuit={onQuit}
			/>
		);
	if (record) {
		return (
			<IncidentScreen
				key={record.id}
				record={record}
				state={state}
				engine={engine}
				incidents={incidents}
				width={width}
				height={height}
				onBack={onBack}
				onQuit={onQuit}
				onClose={summary => void close(summary)}
			/>
		);
	}
	return (
		<OpenIncidentDialog
			env={state.env.name}
			severities={incidents.severities}
			now={state.now}
			width={width}
			height={height}
			notice={state.notice}
			onOpen={input => incidents.open(input)}
			onCancel={onBack}
			onQuit={onQuit}
		/>
	);
}
