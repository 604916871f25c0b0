// pg-ops over real SSH and real PostgreSQL: the lab's OpenSSH server, PostgreSQL reached through
// the tunnel, the HTTP service reached through the host. Host keys, reconnects and sudo, for real.
import {execFileSync, spawnSync} from 'node:child_process';
import YAML from 'yaml';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {waitFor} from '../support/wait.js';
import {inVm, restartSshd, stopSshd} from '../lab/index.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {PaneData} from '../../source/core/panes.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runPrivileged} from '../../source/engine/privileged.js';
import {SudoPasswordError} from '../../source/adapters/ssh/errors.js';
import {runCli} from '../support/cli.js';
import {useLab} from '../support/use-lab.js';

const lab = useLab('pg-ops-ssh');

const withKnownHosts = (text: string): NamedEnvironment => {
	const file = path.join(lab.dir, `known_hosts.${Math.random().toString(36).slice(2)}`);
	writeFileSync(file, text);
	return {...lab.env, ssh: {...lab.env.ssh, knownHostsFile: file}};
};

// Logins the VM's sshd accepted, from its journal (synced first: journald writes as it gets to it).
const sshdLogins = async () => {
	await inVm(lab.info, ['journalctl', '--sync']);
	const journal = await inVm(lab.info, ['journalctl', '-u', 'ssh.service', '-o', 'cat', '--no-pager']);
	return (journal.match(/Accepted publickey/g) ?? []).length;
};

describe('the dashboard over SSH', () => {
	it('shows the same data as the demo does locally, over one SSH connection', async () => {
		const loginsBefore = await sshdLogins();
		const {report, panes, slot} = await collectStatus(lab.env);
		expect(report.status).toBe('unhealthy');
		expect(report.host).toBe(`${lab.info.ssh.user}@127.0.0.1:${lab.info.ssh.port}`);
		const services = panes.services.data as PaneData['services'];
		expect(services.items.map(s => [s.name, s.state])).toEqual([
			['app-web', 'active'],
			['app-orchestrator', 'failed'],
			['app-intake', 'active'],
		]);
		expect(services.items[0]!.health).toMatchObject({ok: true, status: 200});
		expect((panes.jobs.data as PaneData['jobs']).items.filter(j => j.stale).map(j => j.name)).toEqual([
			'calibration_trainer',
		]);
		expect((panes.disk.data as PaneData['disk']).items[0]).toMatchObject({near: true});
		const etl = panes.etl.data as PaneData['etl'];
		expect(etl.count).toBe(3);
		expect(etl.items.map(i => i.id)).toContain('4411');
		expect((panes.slo.data as PaneData['slo']).items.map(i => i.level)).toEqual(['ok', 'ok', 'warning']);
		expect(slot?.release).toBe('blue');
		expect(slot?.runningSha).toBe(
			readFileSync(path.join(lab.info.root, 'opt/app/releases/blue/.gitsha'), 'utf8').trim(),
		);
		expect((await sshdLogins()) - loginsBefore).toBe(1);
	});

	it('queries the database through the tunnel, not directly', async () => {
		const runtime = createRuntime(lab.env);
		try {
			const rows = await runtime.database!.query<{user: string; db: string}>(
				'SELECT current_user AS user, current_database() AS db',
			);
			expect(rows[0]).toEqual({user: lab.info.database.user, db: lab.info.database.name});
			const localPort = await runtime.host.tunnel!(lab.info.database.host, lab.info.database.port);
			expect(localPort).not.toBe(lab.info.database.port);
		} finally {
			await runtime.close();
		}
	});

	it('status --json --env lab exits as on the demo', () => {
		const result = runCli(['status', '--config', lab.info.config, '--env', 'lab', '--json']);
		expect(result.code).toBe(2);
		const report = JSON.parse(result.stdout);
		// Every pane pg-ops has (checks and alerts are the team's own: not configured on the lab's environment).
		expect(Object.keys(report.panes).sort()).toEqual([
			'alerts',
			'checks',
			'disk',
			'etl',
			'jobs',
			'services',
			'slo',
		]);
		expect(report.transport).toBe('ssh');
	});
});

