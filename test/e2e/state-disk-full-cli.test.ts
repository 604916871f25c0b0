// A full disk under pg-ops' state while a procedure runs (issue 11 item 3, the state writes besides the
// audit log): the state directory is a 2 MB tmpfs (pg-ops wants 1 MB free to start) that an incident and a maintenance window are open
// on, then filled by the action's own step (mid-run: pg-ops refuses to start on a disk with too little room). `pg-ops run` of a team action through the built CLI still runs it, says what it
// did and what it could not record (the incident, the window, the audit), exits with the run's own
// status and leaves no lock; the incident's and window's files are as they were, not half-written.
// Needs root (mount); skipped elsewhere, never in CI (which runs as root).
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../support/cli.js';

const isRoot = process.getuid?.() === 0;
let dir: string;
let state: string;
let mounted = false;

const config = () => path.join(dir, 'pg-ops.yaml');
const cli = (args: string[]) =>
	runCli([...args, '--config', config(), '--env', 'box'], {
		env: {PGOPS_STATE_DIR: state, PGOPS_OPERATOR: 'dana@test'},
		timeoutMs: 60_000,
	});
const filesUnder = (at: string): Record<string, string> =>
	Object.fromEntries(
		readdirSync(at, {recursive: true, withFileTypes: true})
			.filter(e => e.isFile())
			.map(e => {
				const file = path.join(e.parentPath, e.name);
				return [path.relative(at, file), readFileSync(file, 'utf8')];
			}),
	);

beforeAll(() => {
	if (!isRoot) return;
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-state-full-'));
	state = path.join(dir, 'state');
	mkdirSync(state);
	const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', state], {
		encoding: 'utf8',
	});
	if (mount.status !== 0) throw new Error(`mount tmpfs: ${mount.stderr}`);
	mounted = true;
	writeFileSync(
		config(),
		[
			'environments:',
			'  box:',
			'    transport: local',
			`    lockFile: ${path.join(dir, 'box.lock')}`,
			'    actions:',
			'      - name: mark',
			`        steps: [{command: "touch ${path.join(dir, 'marked')} && { dd if=/dev/zero of=${path.join(state, 'filler')} bs=4k 2>/dev/null; true; }"}]`,
			'',
		].join('\n'),
	);
});

afterAll(() => {
	if (!isRoot) return;
	if (mounted) spawnSync('umount', [state]);
	rmSync(dir, {recursive: true, force: true});
});

describe.skipIf(!isRoot && !process.env.CI)('a full disk under the state directory', () => {
	it('pg-ops run still runs, says what it could not record, exits as the run did, and leaves the records whole', () => {
		const opened = cli(['incident', 'open', '--severity', 'P2', '--title', 'box slow']);
		expect(opened.code, opened.stderr).toBe(0);
		const window = cli(['maintenance', 'start', '--title', 'patch the box']);
		expect(window.code, window.stderr).toBe(0);
		const before = filesUnder(state);
		expect(Object.keys(before).some(f => f.startsWith('incidents'))).toBe(true);

		// The action's own step fills what is left of the 2 MB (dd stops at ENOSPC): pg-ops checks for room
		// before it starts (a disk full then is refused), so the disk fills mid-run.
		const ran = cli(['run', 'mark', '--yes']);
		expect(spawnSync('df', ['--output=avail', '-B1', state], {encoding: 'utf8'}).stdout).toMatch(
			/\n\s*0\s*$/,
		);
		// The action ran and its result is said; the run's own status (0: done and verified).
		expect(existsSync(path.join(dir, 'marked'))).toBe(true);
		expect(ran.code, ran.stdout + ran.stderr).toBe(0);
		expect(ran.stdout).toMatch(/done/);
		expect(ran.stderr).toContain('not recorded in the incident');
		expect(ran.stderr).toContain('not recorded in the maintenance window');
		// The audit's lines are short and may still fit the last page's slack: each either is in the log, or
		// the run said how many are missing.
		const correlation = /correlation id ([0-9a-f-]{36})/.exec(ran.stdout)![1]!;
		const audit = cli(['audit', '--json']);
		const events = audit.stdout
			.split('\n')
			.filter(Boolean)
			.map(line => JSON.parse(line) as {correlationId?: string; event: string})
			.filter(e => e.correlationId === correlation)
			.map(e => e.event);
		if (!events.includes('result')) expect(ran.stderr).toMatch(/WARNING: .*audit/);
		expect(ran.stderr).not.toMatch(/\n\s+at /); // no stack trace
		// No lock left; the records are as they were, not half-written (the filler aside).
		expect(existsSync(path.join(dir, 'box.lock'))).toBe(false);
		const after = filesUnder(state);
		const records = Object.keys(before).filter(f => /^(incidents|maintenance)\//.test(f));
		expect(records.length).toBeGreaterThanOrEqual(2);
		for (const file of records) expect(after[file], file).toBe(before[file]);
	});
});
