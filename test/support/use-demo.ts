// One demo for a test file: started before its tests, stopped and removed after them.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {startDemo, stopDemo, type DemoInfo} from '../../source/demo/index.js';
import {shortenSteadyHolds} from './steady-holds.js';

export type UsedDemo = {
	/** The file's temp dir: the demo runs in <dir>/demo; a test may leave files of its own here. */
	readonly dir: string;
	/** Where pg-ops keeps its state (the audit log) in this file's tests: <dir>/state. */
	readonly stateDir: string;
	readonly info: DemoInfo;
	/** The `demo` environment as pg-ops loads it from the demo's config. */
	readonly env: NamedEnvironment;
};

// A bound, not an expectation: the demo starts in about 2 s on an idle machine, a minute or more on a loaded one.
const startTimeoutMs = 300_000;

/**
 * Registers beforeAll/afterAll for one demo, in a temp dir named after `prefix`, with pg-ops' state
 * (the audit log) in <dir>/state through PGOPS_STATE_DIR (put back as it was afterwards). Hooks the
 * file registers after this one run once the demo is up. steadySeconds: the hold after each service
 * start in the demo's config (steady-holds.ts), for files that judge what procedures leave, not the hold.
 */
export function useDemo(prefix: string, options: {steadySeconds?: number} = {}): UsedDemo {
	let dir: string | undefined;
	let info: DemoInfo | undefined;
	let env: NamedEnvironment | undefined;
	const stateDirBefore = process.env.PGOPS_STATE_DIR;

	beforeAll(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
		process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
		info = await startDemo({dir: path.join(dir, 'demo')});
		if (options.steadySeconds !== undefined) shortenSteadyHolds(info.config, options.steadySeconds);
		env = pickEnvironment(loadConfigFile(info.config), 'demo', info.config);
	}, startTimeoutMs);

	afterAll(async () => {
		if (stateDirBefore === undefined) delete process.env.PGOPS_STATE_DIR;
		else process.env.PGOPS_STATE_DIR = stateDirBefore;
		// By dir, not by what started: a half-started demo is stopped too.
		if (dir) {
			await stopDemo({dir: path.join(dir, 'demo')});
			rmSync(dir, {recursive: true, force: true});
		}
	}, startTimeoutMs);

	const started = <T>(value: T | undefined): T => {
		if (value === undefined)
			throw new Error(`the ${prefix} demo is read before it started (useDemo starts it in beforeAll)`);
		return value;
	};
	return {
		get dir() {
			return started(dir);
		},
		get stateDir() {
			return path.join(started(dir), 'state');
		},
		get info() {
			return started(info);
		},
		get env() {
			return started(env);
		},
	};
}
