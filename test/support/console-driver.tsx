// A small driver over ink-testing-library so UI tests read like the user:
// press('x'); expectScreen('3 stuck'). Key codes and waits live here only.
import React from 'react';
import {render} from 'ink-testing-library';
import {expect} from 'vitest';
import {ConsoleApp, type EnvironmentChoice} from '../../source/ui/ConsoleApp.js';
import {FixtureController} from '../fixtures/console-state.js';
import {dialogArmDelayMs} from '../../source/ui/HostKeyDialog.js';

const keyCodes: Record<string, string> = {
	enter: '\r',
	escape: '\u001b',
	tab: '\t',
	'shift+tab': '\u001b[Z',
	down: '\u001b[B',
	up: '\u001b[A',
	backspace: '\u007f',
	'ctrl+r': '\u0012',
	'ctrl+c': '\u0003',
	'ctrl+t': '\u0014',
	'ctrl+d': '\u0004',
	'ctrl+u': '\u0015',
	pgup: '\u001b[5~',
	pgdn: '\u001b[6~',
};

// Ink reads input asynchronously and renders on the next tick; a short settle keeps tests deterministic.
const settle = () => new Promise(resolve => setTimeout(resolve, 30));

/** `element`: another root over the same controller (the runbook screen) instead of the console. */
export async function openConsole(
	options: {
		controller?: FixtureController;
		columns?: number;
		rows?: number;
		environments?: EnvironmentChoice[];
		element?(controller: FixtureController, onQuit: () => void): React.ReactElement;
	} = {},
) {
	const controller = options.controller ?? new FixtureController();
	const switched: string[] = [];
	let quit = false;
	const onQuit = () => (quit = true);
	const app = render(
		options.element ? (
			options.element(controller, onQuit)
		) : (
			<ConsoleApp
				engine={controller}
				environments={options.environments ?? [{name: 'staging'}, {name: 'prod', protected: true}]}
				onSwitchEnv={name => switched.push(name)}
				onQuit={onQuit}
			/>
		),
	);
	if (options.columns || options.rows) {
		if (options.columns)
			Object.defineProperty(app.stdout, 'columns', {value: options.columns, configurable: true});
		if (options.rows) Object.defineProperty(app.stdout, 'rows', {value: options.rows, configurable: true});
		app.stdout.emit('resize');
	}
	await settle();
	const driver = {
		controller,
		switched,
		get quit() {
			return quit;
		},
		screen: () => app.lastFrame() ?? '',
		frameCount: () => app.frames.length,
		async press(...keys: string[]) {
			for (const key of keys) {
				app.stdin.write(keyCodes[key] ?? key);
				await settle();
			}
			return driver;
		},
		/** Keys faster than the screen redraws, as a fast typist or key auto-repeat sends them. */
		async burst(...keys: string[]) {
			for (const key of keys) app.stdin.write(keyCodes[key] ?? key);
			await settle();
			return driver;
		},
		async type(text: string) {
			for (const ch of text) await driver.press(ch);
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
		/** Lets a confirmation dialog arm (it ignores keys for a moment after it opens). */
		async waitForArming() {
			// Armed is what the dialog shows (its "keys ignored" note goes), not a time: a loaded machine runs the timer late.
			await new Promise(resolve => setTimeout(resolve, dialogArmDelayMs));
			const deadline = Date.now() + 5000;
			while (driver.screen().includes('keys ignored for a moment') && Date.now() < deadline) await settle();
			await settle();
			return driver;
		},
		/** After a dialog closed, keys are its own for a moment (ui/dialog-guard.ts): wait until the console takes them again. */
		async waitForDialogGuard() {
			await new Promise(resolve => setTimeout(resolve, dialogArmDelayMs));
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
