// A demo and a lab side by side, for procedure tests that judge the same procedure on both.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startDemo, stopDemo, type DemoInfo} from '../../source/demo/index.js';
import {ensureLabPrerequisites, startLab, stopLab, type LabInfo} from '../lab/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {shortenSteadyHolds} from './steady-holds.js';

export type DemoAndLab = {
	dir: string;
	labDir: string;
	stateDir: string;
	demo: DemoInfo;
	lab: LabInfo;
	demoEnv: NamedEnvironment;
	labEnv: NamedEnvironment;
};

/**
 * Starts both (one after the other) and points the audit log at a state dir of the test's own.
 * steadySeconds: the hold after each service start in both configs (steady-holds.ts).
 */
export async function startDemoAndLab(
	prefix: string,
	options: {steadySeconds?: number} = {},
): Promise<DemoAndLab> {
	await ensureLabPrerequisites();
	const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
	// Its own temp dir: the lab user must be able to reach it, and mkdtemp's parent is private.
	const labDir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-lab-`));
	const stateDir = path.join(dir, 'state');
	process.env.PGOPS_STATE_DIR = stateDir;
	// One after the other: the demo's PGlite and the lab VM's boot each want both cores of a CI machine.
	// A start that fails stops both here: the caller never learns the dirs, so its afterAll could not.
	let demo: DemoInfo;
	let lab: LabInfo;
	try {
		demo = await startDemo({dir: path.join(dir, 'demo')});
		lab = await startLab({dir: labDir});
		if (options.steadySeconds !== undefined)
			for (const config of [demo.config, lab.config]) shortenSteadyHolds(config, options.steadySeconds);
	} catch (error) {
		await stopDemoAndLab({dir, labDir});
		throw error;
	}
	return {
		dir,
		labDir,
		stateDir,
		demo,
		lab,
		demoEnv: pickEnvironment(loadConfigFile(demo.config), 'demo', demo.config),
		labEnv: pickEnvironment(loadConfigFile(lab.config), 'lab', lab.config),
	};
}

/** By dir, not by what started: a half-started demo or lab is stopped too. */
export async function stopDemoAndLab(dirs: {dir?: string; labDir?: string}): Promise<void> {
	if (dirs.dir)
		await Promise.allSettled([
			stopDemo({dir: path.join(dirs.dir, 'demo')}),
			dirs.labDir ? stopLab({dir: dirs.labDir}) : undefined,
		]);
	delete process.env.PGOPS_STATE_DIR;
	for (const d of [dirs.dir, dirs.labDir]) if (d) rmSync(d, {recursive: true, force: true});
}
