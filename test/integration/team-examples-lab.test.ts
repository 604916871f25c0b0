// Two of issue 13's systems as shipped in examples/, run for real on one lab (the third, the compose
// migrations, in team-compose-migrations.ts), with no code written for them:
// - examples/team-daily-check.yaml: its check and its action run over SSH on the lab VM (real systemd
//   host, real sshd). The team's script is the STAND-IN examples/stand-ins/daily-check-standin,
//   installed where the example names it: `./stand-ins/daily-check-standin` is relative to the login
//   directory, so on a host it is ~/stand-ins/ (here /home/deploy/stand-ins/), and locally examples/
//   (run from there). Its state file (~/daily-check.state on the VM) sets its exit code.
// - examples/team-ml-service.yaml: its Prometheus is the lab's real one, evaluating the example's
//   examples/team-ml-service.rules.yml and scraping a STAND-IN of the ML service (an HTTP server of
//   this file's own on 127.0.0.1, port picked at run time) that serves the model promoted to the VM's
//   slot file. Promote and rollback run over SSH on the VM through the STAND-IN CLI
//   examples/stand-ins/app-standin, with the registry key on standard input only.
//
// Only the examples' addresses change, in their parsed YAML: transport (local -> ssh), hosts and ssh
// (user, port, identity and known-hosts files) of both environments; the ML service's http.baseUrl
// (the stand-in service) and alerts.prometheus.url (the lab's Prometheus). All else is the examples'.
import {spawn, type ChildProcess} from 'node:child_process';
import {
	chownSync,
	chmodSync,
	copyFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import YAML from 'yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitUntil} from '../../source/demo/processes.js';
import {freeLoopbackPorts} from '../lab/free-ports.js';
import {inVm, vmProcesses} from '../lab/vm-control.js';
import {vmAccounts} from '../lab/vm/base-root.js';
import {cliPath} from '../support/cli.js';
import {useLab} from '../support/use-lab.js';

const job = 'ml-service';
const lab = useLab('pg-ops-teamlab', {
	prometheus: true,
	prometheusTeam: {job, rulesFile: path.resolve('examples/team-ml-service.rules.yml')},
});
const registryKey = 'reg-key-7f3c19ae55d2';
const home = `/home/${vmAccounts.deploy.name}`;

/** A path in the VM's home of the deploy user, as the host reads it. */
const inHome = (...parts: string[]) => path.join(lab.info.root, home, ...parts);
const slotFile = () => inHome('slots', 'blue');
const slot = () => (existsSync(slotFile()) ? readFileSync(slotFile(), 'utf8').trim() : undefined);

let server: http.Server | undefined;
/** The stand-in service keeps serving this run whatever is promoted (a model that fails to load). */
let stuckOn: string | undefined;
/** How often Prometheus has read the stand-in's /metrics. */
let scrapes = 0;
const running = new Set<ChildProcess>();

function example<T>(file: string): T {
	return YAML.parse(readFileSync(path.join('examples', file), 'utf8')) as T;
}
type Env = {transport: string; hosts?: string[]; ssh?: Record<string, unknown>};

/** The lab's SSH in place of the example's transport: local (the only fields changed for the host). */
function overSsh(env: Env, port = lab.info.ssh.port): void {
	const {ssh} = lab.info;
	env.transport = 'ssh';
	env.hosts = [ssh.host];
	env.ssh = {user: ssh.user, port, identityFile: ssh.identityFile, knownHostsFile: ssh.knownHostsFile};
}

function writeConfig(name: string, config: unknown): string {
	const file = path.join(lab.dir, name);
	writeFileSync(file, YAML.stringify(config));
	return file;
}

let dailyCheck: string;
let dailyCheckUnreachable: string;
let mlService: string;

/** The stand-in of the ML service: /health, /ready and /ops/model from the VM's slot file, and /metrics. */
function standInService(request: http.IncomingMessage, response: http.ServerResponse): void {
	const promoted = slot();
	const serving = stuckOn ?? promoted;
	const json = (status: number, body: unknown) => {
		response.writeHead(status, {'content-type': 'application/json'});
		response.end(JSON.stringify(body));
	};
	if (request.url === '/health') return json(200, {ok: true});
	if (request.url === '/ready')
		return serving ? json(200, {model: serving}) : json(503, {error: 'no model loaded'});
	if (request.url === '/ops/model')
		return json(200, {serving: {run_id: serving ?? null}, promoted: {run_id: promoted ?? null}});
	if (request.url === '/metrics') {
		// Slot green answered 300 errors just after Prometheus began to scrape (from 0, so rate() has a
		// start): about one a second over the example's 5 minutes, warning (0.5) but not critical (2),
		// steady for those minutes. Blue none. A steady 1/s would read 1/300 at first: rate() divides
		// by the window, and a fresh Prometheus has only seconds of it.
		scrapes += 1;
		response.writeHead(200, {'content-type': 'text/plain; version=0.0.4'});
		return void response.end(
			[
				'# TYPE ml_model_loaded gauge',
				`ml_model_loaded{slot="blue"} ${serving ? 1 : 0}`,
				'ml_model_loaded{slot="green"} 1',
				'# TYPE http_requests_total counter',
				`http_requests_total{slot="blue",code="200"} ${scrapes * 20}`,
				'http_requests_total{slot="blue",code="500"} 0',
				`http_requests_total{slot="green",code="500"} ${scrapes > 3 ? 300 : 0}`,
				'',
			].join('\n'),
		);
	}
	json(404, {});
}

/** The lab's Prometheus, asked directly: the series of an instant query. */
async function promql(
	query: string,
): Promise<Array<{metric: Record<string, string>; value: [number, string]}>> {
	const url = `${lab.info.prometheus!.url}/api/v1/query?query=${encodeURIComponent(query)}`;
	const body = (await (await fetch(url, {signal: AbortSignal.timeout(10_000)})).json()) as {
		data: {result: Array<{metric: Record<string, string>; value: [number, string]}>};
	};
	return body.data.result;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
	const ok = await waitUntil(
		async () => {
			try {
				return await check();
			} catch {
				return false;
			}
		},
		timeoutMs,
		250,
	);
	if (!ok)
		throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${await prometheusState()}`);
}

/** What the lab's Prometheus makes of the team's job and rules, and its log's end: for a failure's message. */
async function prometheusState(): Promise<string> {
	const api = async (what: string) => {
		try {
			const response = await fetch(`${lab.info.prometheus!.url}/api/v1/${what}`, {
				signal: AbortSignal.timeout(10_000),
			});
			return (await response.text()).slice(0, 3000);
		} catch (error) {
			return String(error);
		}
	};
	const log = path.join(lab.dir, 'prometheus.log');
	return [
		`; targets: ${await api('targets?state=any')}`,
		`; rules: ${await api('rules')}`,
		`; ${log}: ${existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(none)'}`,
	].join('\n');
}

beforeAll(async () => {
	const {info} = lab;
	// The stand-ins where the examples name them, the deploy user's, as a team would install its tools.
	mkdirSync(inHome('stand-ins'), {recursive: true});
	for (const file of ['daily-check-standin', 'app-standin']) {
		copyFileSync(path.join('examples/stand-ins', file), inHome('stand-ins', file));
		chmodSync(inHome('stand-ins', file), 0o755);
		chownSync(inHome('stand-ins', file), vmAccounts.deploy.uid, vmAccounts.deploy.gid);
	}
	chownSync(inHome('stand-ins'), vmAccounts.deploy.uid, vmAccounts.deploy.gid);

	const daily = example<{environments: {reports: Env}}>('team-daily-check.yaml');
	overSsh(daily.environments.reports);
	dailyCheck = writeConfig('team-daily-check.yaml', daily);
	// The same, its host unreachable: an SSH port nothing listens on.
	const [closedPort] = await freeLoopbackPorts(1);
	overSsh(daily.environments.reports, closedPort);
	dailyCheckUnreachable = writeConfig('team-daily-check-unreachable.yaml', daily);

	server = http.createServer(standInService);
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const ml = example<{
		environments: {ml: Env & {http: {baseUrl: string}; alerts: {prometheus: {url: string}}}};
	}>('team-ml-service.yaml');
	overSsh(ml.environments.ml);
	ml.environments.ml.http.baseUrl = `http://127.0.0.1:${port}`;
	ml.environments.ml.alerts.prometheus.url = info.prometheus!.url;
	mlService = writeConfig('team-ml-service.yaml', ml);

	// The lab's Prometheus scrapes the stand-in once it listens (file_sd, read every second).
	writeFileSync(info.prometheus!.team!.targetsFile, JSON.stringify([{targets: [`127.0.0.1:${port}`]}]));
	mkdirSync(path.join(lab.dir, 'home'), {recursive: true});
}, 120_000);

afterAll(async () => {
	for (const child of running) child.kill('SIGKILL');
	await new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve()));
});

