// The built CLI without a terminal: demo start/stop, status, init, help, and config errors.
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../support/cli.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-e2e-'));
	const started = runCli(['demo', 'start', '--dir', dir]);
	expect(started.stderr + started.stdout).toContain('demo environment running');
	expect(started.code).toBe(0);
});

afterAll(() => {
	runCli(['demo', 'stop', '--dir', dir]);
	rmSync(dir, {recursive: true, force: true});
});

// A zombie counts as gone: this container's init does not reap orphans.
const isAlive = (pid: number) => {
	try {
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
	} catch {
		return false;
	}
};

describe('pg-ops demo start/stop', () => {
	it('writes the config and where each part is', () => {
		const info = JSON.parse(readFileSync(path.join(dir, 'demo.json'), 'utf8'));
		expect(info.http.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(info.http.verifyPath).toBe('/ops/verify');
		expect(info.database).toMatchObject({
			host: '127.0.0.1',
			name: expect.any(String),
			user: expect.any(String),
		});
		expect(existsSync(info.envFile)).toBe(true);
		expect(info.tokenKey).toBe('OPS_VERIFY_TOKEN');
		expect(readFileSync(path.join(dir, 'pg-ops.yaml'), 'utf8')).toContain('demo:');
	});

	it('says so when the demo is already running there', () => {
		const again = runCli(['demo', 'start', '--dir', dir]);
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('already running');
	});
});

describe('pg-ops status on the demo', () => {
	it('--json: unhealthy (exit 2) with the five built-in panes, the slot, and the team panes not configured', () => {
		const result = runCli(['status', '--config', path.join(dir, 'pg-ops.yaml'), '--json']);
		expect(result.code).toBe(2);
		const report = JSON.parse(result.stdout);
		expect(report.status).toBe('unhealthy');
		expect(report.env).toBe('demo');
		expect(Object.keys(report.panes).sort()).toEqual([
			'alerts',
			'checks',
			'disk',
			'etl',
			'jobs',
			'services',
			'slo',
		]);
		const {checks, alerts, ...builtIn} = report.panes;
		expect([checks.status, alerts.status]).toEqual(['not-configured', 'not-configured']);
		for (const pane of Object.values(builtIn) as Array<{status: string; items: unknown[]}>) {
			expect(['ok', 'warning', 'critical']).toContain(pane.status);
			expect(Array.isArray(pane.items)).toBe(true);
		}
		expect(report.panes.services.items.find((s: {name: string}) => s.name === 'app-orchestrator').state).toBe(
			'failed',
		);
		expect(report.panes.etl.count).toBe(3);
		expect(report.slot.current).toBe('blue');
		expect(report.slot.runningSha).toMatch(/^[0-9a-f]{40}$/);
	});

	it('plain text without a terminal, and the console falls back to it when piped', () => {
		const status = runCli(['status', '--config', path.join(dir, 'pg-ops.yaml')]);
		expect(status.code).toBe(2);
		expect(status.stdout).toMatch(/^pg-ops demo \(local\): UNHEALTHY/);
		expect(status.stdout).toContain('Stuck ETL jobs: CRITICAL');
		expect(status.stdout).not.toMatch(/\u001b\[/);
		const piped = runCli(['--config', path.join(dir, 'pg-ops.yaml')]);
		expect(piped.code).toBe(2);
		expect(piped.stdout).toContain('Job freshness: WARNING');
	});
});

describe('configuration errors', () => {
	it('status with nothing to check says so and exits 1, in text and JSON (never HEALTHY)', () => {
		// A host nobody can reach, and no pane that would ask it anything.
		const file = path.join(dir, 'nothing.yaml');
		writeFileSync(file, 'environments:\n  bare:\n    hosts: [127.0.0.1]\n    ssh: {port: 1}\n');
		const text = runCli(['status', '--config', file]);
		expect(text.code).toBe(1);
		expect(text.stdout).toMatch(
			/^pg-ops bare \(.*\): ERROR \(nothing to check: this environment configures none of/,
		);
		const json = runCli(['status', '--config', file, '--json']);
		expect(json.code).toBe(1);
		expect(JSON.parse(json.stdout)).toMatchObject({
			status: 'error',
			error: expect.stringContaining('nothing to check'),
		});
	});

	it('a broken config gets one line naming file, line and field, exit 1, no stack', () => {
		const file = path.join(dir, 'broken.yaml');
		writeFileSync(file, 'environments:\n  prod:\n    transport: local\n    refreshSeconds: often\n');
		const result = runCli(['status', '--config', file]);
		expect(result.code).toBe(1);
		expect(result.stderr.trim()).toBe(
			`pg-ops: ${path.relative(process.cwd(), file)}:4:21: environments.prod.refreshSeconds: expected a number, got text`,
		);
	});

	it('a missing config says where it looked and what to do', () => {
		const empty = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-noconfig-'));
		try {
			const result = runCli(['status'], {cwd: empty, env: {XDG_CONFIG_HOME: path.join(empty, 'nowhere')}});
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(
				`no configuration found (looked at ${path.join(empty, 'pg-ops.yaml')}, ${path.join(empty, 'nowhere/pg-ops/pg-ops.yaml')})`,
			);
			expect(result.stderr).toContain('pg-ops init');
		} finally {
			rmSync(empty, {recursive: true, force: true});
		}
	});

	it('an unknown environment names the ones there are', () => {
		const result = runCli(['status', '--config', path.join(dir, 'pg-ops.yaml'), '--env', 'prod']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('no environment named "prod" (have: demo)');
	});
});

describe('pg-ops runbook without a terminal', () => {
	const runbookFile = () => path.resolve('examples/runbooks/app-vm.md');

	it('--list prints the sections and steps with no configuration anywhere', () => {
		const empty = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-e2e-noconfig-'));
		try {
			const listed = runCli(['runbook', runbookFile(), '--list'], {
				cwd: empty,
				env: {HOME: empty, XDG_CONFIG_HOME: empty},
			});
			expect(listed.stderr).toBe('');
			expect(listed.code).toBe(0);
			expect(listed.stdout).toContain('App VM — on-call runbook');
			expect(listed.stdout).toMatch(/\[host\]\s+\$ systemctl status app-web --no-pager/);
			expect(listed.stdout).toMatch(/\[sql\]\s+\$ SELECT id, kind, status/);
			expect(listed.stdout).toMatch(/\[shown\]/);
			expect(listed.stdout).toMatch(/asks: .*OPS_VERIFY_TOKEN \(masked\)/);
			expect(listed.stdout).toContain('(runs until stopped)');
		} finally {
			rmSync(empty, {recursive: true, force: true});
		}
	});

	it('--list --json prints the reading automation relies on; --list prints commands whole without a terminal', () => {
		const fixture = 'test/fixtures/runbooks/incident-config-push.md';
		const json = runCli(['runbook', fixture, '--list', '--json']);
		expect(json.code).toBe(0);
		expect(JSON.parse(json.stdout)).toEqual(
			JSON.parse(readFileSync('test/fixtures/runbooks/incident-config-push.expected.json', 'utf8')),
		);
		const text = runCli(['runbook', 'test/fixtures/runbooks/k8s-pod-crashlooping.md', '--list']);
		expect(text.stdout).toContain('$ kubectl -n <namespace> delete pod <pod> --grace-period=0 --force\n');
		expect(text.stdout).not.toContain('…\n                 $');
	});

	it("--dry-run prints every runnable step's plan with its placeholders named, and connects nowhere", () => {
		// An SSH host and a database nobody listens on: a dry run must not notice.
		const config = path.join(dir, 'unreachable.yaml');
		writeFileSync(
			config,
			'environments:\n  far:\n    hosts: [127.0.0.1]\n    ssh: {port: 1, user: deploy}\n    database: {host: 127.0.0.1, port: 1, name: app, user: app}\n',
		);
		const dry = runCli(['runbook', runbookFile(), '--config', config, '--dry-run'], {timeoutMs: 20_000});
		expect(dry.stderr).toBe('');
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain('on far: the plan of every step that runs; nothing was run');
		expect(dry.stdout).toContain('$ set -e');
		expect(dry.stdout).toContain('IFS= read -r OPS_VERIFY_TOKEN');
		expect(dry.stdout).toContain('$OPS_VERIFY_TOKEN: asked for when it runs, masked');
		expect(dry.stdout).toContain("-- '<job_id>'");
		expect(dry.stdout).toContain('a json block, shown, not run');
		expect(dry.stdout).toContain("this step is the team's own command: pg-ops can't undo it");
	});

	it('without --list or --dry-run it refuses in one line, pointing at them', () => {
		const refused = runCli(['runbook', runbookFile(), '--config', path.join(dir, 'pg-ops.yaml')]);
		expect(refused.code).toBe(1);
		expect(refused.stdout).toBe('');
		expect(refused.stderr.trim().split('\n')).toHaveLength(1);
		expect(refused.stderr).toMatch(/^pg-ops: runbook .* runs its steps in a terminal.*--list.*--dry-run/);
	});

	it('a file that is not there, or is a directory, is named in one line', () => {
		const missing = runCli(['runbook', path.join(dir, 'nope.md'), '--list']);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toBe(`pg-ops: ${path.join(dir, 'nope.md')}: no such file\n`);
		const directory = runCli(['runbook', dir, '--dry-run', '--config', path.join(dir, 'pg-ops.yaml')]);
		expect(directory.code).toBe(1);
		expect(directory.stderr).toBe(`pg-ops: ${dir}: is a directory, not a Markdown file\n`);
	});
});

describe('init, help and version', () => {
	it('init writes a commented example once and refuses to overwrite it', () => {
		const work = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-init-'));
		try {
			const first = runCli(['init'], {cwd: work});
			expect(first.code).toBe(0);
			const text = readFileSync(path.join(work, 'pg-ops.yaml'), 'utf8');
			expect(text).toMatch(/^# pg-ops configuration/);
			const second = runCli(['init'], {cwd: work});
			expect(second.code).toBe(1);
			expect(second.stderr).toContain('already exists');
			expect(readFileSync(path.join(work, 'pg-ops.yaml'), 'utf8')).toBe(text);
		} finally {
			rmSync(work, {recursive: true, force: true});
		}
	});

	it('--help names every command and flag, --version the package version', () => {
		const help = runCli(['--help']);
		expect(help.code).toBe(0);
		for (const word of [
			'status',
			'init',
			'demo start',
			'demo stop',
			'--config',
			'--env',
			'--read-only',
			'--json',
			'--dir',
			'--demo',
			'--version',
		])
			expect(help.stdout).toContain(word);
		const version = runCli(['--version']);
		expect(version.stdout.trim()).toBe(pkg.version);
	});

	it('refuses unknown commands and flags', () => {
		expect(runCli(['frobnicate']).stderr).toContain('unknown command "frobnicate"');
		expect(runCli(['status', '--jsn']).code).not.toBe(0);
	});
});

describe('pg-ops run: words that say what to do', () => {
	it('a misspelt procedure is named as unknown, with the one meant and the known ones', () => {
		const typo = runCli(['run', 'restrat', '--config', path.join(dir, 'pg-ops.yaml')]);
		expect(typo.code).toBe(1);
		expect(typo.stderr).toContain(
			'unknown procedure restrat (did you mean restart?); the known ones: restart, reset-stuck-jobs',
		);
	});

	it('restart without --service on several services restarts nothing and names them, the failed one marked', () => {
		const config = path.join(dir, 'pg-ops.yaml');
		const before = JSON.parse(runCli(['status', '--config', config, '--json']).stdout);
		const webLog = path.join(dir, 'root', 'var', 'log', 'app-web.log');
		const logged = readFileSync(webLog, 'utf8').length;
		const run = runCli(['run', 'restart', '--yes', '--config', config]);
		expect(run.code).toBe(1);
		expect(run.stdout + run.stderr).toContain(
			'restart needs a service: demo has 3: app-web (active), app-orchestrator (FAILED), app-intake (active); name one (--service NAME',
		);
		// Nothing was restarted: app-web's manager wrote no stop or start line.
		expect(readFileSync(webLog, 'utf8').slice(logged)).not.toMatch(/\[systemd\] (Stopping|Started)/);
		expect(before.panes.services.items.map((s: {name: string}) => s.name)).toEqual([
			'app-web',
			'app-orchestrator',
			'app-intake',
		]);
	});
});

describe('pg-ops demo stop', () => {
	it('leaves nothing running', () => {
		const info = JSON.parse(readFileSync(path.join(dir, 'demo.json'), 'utf8'));
		const stopped = runCli(['demo', 'stop', '--dir', dir]);
		expect(stopped.code).toBe(0);
		expect(isAlive(info.pid)).toBe(false);
		expect(existsSync(path.join(dir, 'demo.json'))).toBe(false);
		expect(runCli(['demo', 'stop', '--dir', dir]).stdout).toContain('no demo environment was running');
	});

	it("status on the stopped demo can't tell: exit 1, the unreadable panes named, no tunnel blamed", () => {
		const status = runCli(['status', '--config', path.join(dir, 'pg-ops.yaml')]);
		expect(status.code).toBe(1);
		expect(status.stdout).toMatch(/^pg-ops demo \(local\): ERROR \(could not read: [^)]*Stuck ETL jobs/);
		expect(status.stdout).toContain('is PostgreSQL running and listening there?');
		expect(status.stdout).not.toContain('tunnel');
		expect(
			JSON.parse(runCli(['status', '--config', path.join(dir, 'pg-ops.yaml'), '--json']).stdout).status,
		).toBe('error');
	});
});