describe('host keys', () => {
	it('a wrong known-hosts entry is refused loudly, with the offered fingerprint', async () => {
		execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(lab.dir, 'other-host-key')]);
		const other = readFileSync(path.join(lab.dir, 'other-host-key.pub'), 'utf8')
			.trim()
			.split(' ')
			.slice(0, 2)
			.join(' ');
		const {report, panes} = await collectStatus(
			withKnownHosts(`[127.0.0.1]:${lab.info.ssh.port} ${other}\n`),
		);
		expect(report.status).toBe('error');
		expect(panes.services.error).toContain('HOST KEY CHANGED');
		expect(panes.services.error).toContain(lab.info.ssh.hostKeyFingerprint);
	});

	it('an unknown host is refused with its fingerprint until trusted, then remembered', async () => {
		const untrusted = withKnownHosts('');
		const first = await collectStatus(untrusted);
		expect(first.panes.disk.error).toContain('not a known host');
		expect(first.panes.disk.error).toContain(lab.info.ssh.hostKeyFingerprint);
		const wrongPrint = await collectStatus(untrusted, {trustHostKey: 'SHA256:not-this-one'});
		expect(wrongPrint.panes.disk.status).toBe('error');
		const trusted = await collectStatus(untrusted, {trustHostKey: lab.info.ssh.hostKeyFingerprint});
		expect(trusted.panes.disk.status).not.toBe('error');
		expect(readFileSync(untrusted.ssh.knownHostsFile!, 'utf8')).toContain(
			`[127.0.0.1]:${lab.info.ssh.port} ssh-ed25519 `,
		);
		expect((await collectStatus(untrusted)).panes.disk.status).not.toBe('error');
	});

	it('a hashed known-hosts entry is accepted', async () => {
		const file = path.join(lab.dir, 'known_hosts.hashed');
		writeFileSync(file, readFileSync(lab.info.ssh.knownHostsFile, 'utf8'));
		execFileSync('ssh-keygen', ['-H', '-f', file], {stdio: 'ignore'});
		expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/);
		const {panes} = await collectStatus({...lab.env, ssh: {...lab.env.ssh, knownHostsFile: file}});
		expect(panes.services.status).toBe('critical');
	});

	it('a revoked key is refused even when another line trusts it', async () => {
		const line = readFileSync(lab.info.ssh.knownHostsFile, 'utf8').trim();
		const {panes} = await collectStatus(
			withKnownHosts(`${line}\n@revoked * ${line.split(' ').slice(1).join(' ')}\n`),
		);
		expect(panes.services.error).toContain('REVOKED');
	});
});

