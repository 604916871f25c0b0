// The SSH lab end to end, checked with real clients (OpenSSH's ssh, fetch, pg), not pg-ops: the demo's
// simulated VM behind a real sshd (non-root user, narrow sudo) and a real PostgreSQL, then nothing left behind.
// Needs root and the built demo (npm run build); installs openssh-server, postgresql and sudo when missing.
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
} from './lab/index.js';
import {descendantsOf, listProcesses} from './lab/process-table.js';
import {sudoersFileFor} from './lab/sudo-rule.js';

interface Ran {
	code: number;
	stdout: string;
	stderr: string;
}

let dir: string;
let info: LabInfo;
let labUid: number;
let startMs: number;
// Every pid the lab ever ran, to prove stopLab leaves none behind.
const seenPids = new Set<number>();

beforeAll(ensureLabPrerequisites, 600_000);

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pg-ops-lab-'));
	const began = Date.now();
	info = await startLab({dir});
	startMs = Date.now() - began;
	labUid = statSync(join(dir, 'home')).uid;
	notePids();
}, 60_000);

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

/** The sshd and postgres trees and everything the lab user runs, as of now. */
function notePids(): void {
	const processes = listProcesses();
	for (const pid of [info.pids.sshd, info.pids.postgres, readLabInfo(dir)?.pids.sshd ?? 0]) {
		seenPids.add(pid);
		for (const entry of descendantsOf(pid, processes)) seenPids.add(entry.pid);
	}
	for (const entry of processes) if (entry.uid === labUid && entry.state !== 'Z') seenPids.add(entry.pid);
}

describe('the SSH lab', () => {
	test('starts within seconds and describes itself in lab.json', () => {
		expect(startMs).toBeLessThan(20_000);
		expect(readLabInfo(dir)).toEqual(info);
		expect(info).toMatchObject({
			dir,
			root: join(dir, 'root'),
			config: join(dir, 'pg-ops.yaml'),
			tokenKey: 'OPS_VERIFY_TOKEN',
			envFile: join(dir, 'root', 'etc', 'app', 'backend.env'),
		});
		expect(info.ssh).toMatchObject({
			host: '127.0.0.1',
			user: expect.stringMatching(/^pgops-lab-[0-9a-f]{8}$/),
			identityFile: join(dir, 'client_key'),
			knownHostsFile: join(dir, 'known_hosts'),
		});
		expect(info.database).toEqual({
			host: '127.0.0.1',
			port: expect.any(Number),
			name: 'analytics',
			user: 'ops',
			passwordFile: join(dir, 'db-password'),
		});
		expect(info.http).toEqual({
			baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
			verifyPath: '/ops/verify',
		});
		expect(isProcessAlive(info.pids.sshd) && isProcessAlive(info.pids.postgres)).toBe(true);
		expect(labUid).not.toBe(0);
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

	test('writes a pg-ops.yaml that reaches everything over SSH and that the config schema accepts', () => {
		const lab = configSchema.parse(YAML.parse(readFileSync(info.config, 'utf8'))).environments.lab!;
		expect(lab).toMatchObject({transport: 'ssh', hosts: ['127.0.0.1'], shellPath: []});
		expect(lab.ssh).toEqual({
			user: info.ssh.user,
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
			password: {command: `cat '${info.database.passwordFile}'`},
			via: 'ssh',
		});
		expect(lab.services.map(s => s.name)).toEqual(['app-web', 'app-orchestrator', 'app-intake']);
		expect(lab.disk).toMatchObject({
			mounts: [info.root],
			largestUnder: [join(info.root, 'opt', 'app', 'logs')],
		});
		expect(lab.disk!.warnPercent).toBeLessThan(lab.disk!.critPercent);
		expect(lab.secrets[0]).toMatchObject({
			key: 'OPS_VERIFY_TOKEN',
			envFile: info.envFile,
			restart: ['app-web'],
		});
		expect(lab.slots).toMatchObject({base: join(info.root, 'opt', 'app'), releases: ['blue', 'green']});
		for (const secret of [info.database.passwordFile, join(dir, 'ops-token')])
			expect(statSync(secret).mode & 0o777).toBe(0o600);
	});

	test('over SSH the lab user (not root) sees the units, with the stand-in on its PATH', async () => {
		const result = await ssh(
			'systemctl show -p Id,ActiveState app-web app-orchestrator; echo ---; whoami; echo $PATH',
		);
		expect(result).toMatchObject({code: 0, stderr: ''});
		const [units, account] = result.stdout.split('---\n');
		expect(parseShow(units!)).toEqual([
			{Id: 'app-web.service', ActiveState: 'active'},
			{Id: 'app-orchestrator.service', ActiveState: 'failed'},
		]);
		expect(account).toBe(`${info.ssh.user}\n${join(info.root, 'bin')}:/usr/local/bin:/usr/bin:/bin\n`);
	});

	test('sudo -n runs the stand-in as root, and the unit it starts still runs as the lab user', async () => {
		const restarted = await ssh(
			'sudo -n systemctl restart app-orchestrator && systemctl show -p ActiveState,MainPID app-orchestrator',
		);
		expect(restarted.code).toBe(0);
		const [state] = parseShow(restarted.stdout);
		expect(state!.ActiveState).toBe('active');
		const mainPid = Number(state!.MainPID);
		expect(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${mainPid}/status`, 'utf8'))?.[1]).toBe(String(labUid));
		// Stopping it again without sudo proves the lab user owns what sudo started.
		const stopped = await ssh('systemctl stop app-orchestrator && systemctl is-active app-orchestrator');
		expect(stopped.stdout.trim()).toBe('inactive');
		expect(isProcessAlive(mainPid)).toBe(false);
		const journal = await ssh('sudo -n journalctl -u app-orchestrator -n 50');
		expect(journal.stdout).toContain('lease renewal for job 4411 failed');
		await ssh('sudo -n systemctl start app-orchestrator');
		notePids();
	});

	test('sudo -n for anything else asks for a password, and so fails', async () => {
		const refused = await ssh('sudo -n true');
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toContain('a password is required');
		expect((await ssh('sudo -n /usr/bin/id -u')).stderr).toContain('a password is required');
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
		const restarted = readLabInfo(dir)!;
		expect(restarted.ssh.port).toBe(info.ssh.port);
		expect(restarted.pids.sshd).not.toBe(info.pids.sshd);
		expect(isProcessAlive(restarted.pids.sshd)).toBe(true);
		// Same host key: known_hosts from the start still verifies it.
		expect(await ssh('whoami')).toMatchObject({code: 0, stdout: `${info.ssh.user}\n`});
		notePids();
	});

	test('stopLab stops every process it started and removes what it added to the system; a second stop is harmless', async () => {
		notePids();
		const sudoers = sudoersFileFor(dir);
		expect(existsSync(sudoers)).toBe(true);
		expect(statSync(sudoers).mode & 0o777).toBe(0o440);

		expect(await stopLab({dir})).toEqual({wasRunning: true});
		expect([...seenPids].filter(pid => pid > 0 && isProcessAlive(pid))).toEqual([]);
		expect(listProcesses().filter(entry => entry.uid === labUid && entry.state !== 'Z')).toEqual([]);
		expect(existsSync(sudoers)).toBe(false);
		expect((await run('getent', ['passwd', info.ssh.user])).code).not.toBe(0);
		expect(readLabInfo(dir)).toBeUndefined();
		expect(existsSync(join(dir, 'lab-system.json'))).toBe(false);
		expect(await stopLab({dir})).toEqual({wasRunning: false});
	}, 30_000);
});
