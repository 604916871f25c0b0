// The lab end to end, checked with real clients (OpenSSH's ssh, fetch, pg), not pg-ops: a Debian 12 VM
// with real systemd (sshd with a non-root deploy user and narrow sudo, PostgreSQL, the demo's app as
// units), then nothing left behind: no process, cgroup or mount. Needs root and the built demo (npm run
// build); `npm run lab -- prerequisites` installs what is missing and builds the VM's root once.
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import pg from 'pg';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import YAML from 'yaml';
import {configSchema} from '../source/core/config/schema.js';
import {isProcessAlive} from '../source/demo/processes.js';
import {
	type LabInfo,
	LabAlreadyRunningError,
	ensureLabPrerequisites,
	readLabInfo,
	restartSshd,
	startLab,
	stopLab,
	stopSshd,
	vmProcesses,
} from './lab/index.js';
import {cgroupHierarchies} from './lab/vm/vm-cgroups.js';

interface Ran {
	code: number;
	stdout: string;
	stderr: string;
}

let dir: string;
let info: LabInfo;
let startMs: number;
// Every pid the lab ever ran, to prove stopLab leaves none behind.
const seenPids = new Set<number>();

beforeAll(ensureLabPrerequisites, 600_000);

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pg-ops-lab-'));
	const began = Date.now();
	info = await startLab({dir});
	startMs = Date.now() - began;
	notePids();
}, 120_000);

afterAll(async () => {
	await stopLab({dir});
	rmSync(dir, {recursive: true, force: true});
}, 30_000);

function sshArgs(command: string): string[] {
	const {ssh} = info;
	return [
		'-F',
		'/dev/null',
		'-i',
		ssh.identityFile,
		'-o',
		'IdentitiesOnly=yes',
		'-o',
		`UserKnownHostsFile=${ssh.knownHostsFile}`,
		'-o',
		'GlobalKnownHostsFile=/dev/null',
		'-o',
		'StrictHostKeyChecking=yes',
		'-o',
		'BatchMode=yes',
		'-o',
		'ConnectTimeout=5',
		'-p',
		String(ssh.port),
		`${ssh.user}@127.0.0.1`,
		command,
	];
}

function ssh(command: string): Promise<Ran> {
	return run('ssh', sshArgs(command));
}

function run(command: string, args: string[]): Promise<Ran> {
	return new Promise(resolve => {
		execFile(command, args, {timeout: 20_000}, (error, stdout, stderr) =>
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
		);
	});
}

function parseShow(text: string): Array<Record<string, string>> {
	return text
		.trim()
		.split('\n\n')
		.map(block =>
			Object.fromEntries(
				block.split('\n').map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
			),
		);
}

/** systemd-nspawn and every process of the VM, as of now. */
function notePids(): void {
	seenPids.add(info.pids.nspawn);
	for (const entry of vmProcesses(info)) seenPids.add(entry.pid);
}

const uidOf = (pid: number) =>
	Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

