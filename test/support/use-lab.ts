// One lab for a test file: started before its tests, stopped and removed after them.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {
	ensureLabPrerequisites,
	ensureLabPrerequisitesFor,
	startLab,
	stopLab,
	type LabInfo,
	type LabOptions,
} from '../lab/index.js';
import {shortenSteadyHolds} from './steady-holds.js';

export type UsedLab = {
	/** The lab's own dir (its logs, keys and ops token); a test may leave files of its own there. */
	readonly dir: string;
	/** Where pg-ops keeps its state (the audit log) in this file's tests: <dir>/state. */
	readonly stateDir: string;
	readonly info: LabInfo;
	/** The `lab` environment as pg-ops loads it from the lab's config. */
	readonly env: NamedEnvironment;
	/** Another environment of the lab's config (`compose`, `fleet`), as pg-ops loads it. */
	environment(name: string): NamedEnvironment;
};

// A bound, not an expectation: a lab VM boots in 5 s on an idle machine and can take a minute on a
// loaded one; the compose part imports a 400 MB image meanwhile.
const startTimeoutMs = 300_000;

/**
 * Registers beforeAll/afterAll for one lab, started in a temp dir named after `prefix` (its own:
 * the lab user must be able to reach it, and mkdtemp's parent is private), with pg-ops' state (the
 * audit log) in <dir>/state. Read it from the tests and hooks that follow, once it is up. prometheus:
 * the lab's Prometheus too (scraping app-web and the VM's node_exporter; environment lab-prometheus).
 * steadySeconds: the hold after each service start in the lab's config (steady-holds.ts).
 */
export function useLab(
	prefix: string,
	{steadySeconds, ...options}: Omit<LabOptions, 'dir'> & {steadySeconds?: number} = {},
): UsedLab {
	let dir: string | undefined;
	let info: LabInfo | undefined;
	let env: NamedEnvironment | undefined;

	beforeAll(async () => {
		await (options.prometheus ? ensureLabPrerequisitesFor({prometheus: true}) : ensureLabPrerequisites());
		dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
		process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
		info = await startLab({dir, ...options});
		if (steadySeconds !== undefined) shortenSteadyHolds(info.config, steadySeconds);
		env = pickEnvironment(loadConfigFile(info.config), 'lab', info.config);
	}, startTimeoutMs);

	afterAll(async () => {
		delete process.env.PGOPS_STATE_DIR;
		// By dir, not by what started: a half-started lab is stopped too.
		if (dir) {
			await stopLab({dir});
			rmSync(dir, {recursive: true, force: true});
		}
	}, startTimeoutMs);

	const started = <T>(value: T | undefined): T => {
		if (value === undefined)
			throw new Error(`the ${prefix} lab is read before it started (useLab starts it in beforeAll)`);
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
		environment(name: string) {
			const config = started(info).config;
			return pickEnvironment(loadConfigFile(config), name, config);
		},
	};
}
