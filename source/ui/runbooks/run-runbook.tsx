// The runbook screen's one entry: render it on the alternate screen over an engine the mode built,
// and leave the terminal as it was found.
import React from 'react';
import {render} from 'ink';
import type {ConsoleEngine} from '../../engine/console-engine.js';
import {RunbookApp} from './RunbookApp.js';
import {finishOnSignals} from '../finish-on-signals.js';

export async function runRunbookScreen(engine: ConsoleEngine): Promise<void> {
	const useAltScreen = process.stdout.isTTY === true;
	if (useAltScreen) process.stdout.write('\x1b[?1049h\x1b[H');
	let app: ReturnType<typeof render> | undefined;
	const stopListening = finishOnSignals(
		() => engine,
		() => app?.unmount(),
	);
	try {
		app = render(<RunbookApp engine={engine} />, {exitOnCtrlC: false, patchConsole: true});
		await app.waitUntilExit();
	} finally {
		stopListening();
		if (useAltScreen) process.stdout.write('\x1b[?1049l');
	}
}
