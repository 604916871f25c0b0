// What `m` opens: the title of a new window when none is open, the open window's screen, or the
// summary of the window just closed.
import React, {useState} from 'react';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {MaintenanceController} from '../../engine/maintenance/controller.js';
import type {ConsoleState} from '../../engine/store.js';
import type {ScreenKeys} from '../hooks/use-screen-keys.js';
import {ClosedWindow} from './ClosedWindow.js';
import {MaintenanceScreen} from './MaintenanceScreen.js';
import {StartPrompt} from './StartPrompt.js';

type Props = {
	engine: ConsoleController;
	controller: MaintenanceController;
	state: ConsoleState;
	width: number;
	/** Rows for the screen's box; its two footer lines come below it. */
	height: number;
	/** The console's keys while this screen is open. */
	keys: ScreenKeys;
	cursor?: string;
	onCursor(key: string): void;
	onBack(): void;
	onQuit(): void;
};

export function MaintenanceView({
	engine,
	controller,
	state,
	width,
	height,
	keys,
	cursor,
	onCursor,
	onBack,
	onQuit,
}: Props) {
	const record = state.maintenance;
	const [starting, setStarting] = useState(false);
	if (!record || (record.closedAt && starting)) {
		return (
			<StartPrompt
				keys={keys}
				env={state.env.name}
				notice={state.notice}
				width={width}
				height={height}
				onStart={title => {
					setStarting(false);
					controller.start(title);
				}}
				onBack={onBack}
				onQuit={onQuit}
			/>
		);
	}
	if (record.closedAt)
		return (
			<ClosedWindow
				keys={keys}
				record={record}
				notice={state.notice}
				now={state.now}
				width={width}
				height={height}
				readOnly={engine.readOnly}
				onRefused={message => engine.notify(message, 'warning')}
				onNewWindow={() => setStarting(true)}
				onBack={onBack}
				onQuit={onQuit}
			/>
		);
	return (
		<MaintenanceScreen
			keys={keys}
			engine={engine}
			controller={controller}
			record={record}
			notice={state.notice}
			now={state.now}
			width={width}
			height={height}
			cursor={cursor}
			onCursor={onCursor}
			onBack={onBack}
			onQuit={onQuit}
		/>
	);
}
