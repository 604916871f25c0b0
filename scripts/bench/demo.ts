// The demo's start and its memory, against baselines measured in the same run:
//   - `pg-ops --demo` in a real terminal (tmux): its first frame (the five panes drawn) and every pane
//     with data, once the database snapshot exists (goal: first frame <= 2 s) and on a machine's
//     first run, which makes the snapshot (the baseline);
//   - `pg-ops demo start` until the demo is ready, the same two ways (goal <= 3 s);
//   - the supervisor's resident memory once started (goal <= 200 MB), against PGlite as the demo
//     used to start it (in memory, a fresh initdb, its default settings) in a bare Node process.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {openTerminal} from '../../test/support/tmux-driver.js';
import {median, row} from './measure.js';

const cli = path.resolve('dist/cli.js');
const firstFrame = /1 Services[\s\S]*5 SLO/;
const everyPaneWithData =
	/calibration_trainer.*STALE[\s\S]*Stuck ETL jobs[^\n]*CRITICAL|Stuck ETL jobs[^\n]*CRITICAL[\s\S]*calibration_trainer.*STALE/;

export async function benchDemo(runs: number): Promise<void> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-bench-demo-'));
	// A cache of the bench's own: its first run makes the database snapshot, as a machine's first run does.
	const env = {...process.env, PGOPS_CACHE_DIR: path.join(dir, 'cache'), TMPDIR: dir};
	try {
		console.log(`\nthe demo (median of ${runs} runs once the database snapshot exists; first run: one run)`);
		const cold = await consoleStart(env);
		const warm = [];
		for (let i = 0; i < runs; i++) warm.push(await consoleStart(env));
		const frame = median(warm.map(run => run.frame));
		const data = median(warm.map(run => run.data));
		row('pg-ops --demo, first run: first frame', cold.frame, 'baseline (makes the database snapshot)');
		row(
			'pg-ops --demo: first frame',
			frame,
			`${(frame / cold.frame).toFixed(2)}x the first run (goal <= 2000 ms)`,
		);
		row('pg-ops --demo, first run: every pane with data', cold.data, 'baseline');
		row('pg-ops --demo: every pane with data', data, `${(data / cold.data).toFixed(2)}x the first run`);

		rmSync(env.PGOPS_CACHE_DIR, {recursive: true, force: true});
		const coldStart = demoStart(path.join(dir, 'start-cold'), env);
		const starts = [];
		let rss: {rssMb: number; peakMb: number} | undefined;
		for (let i = 0; i < runs; i++) {
			const started = demoStart(path.join(dir, `start-${i}`), env, i === 0);
			starts.push(started.ms);
			rss ??= started.rss;
		}
		const start = median(starts);
		row('pg-ops demo start, first run', coldStart.ms, 'baseline (makes the database snapshot)');
		row('pg-ops demo start', start, `${(start / coldStart.ms).toFixed(2)}x the first run (goal <= 3000 ms)`);

		const before = pgliteAsBefore();
		console.log(
			`  resident memory, PGlite as the demo started it before (in memory, initdb, defaults): ${before.toFixed(0)} MB   baseline`,
		);
		console.log(
			`  resident memory, the demo's supervisor once started: ${rss!.rssMb.toFixed(0)} MB (peak ${rss!.peakMb.toFixed(0)} MB)   ${(rss!.rssMb / before).toFixed(2)}x (goal <= 200 MB)`,
		);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** `pg-ops --demo` in tmux: ms to the first frame and to every pane with data, then q. */
async function consoleStart(env: NodeJS.ProcessEnv): Promise<{frame: number; data: number}> {
	const started = performance.now();
	const terminal = openTerminal(`${process.execPath} ${cli} --demo`, {
		columns: 120,
		rows: 40,
		env: {TMPDIR: env.TMPDIR!, PGOPS_CACHE_DIR: env.PGOPS_CACHE_DIR!},
	});
	try {
		const frame = await until(() => firstFrame.test(terminal.screen()), started, 120_000, 'the first frame');
		const data = await until(() => everyPaneWithData.test(terminal.screen()), started, 180_000, 'every pane');
		terminal.press('q');
		await until(() => !terminal.isRunning(), performance.now(), 30_000, 'the demo to quit');
		return {frame, data};
	} finally {
		terminal.close();
	}
}

/** `pg-ops demo start` as a whole process, and (when asked) the supervisor's memory after it settled; then stopped. */
function demoStart(
	dir: string,
	env: NodeJS.ProcessEnv,
	withMemory = false,
): {ms: number; rss?: {rssMb: number; peakMb: number}} {
	const began = performance.now();
	const result = spawnSync(process.execPath, [cli, 'demo', 'start', '--dir', dir], {env, encoding: 'utf8'});
	const ms = performance.now() - began;
	if (result.status !== 0) throw new Error(`demo start failed: ${result.stderr}`);
	try {
		if (!withMemory) return {ms};
		const pid = (JSON.parse(readFileSync(path.join(dir, 'demo.json'), 'utf8')) as {pid: number}).pid;
		execFileSync('sleep', ['3']); // let start-up's garbage go
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]);
		return {ms, rss: {rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024}};
	} finally {
		spawnSync(process.execPath, [cli, 'demo', 'stop', '--dir', dir], {env, stdio: 'ignore'});
	}
}

/** PGlite as the supervisor used to start it: in memory, a fresh initdb, PGlite's defaults; its resident MB. */
function pgliteAsBefore(): number {
	const script = `const {PGlite} = await import('@electric-sql/pglite'); const db = await PGlite.create(); await db.query('select 1'); await new Promise(r => setTimeout(r, 3000)); process.stdout.write(String(process.memoryUsage().rss)); await db.close();`;
	const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8'});
	return Number(output) / 1024 / 1024;
}

async function until(check: () => boolean, since: number, timeoutMs: number, what: string): Promise<number> {
	while (!check()) {
		if (performance.now() - since > timeoutMs) throw new Error(`no ${what} after ${timeoutMs} ms`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	return performance.now() - since;
}