describe('the lab VM', () => {
	test('starts and describes itself in lab.json', () => {
		// Not a benchmark: the figure is for people reading the run (docs/LAB.md has measured times).
		process.stdout.write(`lab started in ${startMs} ms\n`);
		expect(readLabInfo(dir)).toEqual(info);
		expect(info).toMatchObject({
			dir,
			root: join(dir, 'vm', 'root'),
			config: join(dir, 'pg-ops.yaml'),
			tokenKey: 'OPS_VERIFY_TOKEN',
			envFile: join(dir, 'vm', 'root', 'etc', 'app', 'backend.env'),
			inVm: {appBase: '/opt/app', envFile: '/etc/app/backend.env', backups: '/opt/app/backups'},
			vm: {hostname: 'lab-vm'},
		});
		expect(info.ssh).toMatchObject({
			host: '127.0.0.1',
			user: 'deploy',
			readOnlyUser: 'viewer',
			identityFile: join(dir, 'client_key'),
			knownHostsFile: join(dir, 'known_hosts'),
		});
		expect(info.database).toEqual({
			host: '127.0.0.1',
			port: expect.any(Number),
			name: 'analytics',
			user: 'ops',
			readOnlyUser: 'ops_viewer',
			passwordFile: join(dir, 'db-password'),
		});
		expect(info.http).toEqual({
			baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
			verifyPath: '/ops/verify',
		});
		expect(isProcessAlive(info.pids.nspawn) && isProcessAlive(info.pids.vm)).toBe(true);
	});

	test('writes known_hosts as OpenSSH does for a non-22 port, with the fingerprint ssh-keygen computes', async () => {
		expect(info.ssh.hostPublicKey).toMatch(/^ssh-ed25519 AAAA[\w+/=]+$/);
		expect(readFileSync(info.ssh.knownHostsFile, 'utf8')).toBe(
			`[127.0.0.1]:${info.ssh.port} ${info.ssh.hostPublicKey}\n`,
		);
		const listed = await run('ssh-keygen', ['-l', '-f', info.ssh.knownHostsFile]);
		expect(listed.stdout).toContain(info.ssh.hostKeyFingerprint);
		expect(statSync(info.ssh.identityFile).mode & 0o777).toBe(0o600);
	});

	test('refuses to start a second lab in the same dir', async () => {
		await expect(startLab({dir})).rejects.toBeInstanceOf(LabAlreadyRunningError);
		expect(readLabInfo(dir)).toEqual(info);
	});

	test("writes a pg-ops.yaml that reaches everything over SSH, at the VM's paths, and that the config schema accepts", () => {
		const lab = configSchema.parse(YAML.parse(readFileSync(info.config, 'utf8'))).environments.lab!;
		expect(lab).toMatchObject({transport: 'ssh', hosts: ['127.0.0.1'], shellPath: []});
		expect(lab.ssh).toEqual({
			user: 'deploy',
			readOnlyUser: 'viewer',
			port: info.ssh.port,
			identityFile: info.ssh.identityFile,
			knownHostsFile: info.ssh.knownHostsFile,
		});
		expect(lab.http).toMatchObject({
			baseUrl: info.http.baseUrl,
			via: 'ssh',
			token: {command: `cat '${join(dir, 'ops-token')}'`, header: 'x-ops-token'},
		});
		expect(lab.database).toEqual({
			host: '127.0.0.1',
			port: info.database.port,
			name: 'analytics',
			user: 'ops',
			readOnlyUser: 'ops_viewer',
			password: {command: `cat '${info.database.passwordFile}'`},
			via: 'ssh',
		});
		expect(lab.services.map(s => s.name)).toEqual(['app-web', 'app-orchestrator', 'app-intake']);
		expect(lab.disk).toMatchObject({mounts: ['/'], largestUnder: ['/opt/app/logs']});
		expect(lab.disk!.warnPercent).toBeLessThan(lab.disk!.critPercent);
		expect(lab.secrets[0]).toMatchObject({
			key: 'OPS_VERIFY_TOKEN',
			envFile: '/etc/app/backend.env',
			restart: ['app-web'],
		});
		expect(lab.slots).toMatchObject({base: '/opt/app', releases: ['blue', 'green']});
		for (const secret of [info.database.passwordFile, join(dir, 'ops-token')])
			expect(statSync(secret).mode & 0o777).toBe(0o600);
	});

	test('over SSH the deploy user (not root) is on a VM whose PID 1 is systemd, with the units in their states', async () => {
		const result = await ssh(
			'systemctl show -p Id,ActiveState app-web app-orchestrator; echo ---; id -un; ps -o comm= -p 1; systemctl is-system-running || :',
		);
		expect(result).toMatchObject({code: 0, stderr: ''});
		const [units, rest] = result.stdout.split('---\n');
		expect(parseShow(units!)).toEqual([
			{Id: 'app-web.service', ActiveState: 'active'},
			{Id: 'app-orchestrator.service', ActiveState: 'failed'},
		]);
		// degraded: app-orchestrator failed at boot, as the lab seeds it.
		expect(rest).toBe('deploy\nsystemd\ndegraded\n');
	});

	test('sudo -n restarts a unit for real; without sudo systemd says Access denied; the journal needs sudo too', async () => {
		const restarted = await ssh(
			'sudo -n systemctl restart app-orchestrator && systemctl show -p ActiveState,MainPID app-orchestrator',
		);
		expect(restarted.code).toBe(0);
		const [state] = parseShow(restarted.stdout);
		expect(state!.ActiveState).toBe('active');
		const mainPid = Number(state!.MainPID);
		// The VM's pid 1 numbers it its own way; the host finds it in the VM's processes, run as deploy (User=).
		const unitProcess = vmProcesses(info).find(p =>
			p.commandLine.includes('worker.js --unit app-orchestrator'),
		);
		expect(unitProcess).toBeDefined();
		expect(uidOf(unitProcess!.pid)).toBe(1001);
		expect(mainPid).toBeGreaterThan(1);
		const refused = await ssh('systemctl stop app-orchestrator');
		expect(refused.code).toBe(4);
		expect(refused.stderr).toContain('Failed to stop app-orchestrator.service: Access denied');
		const withoutSudo = await ssh('journalctl -u app-orchestrator -n 50 --no-pager');
		expect(withoutSudo.stderr).toContain("Users in groups 'adm', 'systemd-journal' can see all messages.");
		const journal = await ssh('sudo -n journalctl -u app-orchestrator -n 50 --no-pager');
		expect(journal.stdout).toContain('lease renewal for job 4411 failed');
		expect(journal.stdout).toContain("app-orchestrator.service: Failed with result 'exit-code'.");
		notePids();
	});

	test('sudo -n for anything else asks for a password, and so fails', async () => {
		const refused = await ssh('sudo -n true');
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toContain('a password is required');
		expect((await ssh('sudo -n /usr/bin/id -u')).stderr).toContain('a password is required');
	});

	test('df and du in the VM read a real filesystem: the disk the lab dir is on', async () => {
		const df = await ssh('df -P -k / && du -sk /opt/app/logs');
		expect(df.code).toBe(0);
		const [, root, du] = df.stdout.trim().split('\n');
		const [device, size] = root!.split(/\s+/);
		expect(device).toBe('overlay');
		const host = await run('df', ['-P', '-k', dir]);
		expect(Number(size)).toBe(Number(host.stdout.trim().split('\n')[1]!.split(/\s+/)[1]));
		expect(Number(du!.split(/\s+/)[0])).toBeGreaterThan(1000);
	});
	test('app-web answers on the HTTP port, with blue deployed and the real PostgreSQL behind it', async () => {
		const get = async (path: string, headers: Record<string, string> = {}) => {
			const response = await fetch(`${info.http.baseUrl}${path}`, {headers});
			return {status: response.status, body: (await response.json()) as Record<string, unknown>};
		};
		expect(await get('/healthz')).toEqual({status: 200, body: {ok: true}});
		expect(await get('/readyz')).toEqual({status: 200, body: {ok: true, db: 'ok'}});
		const token = readFileSync(join(dir, 'ops-token'), 'utf8').trim();
		expect(readFileSync(info.envFile, 'utf8')).toContain(`OPS_VERIFY_TOKEN=${token}\n`);
		const blueSha = readFileSync(join(info.root, 'opt', 'app', 'releases', 'blue', '.gitsha'), 'utf8').trim();
		expect(await get(info.http.verifyPath, {'x-ops-token': token})).toMatchObject({
			status: 200,
			body: {ok: true, git_sha: blueSha, slot: 'blue'},
		});
		expect((await get(info.http.verifyPath, {'x-ops-token': 'wrong'})).status).toBe(401);
		const health = await get('/ops/model-health');
		expect(health.body).toMatchObject({
			pipeline_ok: true,
			jobs_freshness: {calibration_trainer: {stale: true}},
		});
	});

	test('PostgreSQL takes the ops role with its password and holds the three stuck jobs', async () => {
		const password = readFileSync(info.database.passwordFile, 'utf8').trim();
		const client = new pg.Client({
			host: '127.0.0.1',
			port: info.database.port,
			user: 'ops',
			password,
			database: 'analytics',
		});
		await client.connect();
		try {
			const stuck = await client.query<{id: string}>(
				`SELECT id FROM jobs WHERE status = 'processing' AND created_at < now() - interval '1 hour' ORDER BY id`,
			);
			expect(stuck.rows.map(row => Number(row.id))).toEqual([4411, 4414, 4417]);
			const version = await client.query<{server_version: string}>('SHOW server_version');
			expect(version.rows[0]!.server_version).toMatch(/^\d+/);
		} finally {
			await client.end();
		}
		const wrong = new pg.Client({
			host: '127.0.0.1',
			port: info.database.port,
			user: 'ops',
			password: 'wrong',
			database: 'analytics',
		});
		await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
	});

	test('stopSshd drops open sessions and refuses connections; restartSshd brings it back on the same port', async () => {
		const session = spawn('ssh', sshArgs('echo ready; sleep 60'), {stdio: ['ignore', 'pipe', 'pipe']});
		const ended = new Promise<number | null>(resolve => session.once('exit', code => resolve(code)));
		await new Promise<void>(resolve =>
			session.stdout.on('data', chunk => String(chunk).includes('ready') && resolve()),
		);
		notePids();
		await stopSshd(dir);
		expect(await ended).toBe(255);
		const refused = await ssh('true');
		expect(refused.code).toBe(255);
		expect(refused.stderr).toContain('Connection refused');

		await restartSshd(dir);
		// Same port, same host key: known_hosts from the start still verifies it.
		expect(await ssh('whoami')).toMatchObject({code: 0, stdout: `${info.ssh.user}\n`});
		notePids();
	});

	test('stopLab powers the VM off and leaves no process, cgroup or mount; a second stop is harmless', async () => {
		notePids();
		expect(await stopLab({dir})).toEqual({wasRunning: true});
		expect([...seenPids].filter(pid => pid > 0 && isProcessAlive(pid))).toEqual([]);
		for (const hierarchy of cgroupHierarchies())
			expect(existsSync(join(hierarchy, info.vm.cgroup))).toBe(false);
		expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(info.root);
		expect(readLabInfo(dir)).toBeUndefined();
		expect(await stopLab({dir})).toEqual({wasRunning: false});
	}, 60_000);
});
