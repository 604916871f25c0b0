// A small driver over ink-testing-library so UI tests read like the user:
// press('x'); expectScreen('3 stuck'). Key codes and waits live here only.
import React from 'react';
import {render} from 'ink-testing-library';
import {expect} from 'vitest';
import {ConsoleApp, type EnvironmentChoice} from '../../source/ui/ConsoleApp.js';
import {FixtureController} from '../fixtures/console-state.js';
import {dialogArmDelayMs, inputArmDelayMs, UiClockProvider} from '../../source/ui/arming.js';
import {testUiClock} from './test-ui-clock.js';
import {inputListening, settleInk} from './ink-settle.js';

const keyCodes: Record<string, string> = {
	enter: '\r',
	escape: '\u001b',
	tab: '\t',
	'shift+tab': '\u001b[Z',
	down: '\u001b[B',
	up: '\u001b[A',
	right: '\u001b[C',
	left: '\u001b[D',
	backspace: '\u007f',
	'ctrl+r': '\u0012',
	'ctrl+c': '\u0003',
	'ctrl+t': '\u0014',
	'ctrl+d': '\u0004',
	'ctrl+u': '\u0015',
	pgup: '\u001b[5~',
	pgdn: '\u001b[6~',
};

/** `element`: another root over the same controller (the runbook screen) instead of the console. */
export async function openConsole(
	options: {
		controller?: FixtureController;
		columns?: number;
		rows?: number;
		environments?: EnvironmentChoice[];
		element?(controller: FixtureController, onQuit: () => void): React.ReactElement;
		/** Holds the UI clock from the first frame: arming happens only when the test moves it. */
		holdClock?: boolean;
	} = {},
) {
	const controller = options.controller ?? new FixtureController();
	const switched: string[] = [];
	let quit = false;
	const onQuit = () => (quit = true);
	const clock = testUiClock();
	if (options.holdClock) clock.hold();
	const app = render(
		<UiClockProvider clock={clock}>
			{options.element ? (
				options.element(controller, onQuit)
			) : (
				<ConsoleApp
					engine={controller}
					environments={options.environments ?? [{name: 'staging'}, {name: 'prod', protected: true}]}
					onSwitchEnv={name => switched.push(name)}
					onQuit={onQuit}
				/>
			)}
		</UiClockProvider>,
	);
	// Ink reads input asynchronously and renders on later turns: wait until it stops drawing.
	const settle = () => settleInk(app.stdout);
	const write = async (key: string) => {
		await inputListening(app.stdin);
		app.stdin.write(keyCodes[key] ?? key);
	};
	if (options.columns || options.rows) {
		if (options.columns)
			Object.defineProperty(app.stdout, 'columns', {value: options.columns, configurable: true});
		if (options.rows) Object.defineProperty(app.stdout, 'rows', {value: options.rows, configurable: true});
		app.stdout.emit('resize');
	}
	await settle();
	await inputListening(app.stdin);
	const driver = {
		controller,
		/** The UI's arming clock: real time, moved ahead by waitForArming, waitForDialogGuard and armInput, or held. */
		clock,
		switched,
		get quit() {
			return quit;
		},
		screen: () => app.lastFrame() ?? '',
		frameCount: () => app.frames.length,
		async press(...keys: string[]) {
			for (const key of keys) {
				await write(key);
				await settle();
			}
			return driver;
		},
		/** Keys faster than the screen redraws, as a fast typist or key auto-repeat sends them. */
		async burst(...keys: string[]) {
			await inputListening(app.stdin);
			for (const key of keys) app.stdin.write(keyCodes[key] ?? key);
			await settle();
			return driver;
		},
		/** Text typed a key at a time, as fast as Ink takes keys (one turn of its loop each), then settled. */
		async type(text: string) {
			for (const ch of text) {
				await write(ch);
				await new Promise(resolve => setImmediate(resolve));
			}
			await settle();
			return driver;
		},
		expectScreen(...texts: Array<string | RegExp>) {
			const screen = driver.screen();
			for (const text of texts) {
				if (typeof text === 'string') expect(screen).toContain(text);
				else expect(screen).toMatch(text);
			}
			return driver;
		},
		/** Waits until the screen shows text (the engine's work is asynchronous). */
		async waitForScreen(text: string | RegExp, timeoutMs = 2000) {
			const deadline = Date.now() + timeoutMs;
			const shows = () =>
				typeof text === 'string' ? driver.screen().includes(text) : text.test(driver.screen());
			while (!shows()) {
				if (Date.now() > deadline)
					throw new Error(`waited ${timeoutMs}ms for ${String(text)}; the screen shows:\n${driver.screen()}`);
				await settle();
			}
			return driver;
		},
		/** Waits until `condition` holds (the screen, the controller's calls): a condition, never a fixed time. */
		async waitFor(condition: () => boolean, what = 'the condition', timeoutMs = 5000) {
			const deadline = Date.now() + timeoutMs;
			while (!condition()) {
				if (Date.now() > deadline)
					throw new Error(`waited ${timeoutMs}ms for ${what}; the screen shows:\n${driver.screen()}`);
				await settle();
			}
			return driver;
		},
		/** Lets a confirmation dialog arm (it ignores keys for a moment after it opens): moves the UI clock past it. */
		async waitForArming() {
			clock.advance(dialogArmDelayMs);
			await settle();
			return driver;
		},
		/** After a dialog closed, keys are its own for a moment (ui/dialog-guard.ts): moves the UI clock past it. */
		async waitForDialogGuard() {
			clock.advance(dialogArmDelayMs);
			await settle();
			return driver;
		},
		/** Lets a text input arm (it ignores enter and the key that opened it for a moment). */
		async armInput() {
			clock.advance(inputArmDelayMs);
			await settle();
			return driver;
		},
		expectNotOnScreen(...texts: string[]) {
			for (const text of texts) expect(driver.screen()).not.toContain(text);
			return driver;
		},
		unmount: () => app.unmount(),
	};
	return driver;
}