describe('system-wide known hosts (GlobalKnownHostsFile), as OpenSSH reads them', () => {
	const labLine = () => readFileSync(lab.info.ssh.knownHostsFile, 'utf8').trim();
	/** An ssh_config naming a global known-hosts file holding `text`, and the environment reading it. */
	const withGlobal = (name: string, text: string) => {
		const global = path.join(lab.dir, `global_known_hosts.${name}`);
		writeFileSync(global, text);
		const sshConfig = path.join(lab.dir, `ssh_config.${name}`);
		writeFileSync(sshConfig, `GlobalKnownHostsFile ${global}\n`);
		return {global, sshConfig, env: {...lab.env, ssh: {...lab.env.ssh, configFile: sshConfig}}};
	};
	const openssh = (sshConfig: string) =>
		spawnSync(
			'ssh',
			[
				'-F',
				sshConfig,
				'-o',
				`UserKnownHostsFile=${lab.info.ssh.knownHostsFile}`,
				'-o',
				'BatchMode=yes',
				'-i',
				lab.info.ssh.identityFile,
				'-p',
				String(lab.info.ssh.port),
				`${lab.info.ssh.user}@127.0.0.1`,
				'true',
			],
			{encoding: 'utf8', timeout: 30_000},
		);

	it('a key revoked there is refused although the user file trusts it, as OpenSSH refuses it', async () => {
		const {global, sshConfig, env} = withGlobal(
			'revoked',
			`@revoked * ${labLine().split(' ').slice(1).join(' ')}\n`,
		);
		const ssh = openssh(sshConfig);
		expect(ssh.status).toBe(255);
		expect(ssh.stderr).toMatch(/REVOKED/);
		const {report, panes} = await collectStatus(env);
		expect(report.status).toBe('error');
		expect(panes.services.error).toContain('REVOKED');
		expect(panes.services.error).toContain(`${global}:1`);
	});

	it('a key listed there is trusted with an empty user file (the file is read, not only for revocations)', async () => {
		const {sshConfig, env} = withGlobal('trusted', `${labLine()}\n`);
		expect(openssh(sshConfig).status).toBe(0);
		const own = path.join(lab.dir, 'known_hosts.empty-own');
		writeFileSync(own, '');
		const {panes} = await collectStatus({...env, ssh: {...env.ssh, knownHostsFile: own}});
		expect(panes.services.error).toBeUndefined();
		expect(panes.services.status).toBe('critical');
	});
});

describe('a connection that drops', () => {
	it('panes go stale while sshd is down and recover when it is back', async () => {
		const engine = new ConsoleEngine({...lab.env, refreshSeconds: 1, probeTimeoutSeconds: 2});
		const state = () => engine.store.getSnapshot();
		try {
			engine.start();
			await waitFor(
				() => state().panes.services.status === 'critical' && state().connection?.status === 'connected',
				15_000,
				'first data over SSH',
			);
			await stopSshd(lab.dir);
			await waitFor(
				() => state().connection?.status === 'reconnecting',
				15_000,
				'the engine to notice the drop',
			);
			await waitFor(
				() => state().panes.services.stale && state().panes.disk.stale,
				15_000,
				'panes to turn stale',
			);
			expect(state().panes.services.data).toBeDefined(); // the last data stays, marked stale
			await restartSshd(lab.dir);
			await waitFor(
				() =>
					state().connection?.status === 'connected' &&
					!state().panes.services.stale &&
					state().panes.services.status === 'critical',
				40_000,
				'recovery',
			);
		} finally {
			await engine.dispose();
		}
	}, 90_000);
});

describe('sudo -n', () => {
	it('runs allowed commands and says plainly when sudo wants a password', async () => {
		const runtime = createRuntime(lab.env);
		try {
			const logs = await runPrivileged(runtime, 'journalctl -u app-orchestrator -n 5 --no-pager', 10_000);
			expect(logs.exitCode).toBe(0);
			expect(logs.command).toBe('sudo -n journalctl -u app-orchestrator -n 5 --no-pager');
			const refused = runPrivileged(runtime, 'true', 10_000);
			await expect(refused).rejects.toBeInstanceOf(SudoPasswordError);
			await expect(refused).rejects.toThrow(/sudo on .* wants a password for: true.*NOPASSWD/);
		} finally {
			await runtime.close();
		}
	});
});