type CliRun = {code: number | null; stdout: string; stderr: string};

/** The built CLI, asynchronously (the stand-in service answers from this process meanwhile); `input` on its stdin. */
function cli(config: string, args: string[], input = ''): {child: ChildProcess; done: Promise<CliRun>} {
	const child = spawn(process.execPath, [cliPath, ...args, '--config', config], {
		cwd: lab.dir,
		// The host lock under this HOME: no other test's. PGOPS_STATE_DIR is the lab's (useLab).
		env: {...process.env, NO_COLOR: '1', HOME: path.join(lab.dir, 'home')},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	running.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
	child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
	const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
	const done = new Promise<CliRun>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			running.delete(child);
			resolve({code, stdout, stderr});
		});
	});
	child.stdin!.end(input);
	return {child, done};
}
const run = (config: string, args: string[], input = '') => cli(config, args, input).done;

type Item = {name: string; level: string; value?: string; message: string; series?: string};
type Report = {
	status: string;
	panes: {
		checks: {status: string; items: Item[]};
		alerts: {status: string; items: Array<Record<string, string>>};
	};
};
function report(result: CliRun): Report {
	try {
		return JSON.parse(result.stdout) as Report;
	} catch {
		throw new Error(
			`status --json printed no JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`,
		);
	}
}
type RunJson = {outcome: string; steps: Array<{command: string; status: string; output?: string}>};
function runJson(result: CliRun): RunJson {
	try {
		return JSON.parse(result.stdout) as RunJson;
	} catch {
		throw new Error(`run --json printed no JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
	}
}

describe('examples/team-daily-check.yaml on the lab VM', () => {
	const state = (code: number) => {
		writeFileSync(inHome('daily-check.state'), `${code}\n`);
		chownSync(inHome('daily-check.state'), vmAccounts.deploy.uid, vmAccounts.deploy.gid);
	};

	it('status follows the script on the VM: exit 2 warning, 1 critical (status exit 2), 0 ok (exit 0), with its first line', async () => {
		state(2);
		const insufficient = await run(dailyCheck, ['status', '--json']);
		expect(insufficient.code, insufficient.stderr).toBe(2);
		expect(report(insufficient).panes.checks.items).toEqual([
			expect.objectContaining({
				name: 'daily-report',
				level: 'warning',
				value: 'exit 2',
				message: 'insufficient data: 2 of 5 sources reported today',
			}),
		]);
		state(1);
		const failed = await run(dailyCheck, ['status', '--json']);
		expect(failed.code, failed.stderr).toBe(2);
		expect(report(failed).panes.checks.items[0]).toMatchObject({
			level: 'critical',
			value: 'exit 1',
			message: 'error: the reports database refused the connection',
		});
		state(0);
		const healthy = await run(dailyCheck, ['status', '--json']);
		expect(healthy.code, healthy.stderr).toBe(0);
		expect(report(healthy).status).toBe('healthy');
		expect(report(healthy).panes.checks.items[0]).toMatchObject({
			level: 'ok',
			value: 'exit 0',
			message: 'all 5 sources reported today',
		});
	}, 180_000);

	it('its action runs the script on the VM in read-only mode', async () => {
		state(2);
		const rerun = await run(dailyCheck, ['run', 'rerun-daily-check', '--read-only', '--yes', '--json']);
		// The script's exit 2 fails the step: the action says what the script said.
		const result = runJson(rerun);
		expect(rerun.code).not.toBe(0);
		expect(result.outcome).not.toBe('succeeded');
		expect(result.steps[0]).toMatchObject({command: './stand-ins/daily-check-standin'});
		expect(result.steps[0]!.output).toContain('insufficient data: 2 of 5 sources reported today');
		state(0);
		const ok = await run(dailyCheck, ['run', 'rerun-daily-check', '--read-only', '--yes', '--json']);
		expect(ok.code, ok.stdout + ok.stderr).toBe(0);
		expect(runJson(ok)).toMatchObject({outcome: 'succeeded'});
		expect(runJson(ok).steps[0]!.output).toContain('all 5 sources reported today');
	}, 180_000);

	it('its host unreachable (nothing on the SSH port): no HEALTHY, status exit 1 (could not tell)', async () => {
		state(0);
		const json = await run(dailyCheckUnreachable, ['status', '--json']);
		expect(json.code, json.stderr).toBe(1);
		expect(report(json).status).not.toBe('healthy');
		expect(report(json).panes.checks.status).toBe('error');
		const text = await run(dailyCheckUnreachable, ['status']);
		expect(text.code).toBe(1);
		expect(`${text.stdout}${text.stderr}`).not.toMatch(/HEALTHY/);
	}, 180_000);
});

describe('examples/team-ml-service.yaml: the lab Prometheus with its rules, promote and rollback on the VM', () => {
	const byName = (items: Item[]) => Object.fromEntries(items.map(i => [`${i.name}${i.series ?? ''}`, i]));

	it('checks and alerts read through the real Prometheus: no model in blue (ModelNotLoaded firing), green erring (HighErrorRate pending)', async () => {
		// Prometheus has scraped the stand-in's burst a few times (rate() settles near 1) and evaluated the example's rules.
		await until(
			async () =>
				(await promql('count_over_time(http_requests_total{slot="green"}[5m]) >= 8')).length === 1 &&
				(await promql('ALERTS{alertname="ModelNotLoaded",alertstate="firing"}')).length === 1 &&
				(await promql('ALERTS{alertname="HighErrorRate",alertstate="pending"}')).length === 1,
			"the stand-in's series and both alerts in the lab's Prometheus",
		);
		const before = await run(mlService, ['status', '--json']);
		expect(before.code, before.stderr).toBe(2);
		const status = report(before);
		const checks = byName(status.panes.checks.items);
		expect(checks['health']).toMatchObject({level: 'ok'});
		expect(checks['ready']).toMatchObject({level: 'critical', message: 'HTTP 503, expected 2xx'});
		expect(checks['error-rate{slot="blue"}']).toMatchObject({level: 'ok', value: '0'});
		expect(checks['error-rate{slot="green"}']).toMatchObject({level: 'warning'});
		expect(Number(checks['error-rate{slot="green"}']!.value)).toBeGreaterThanOrEqual(0.5);
		expect(Number(checks['error-rate{slot="green"}']!.value)).toBeLessThan(2);
		expect(status.panes.alerts.items.map(a => [a.name, a.state, a.severity])).toEqual([
			['ModelNotLoaded', 'firing', 'critical'],
			['HighErrorRate', 'pending', 'warning'],
		]);
		expect(status.panes.alerts.items[0]!.summary).toBe('no model loaded in slot blue');
	}, 180_000);

	it("promote over SSH with the key on stdin only: the VM's slot file, ready and model ok, the alert resolved in Prometheus", async () => {
		// Firing until now (the test before): its end below is the promotion's doing.
		expect(await promql('ALERTS{alertname="ModelNotLoaded",alertstate="firing"}')).toHaveLength(1);
		const promoted = await run(
			mlService,
			['run', 'promote', '--input', 'run_id=run-a', '--yes', '--json'],
			`${registryKey}\n`,
		);
		expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
		const result = runJson(promoted);
		expect(result.outcome).toBe('succeeded');
		expect(result.steps[0]!.command).toBe(
			'./stand-ins/app-standin promote --run-id run-a --slot blue <<< $registry_key',
		);
		expect(slot()).toBe('run-a');
		// The real Prometheus sees the model loaded: its alert resolves.
		await until(
			async () => (await promql('ALERTS{alertname="ModelNotLoaded"}')).length === 0,
			'ModelNotLoaded to resolve in the lab Prometheus',
		);
		const after = report(await run(mlService, ['status', '--json']));
		const checks = byName(after.panes.checks.items);
		expect(checks['ready']).toMatchObject({level: 'ok'});
		expect(checks['model']).toMatchObject({level: 'ok', value: 'run-a'});
		expect(after.panes.alerts.items.map(a => a.name)).toEqual(['HighErrorRate']);
		expect(`${promoted.stdout}${promoted.stderr}`).not.toContain(registryKey);
	}, 180_000);

	it("a second promotion, held on the VM while it runs: the key in no process's command line or environment there; rollback restores run-a", async () => {
		// The stand-in copies the slot's run to blue.previous first: a FIFO there holds it (cp waits for a reader).
		await inVm(lab.info, ['mkfifo', `${home}/slots/blue.previous`], vmAccounts.deploy.name);
		const promote = cli(
			mlService,
			['run', 'promote', '--input', 'run_id=run-b', '--yes', '--json'],
			`${registryKey}\n`,
		);
		let held: Array<{pid: number; commandLine: string}> = [];
		try {
			await until(async () => {
				held = vmProcesses(lab.info);
				return held.some(p => /^cp .*blue\.previous/.test(p.commandLine));
			}, 'the stand-in held at its copy of the slot');
		} finally {
			// Released whatever happened: the copy's reader, then a plain file in the FIFO's place.
			await inVm(
				lab.info,
				['sh', '-c', `cd ${home}/slots && cat blue.previous > blue.held && mv blue.held blue.previous`],
				vmAccounts.deploy.name,
			);
		}
		expect(held.map(p => p.commandLine)).toEqual(
			expect.arrayContaining([expect.stringMatching(/app-standin promote --run-id run-b --slot blue$/)]),
		);
		for (const process of held) {
			expect(process.commandLine).not.toContain(registryKey);
			const environ = (() => {
				try {
					return readFileSync(`/proc/${process.pid}/environ`, 'utf8');
				} catch {
					return ''; // gone meanwhile
				}
			})();
			expect(environ).not.toContain(registryKey);
		}
		const promoted = await promote.done;
		expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
		expect(slot()).toBe('run-b');
		expect(readFileSync(inHome('slots', 'blue.previous'), 'utf8').trim()).toBe('run-a');

		const rolledBack = await run(mlService, ['run', 'rollback', '--yes', '--json']);
		expect(rolledBack.code, rolledBack.stdout + rolledBack.stderr).toBe(0);
		expect(runJson(rolledBack).steps[0]!.command).toBe('./stand-ins/app-standin rollback --slot blue');
		expect(slot()).toBe('run-a');
		for (const output of [promoted.stdout, promoted.stderr, rolledBack.stdout])
			expect(output).not.toContain(registryKey);
	}, 180_000);

	it("a model that does not load: the promotion's model check fails and its undo rolls the slot back on the VM", async () => {
		stuckOn = 'run-a';
		try {
			const promoted = await run(
				mlService,
				['run', 'promote', '--input', 'run_id=run-c', '--yes', '--json'],
				`${registryKey}\n`,
			);
			expect(promoted.code).not.toBe(0);
			const result = runJson(promoted);
			expect(result.outcome, promoted.stdout).toBe('failed-undone');
			expect(promoted.stdout).toContain('serving.run_id is run-a, promoted.run_id is run-c');
			expect(slot()).toBe('run-a');
		} finally {
			stuckOn = undefined;
		}
		// Nothing of the key anywhere pg-ops writes, nor in the VM's journal (sshd and sudo log there).
		expect(readFileSync(path.join(lab.stateDir, 'audit.jsonl'), 'utf8')).not.toContain(registryKey);
		expect(await inVm(lab.info, ['journalctl', '--no-pager', '-q'])).not.toContain(registryKey);
	}, 180_000);
});
