import React from 'react';
import {afterEach, expect, it} from 'vitest';
import {cleanup, render} from 'ink-testing-library';
import {parseConfig} from '../../source/core/config/parse.js';
import {ConsoleRoot} from '../../source/ui/run-console.js';
import type {ConsoleEngine} from '../../source/engine/console-engine.js';
import {inputListening, settleInk} from '../support/ink-settle.js';

afterEach(() => cleanup());

// Two local environments with no panes configured: opening one runs no command at all.
const config = parseConfig(
	'environments:\n  staging: {transport: local, description: the staging VM}\n  prod: {transport: local, protected: true}\n',
	'pg-ops.yaml',
);

it('with several environments it asks first, starting on the last one chosen, and remembers the choice', async () => {
	const opened: string[] = [];
	const engines: ConsoleEngine[] = [];
	const app = render(
		<ConsoleRoot
			options={{config, lastEnv: 'prod', readOnly: false, onEnvironmentOpened: name => opened.push(name)}}
			environments={[
				{name: 'staging', description: 'the staging VM'},
				{name: 'prod', protected: true},
			]}
			onEngine={e => e && engines.push(e)}
		/>,
	);
	const settle = () => settleInk(app.stdout);
	const press = async (key: string) => {
		await inputListening(app.stdin);
		app.stdin.write(key);
		await settle();
	};
	await settle();
	expect(app.lastFrame()).toContain('Choose an environment');
	expect(app.lastFrame()).toMatch(/> prod \(protected\)/);
	await press('k');
	await press('\r');
	expect(opened).toEqual(['staging']);
	for (let i = 0; i < 40 && !app.lastFrame()?.includes('not configured'); i++) await settle();
	expect(app.lastFrame()).toContain(' staging ');
	expect(app.lastFrame()).toContain('not configured');
	await Promise.all(engines.map(e => e.dispose()));
});
