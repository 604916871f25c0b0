// The runbook screen's one entry: render it on the alternate screen over an engine the mode built,
// and leave the terminal as it was found.
import React from 'react';
import {render} from 'ink';
import type {ConsoleEngine} from '../../engine/console-engine.js';
import {RunbookApp} from './RunbookApp.js';

const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

export async function runRunbookScreen(engine: ConsoleEngine): Promise<void> {
	const useAltScreen = process.stdout.isTTY === true;
	if (useAltScreen) process.stdout.write('\x1b[?1049h\x1b[H');
	// A closed terminal (SIGHUP) or a SIGTERM while a step runs must not abandon it: the step ends at its
	// next safe point (its lock released, its result written), then pg-ops exits. With the terminal gone,
	// drawing fails: that must not take the step down either.
	const ignore = () => {};
	let stopping = false;
	let app: ReturnType<typeof render> | undefined;
	const onSignal = (signal: (typeof signals)[number]) => {
		if (stopping) return;
		stopping = true;
		void engine.interruptProcedure(signal).finally(() => app?.unmount());
	};
	const listeners = signals.map(signal => [signal, () => onSignal(signal)] as const);
	for (const [signal, listener] of listeners) process.on(signal, listener);
	process.stdout.on('error', ignore);
	try {
		app = render(<RunbookApp engine={engine} />, {exitOnCtrlC: false, patchConsole: true});
		await app.waitUntilExit();
	} finally {
		for (const [signal, listener] of listeners) process.off(signal, listener);
		if (useAltScreen) process.stdout.write('\x1b[?1049l');
	}
}
