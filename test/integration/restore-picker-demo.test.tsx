// Issue 12, section 2, `b` and `B` on the demo, through the console as the operator drives it: the
// real ConsoleEngine lists the demo host's backups and runs gunzip -t on each (a corrupt file is shown
// failed); b, moving to the OLDEST backup, enter, y restores that file, not the newest (judged by the
// database's rows: each backup holds the data as of the time it was taken); B writes a new backup
// file that is an intact gzip. The demo's simulated VM and PGlite database; everything stopped after.
import {execFileSync} from 'node:child_process';
import {readdirSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {ConsoleApp} from '../../source/ui/ConsoleApp.js';
import {openConsole} from '../support/console-driver.js';
import {withDemoDatabase} from '../support/demo-jobs.js';
import {testSteadySeconds} from '../support/steady-holds.js';
import {useDemo} from '../support/use-demo.js';

// Bounds, not expectations: PGlite and a whole restore (dump, stop, restore, start, checks) are slow on a busy machine.

// The restore's rows and files are judged here, not the hold after each service starts (steady-holds.ts).
const demo = useDemo('pg-ops-restore-picker', {steadySeconds: testSteadySeconds});

const slow = 120_000;

let engine: ConsoleEngine | undefined;

afterEach(async () => {
	await engine?.dispose();
	engine = undefined;
});

const backupsDir = () => path.join(demo.info.root, 'opt/app/backups');
const nightly = () =>
	readdirSync(backupsDir())
		.filter(f => /^db_\d{4}-\d\d-\d\d\.sql\.gz$/.test(f))
		.sort();
const session = () => engine!.store.getSnapshot().procedure;

async function open() {
	engine = new ConsoleEngine(demo.env);
	const e = engine;
	const ui = await openConsole({
		columns: 110,
		rows: 45,
		element: (_fixture, onQuit) => (
			<ConsoleApp engine={e} environments={[{name: 'demo'}]} onSwitchEnv={() => {}} onQuit={onQuit} />
		),
	});
	await ui.waitFor(
		() => Object.values(e.store.getSnapshot().panes).every(p => p.status !== 'loading'),
		'every pane to load',
		slow,
	);
	return ui;
}
type Ui = Awaited<ReturnType<typeof open>>;

/** y on the plan's dialog, armed, until it runs (data turned stale on a busy machine asks a second time). */
async function confirmAndFinish(ui: Ui): Promise<void> {
	for (let asked = 0; asked < 3 && session()?.phase === 'plan-ready'; asked++) {
		const dialog = session()?.confirm;
		// The dialog drawn first: it arms from when it is drawn (the store's state can be ahead of the screen).
		await ui.waitForScreen('Run it?', slow);
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitFor(
			() => session()?.phase !== 'plan-ready' || session()?.confirm !== dialog,
			'the run to start (or to be asked again)',
			slow,
		);
	}
	await ui.waitFor(() => session()?.phase === 'done', 'the run to finish', slow);
}

const newestJob = () =>
	withDemoDatabase(demo.info.database, async client => {
		const {rows} = await client.query<{newest: Date}>('SELECT max(updated_at) AS newest FROM jobs');
		return rows[0]!.newest.getTime();
	});

describe('b and B on the demo, in the console', () => {
	it('b lists the backups with their gunzip -t, a corrupt one failed; moving to the oldest and confirming restores THAT file', async () => {
		const backups = nightly();
		expect(backups.length).toBeGreaterThanOrEqual(3);
		const [oldest, newest] = [backups[0]!, backups.at(-1)!];
		const takenAt = (file: string) => statSync(path.join(backupsDir(), file)).mtime.getTime();
		// Older than every nightly one, so it is listed last.
		const corrupt = path.join(backupsDir(), 'db_2026-01-01-corrupt.sql.gz');
		writeFileSync(corrupt, 'this is not gzip data\n');
		utimesSync(corrupt, new Date('2026-01-01T02:00:00Z'), new Date('2026-01-01T02:00:00Z'));
		try {
			const ui = await open();
			await ui.press('b');
			await ui.waitForScreen('Restore which backup?', slow);
			ui.expectScreen('> [ Cancel: restore nothing ]');
			await ui.waitForScreen(`${backups.length + 1} files, each checked with gunzip -t`, slow);
			ui.expectScreen(/✗ db_2026-01-01-corrupt\.sql\.gz .* FAILED gunzip -t/);
			for (const file of backups)
				expect(ui.screen()).toMatch(new RegExp(`✓ ${file.replaceAll('.', '\\.')} .* gunzip -t ok`));
			expect(session()).toBeUndefined(); // nothing planned while the picker is open

			// Newest first: the oldest nightly backup is the last of them, then the corrupt one.
			await ui.press(...backups.map(() => 'j'), 'j', 'enter');
			ui.expectScreen('db_2026-01-01-corrupt.sql.gz: gunzip -t failed');
			expect(session()).toBeUndefined();
			await ui.press('k', 'enter');
			await ui.waitFor(() => session()?.phase === 'plan-ready', 'the plan of the chosen file', slow);
			expect(session()!.plan!.title).toBe(`restore ${oldest}`);
			await ui.waitForScreen(`restore ${oldest}`, slow);
			await confirmAndFinish(ui);
			expect(session()!.result).toMatchObject({outcome: 'succeeded'});

			// The oldest backup's data (its newest row is a minute older than the file), not the newest's.
			expect(takenAt(oldest) - (await newestJob())).toBe(60_000);
			expect(takenAt(newest) - (await newestJob())).not.toBe(60_000);
		} finally {
			rmSync(corrupt, {force: true});
		}
	}, 400_000);

	it('B plans a fresh backup; confirmed, a new intact backup file is in backups.dir', async () => {
		const before = new Set(readdirSync(backupsDir()));
		const ui = await open();
		await ui.press('B');
		await ui.waitFor(() => session()?.phase === 'plan-ready', 'the backup plan', slow);
		expect(session()!.plan!.title).toMatch(/backup/);
		await confirmAndFinish(ui);
		expect(session()!.result).toMatchObject({outcome: 'succeeded'});
		const made = readdirSync(backupsDir()).filter(f => !before.has(f) && !f.startsWith('pg-ops-safety-'));
		expect(made).toHaveLength(1);
		expect(made[0]).toMatch(/^db_.*\.sql\.gz$/);
		execFileSync('gunzip', ['-t', path.join(backupsDir(), made[0]!)]);
	}, 400_000);
});