describe('connecting as ssh would', () => {
	it("through a jump host (a forwarded stream as the second connection's socket)", async () => {
		const loginsBefore = await sshdLogins();
		const {panes} = await collectStatus({
			...lab.env,
			ssh: {...lab.env.ssh, jumpHost: `${lab.info.ssh.user}@127.0.0.1:${lab.info.ssh.port}`},
		});
		expect(panes.services.error).toBeUndefined();
		expect(panes.services.status).toBe('critical');
		expect(panes.etl.status).toBe('critical');
		expect((await sshdLogins()) - loginsBefore).toBe(2); // the jump host, then the target through it
	});

	it('an unknown jump host is refused as the jump host, and trusting it lets the connection through', async () => {
		// The jump host is the same sshd reached as "localhost": a name the known-hosts file doesn't have.
		const jumpEnv: NamedEnvironment = {
			...lab.env,
			ssh: {
				...lab.env.ssh,
				knownHostsFile: path.join(lab.dir, 'known_hosts.jump'),
				jumpHost: `${lab.info.ssh.user}@localhost:${lab.info.ssh.port}`,
			},
		};
		writeFileSync(jumpEnv.ssh.knownHostsFile!, readFileSync(lab.info.ssh.knownHostsFile, 'utf8'));
		const runtime = createRuntime(jumpEnv);
		try {
			await expect(runtime.host.exec('true', {timeoutMs: 10_000})).rejects.toThrow(
				/localhost:\d+ is not a known host/,
			);
			const refused = runtime.host.connectionState!();
			expect(refused.hostKeyError?.role).toBe('jump host');
			await runtime.host.trustHostKey!(refused.hostKeyError!.fingerprint); // what the console's dialog calls
			expect((await runtime.host.exec('echo through', {timeoutMs: 10_000})).stdout.trim()).toBe('through');
			expect(readFileSync(jumpEnv.ssh.knownHostsFile!, 'utf8')).toContain(
				`[localhost]:${lab.info.ssh.port} ssh-ed25519 `,
			);
		} finally {
			await runtime.close();
		}
	});

	it('an unknown jump host: the --trust-host-key its error suggests lets pg-ops status through', () => {
		// The jump host is the same sshd reached as "localhost": a name the known-hosts file doesn't have.
		const knownHosts = path.join(lab.dir, 'known_hosts.jump-cli');
		writeFileSync(knownHosts, readFileSync(lab.info.ssh.knownHostsFile, 'utf8'));
		const yaml = YAML.parse(readFileSync(lab.info.config, 'utf8')) as {
			environments: {lab: {ssh: Record<string, unknown>}};
		};
		yaml.environments.lab.ssh = {
			...yaml.environments.lab.ssh,
			knownHostsFile: knownHosts,
			jumpHost: `${lab.info.ssh.user}@localhost:${lab.info.ssh.port}`,
		};
		const config = path.join(lab.dir, 'pg-ops.jump-cli.yaml');
		writeFileSync(config, YAML.stringify(yaml));
		const status = (...extra: string[]) =>
			runCli(['status', '--config', config, '--env', 'lab', ...extra], {
				env: {PGOPS_STATE_DIR: lab.stateDir},
			});
		const refused = status();
		expect(refused.code).toBe(1);
		const suggested = /--trust-host-key (SHA256:[A-Za-z0-9+/]+)/.exec(refused.stdout + refused.stderr);
		expect(suggested?.[1]).toBe(lab.info.ssh.hostKeyFingerprint);
		const trusted = status('--trust-host-key', suggested![1]!);
		expect(trusted.stdout + trusted.stderr).not.toContain('not a known host');
		expect(trusted.code).toBe(2); // through: the lab is unhealthy (a failed service), not unreachable
		expect(readFileSync(knownHosts, 'utf8')).toContain(`[localhost]:${lab.info.ssh.port} ssh-ed25519 `);
	});

	it('a fleet behind an unknown jump host: --trust-host-key reaches the shared jump connection too', async () => {
		const sshConfig = path.join(lab.dir, 'ssh_config.jump-fleet');
		writeFileSync(sshConfig, 'Host app-a app-b\n  HostName 127.0.0.1\n');
		const knownHosts = path.join(lab.dir, 'known_hosts.jump-fleet');
		writeFileSync(knownHosts, readFileSync(lab.info.ssh.knownHostsFile, 'utf8'));
		const env: NamedEnvironment = {
			...lab.env,
			hosts: ['app-a', 'app-b'],
			ssh: {
				...lab.env.ssh,
				configFile: sshConfig,
				knownHostsFile: knownHosts,
				jumpHost: `${lab.info.ssh.user}@localhost:${lab.info.ssh.port}`,
			},
		};
		const refused = await collectStatus(env);
		expect(refused.fleet?.hosts.map(h => h.error ?? '')).toEqual([
			expect.stringMatching(/localhost:\d+ is not a known host/),
			expect.stringMatching(/localhost:\d+ is not a known host/),
		]);
		const {fleet} = await collectStatus(env, {trustHostKey: lab.info.ssh.hostKeyFingerprint});
		expect(fleet?.hosts.map(h => [h.name, h.error])).toEqual([
			['app-a', undefined],
			['app-b', undefined],
		]);
	});

	it('with the key from ssh-agent and the host, port and user from a ~/.ssh/config alias', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-home-'));
		const agentSocket = path.join(home, 'agent.sock');
		const agent = execFileSync('ssh-agent', ['-a', agentSocket, '-s'], {encoding: 'utf8'});
		const agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(agent)![1]);
		const saved = {HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK};
		try {
			execFileSync('ssh-add', [lab.info.ssh.identityFile], {
				env: {...process.env, SSH_AUTH_SOCK: agentSocket},
				stdio: 'ignore',
			});
			execFileSync('mkdir', ['-p', path.join(home, '.ssh')]);
			writeFileSync(
				path.join(home, '.ssh', 'config'),
				`Host lab-vm\n  HostName 127.0.0.1\n  Port ${lab.info.ssh.port}\n  User ${lab.info.ssh.user}\n  Match exec "touch ${home}/exec-ran"\n  User nobody\n`,
			);
			process.env.HOME = home;
			process.env.SSH_AUTH_SOCK = agentSocket;
			// No user, port or identity file in pg-ops.yaml: all of it comes from the alias and the agent.
			const aliased: NamedEnvironment = {
				...lab.env,
				hosts: ['lab-vm'],
				ssh: {knownHostsFile: lab.env.ssh.knownHostsFile},
			};
			const {report, panes} = await collectStatus(aliased);
			expect(report.host).toBe(`${lab.info.ssh.user}@lab-vm`);
			expect(panes.services.status).toBe('critical');
			expect(existsSync(path.join(home, 'exec-ran'))).toBe(false); // Match exec is never run
		} finally {
			process.env.HOME = saved.HOME;
			if (saved.SSH_AUTH_SOCK === undefined) delete process.env.SSH_AUTH_SOCK;
			else process.env.SSH_AUTH_SOCK = saved.SSH_AUTH_SOCK;
			process.kill(agentPid);
			rmSync(home, {recursive: true, force: true});
		}
	});
});

describe('read-only environments', () => {
	it('open database sessions the server keeps read-only', async () => {
		const runtime = createRuntime(lab.env, {readOnly: true});
		try {
			const [setting] = await runtime.database!.query<{value: string}>(
				"SELECT current_setting('default_transaction_read_only') AS value",
			);
			expect(setting!.value).toBe('on');
			await expect(
				runtime.database!.query("UPDATE jobs SET status = 'failed' WHERE id = 4411"),
			).rejects.toThrow(/read-only transaction/);
		} finally {
			await runtime.close();
		}
	});
});

describe('secrets', () => {
	it('the ops token reaches the service in a header and appears in no output', () => {
		const token = readFileSync(path.join(lab.dir, 'ops-token'), 'utf8').trim();
		const json = runCli(['status', '--config', lab.info.config, '--env', 'lab', '--json']);
		const text = runCli(['status', '--config', lab.info.config, '--env', 'lab']);
		expect(JSON.parse(json.stdout).slot.runningSha).toMatch(/^[0-9a-f]{40}$/); // /ops/verify accepted the token
		for (const output of [json.stdout, json.stderr, text.stdout, text.stderr])
			expect(output).not.toContain(token);
	});
});
