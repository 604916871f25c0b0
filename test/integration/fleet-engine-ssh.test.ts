// The fleet engine over real SSH connections: small in-process SSH servers (ssh2's Server, on
// 127.0.0.1, ports chosen at run time) stand in for the hosts and for a bastion that forwards to
// them. Each host runs the batch for real with `sh`, with a stand-in `systemctl` on the PATH that
// reports the host's own state. Tested: hosts from an ssh_config pattern in ssh.configFile, one
// connection per host and ONE to the shared bastion, a per-host port override, idle-close of
// hidden hosts, a `hosts` entry that matches nothing, and a bastion that never answers a forward.
import {spawn} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import ssh2 from 'ssh2';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runRefresh, type PaneReport} from '../../source/engine/refresh.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {collectStatus} from '../../source/engine/status-report.js';
import type {FleetState} from '../../source/core/fleet/types.js';
import type {PaneData} from '../../source/core/panes.js';
import {waitFor} from '../support/wait.js';
import {ed25519KeyPair} from '../support/ssh2-keys.js';

type FakeServer = {name: string; port: number; connections: number; open: number; server: ssh2.Server};

const hostKey = ed25519KeyPair();
const clientKey = ed25519KeyPair();
const hostNames = ['app-01', 'app-02', 'app-03', 'app-04', 'app-05'];
let dir: string;
let bastion: FakeServer;
let hosts: FakeServer[];
let spare: FakeServer;
let blackholeBastion: FakeServer;

// Any key is accepted: what is tested is pg-ops' side (host keys are still verified against the known-hosts file).
// forwards 'blackhole': as a bastion whose way to the hosts is blackholed, it neither opens nor refuses a forward.
function startServer(name: string, options: {forwards?: 'blackhole'} = {}): Promise<FakeServer> {
	const server = new ssh2.Server({hostKeys: [hostKey.private]}, client => {
		client.on('error', () => {});
		client.on('authentication', ctx =>
			ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey']),
		);
		client.on('ready', () => {
			// Logged-in sessions only: another process on this machine probing a port it had picked (and
			// this server then took) is no connection of pg-ops'.
			fake.connections++;
			fake.open++;
			client.once('close', () => fake.open--);
			client.on('session', accept => {
				const session = accept();
				session.on('exec', (acceptExec, _reject, info) => {
					const channel = acceptExec();
					const child = spawn('/bin/sh', ['-c', info.command], {env: {...process.env, FAKE_HOST: name}});
					child.stdout.pipe(channel, {end: false});
					child.stderr.pipe(channel.stderr, {end: false});
					child.on('close', code => {
						channel.exit(code ?? 1);
						channel.end();
					});
				});
			});
			// As a bastion: direct-tcpip to the hosts.
			client.on('tcpip', (accept, reject, info) => {
				if (options.forwards === 'blackhole') return;
				const socket = net.connect(info.destPort, info.destIP);
				socket.once('connect', () => {
					const channel = accept();
					socket.pipe(channel).pipe(socket);
				});
				socket.once('error', () => reject());
			});
		});
	});
	const fake: FakeServer = {name, port: 0, connections: 0, open: 0, server};
	return new Promise(resolve =>
		server.listen(0, '127.0.0.1', () => {
			fake.port = (server.address() as net.AddressInfo).port;
			resolve(fake);
		}),
	);
}

function environment(lines: string[]): NamedEnvironment {
	const yaml = ['environments:', '  fleet:', ...lines.map(l => `    ${l}`)].join('\n');
	return {
		...parseConfig(yaml, path.join(dir, 'pg-ops.yaml')).environments.fleet!,
		name: 'fleet',
		configFile: path.join(dir, 'pg-ops.yaml'),
	};
}

const common = (
	extra: string[] = [],
	services = '[{name: api, manager: systemd}, {name: worker, manager: systemd}]',
) => [
	'transport: ssh',
	// configFile is relative to pg-ops.yaml; knownHostsFile, as ever, is taken as written.
	`ssh: {configFile: ssh_config, knownHostsFile: ${path.join(dir, 'known_hosts')}}`,
	`shellPath: [${path.join(dir, 'bin')}]`,
	'sudo: false',
	// Generous (it bounds each SSH handshake too): the servers and pg-ops share this test's one process
	// on a busy 2-core machine. The connect timeout's own test sets 1 s.
	'probeTimeoutSeconds: 30',
	`services: ${services}`,
	'disk: {mounts: [/]}',
	...extra,
];

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-fleet-ssh-'));
	bastion = await startServer('bastion');
	hosts = await Promise.all(hostNames.map(name => startServer(name)));
	spare = await startServer('spare');
	blackholeBastion = await startServer('blackhole-bastion', {forwards: 'blackhole'});
	mkdirSync(path.join(dir, 'bin'));
	// The stand-in systemctl: every unit active, but worker failed on app-03.
	writeFileSync(
		path.join(dir, 'bin', 'systemctl'),
		[
			'#!/bin/sh',
			'for u in "$@"; do',
			'  case "$u" in show|--*) continue;; esac',
			'  state=active; [ "$FAKE_HOST:$u" = "app-03:worker.service" ] && state=failed',
			'  printf "Id=%s\\nLoadState=loaded\\nActiveState=%s\\nSubState=running\\n\\n" "$u" "$state"',
			'done',
		].join('\n'),
	);
	chmodSync(path.join(dir, 'bin', 'systemctl'), 0o755);
	writeFileSync(path.join(dir, 'id_ed25519'), clientKey.private, {mode: 0o600});
	const all = [bastion, ...hosts, spare, blackholeBastion];
	writeFileSync(
		path.join(dir, 'known_hosts'),
		all.map(s => `[127.0.0.1]:${s.port} ${hostKey.public}`).join('\n') + '\n',
	);
	writeFileSync(
		path.join(dir, 'ssh_config'),
		[
			'Host bastion',
			'  HostName 127.0.0.1',
			`  Port ${bastion.port}`,
			...hosts.flatMap(h => [
				`Host ${h.name}`,
				'  HostName 127.0.0.1',
				`  Port ${h.port}`,
				'  ProxyJump bastion',
			]),
			'Host *',
			`  User ${os.userInfo().username}`,
			`  IdentityFile ${path.join(dir, 'id_ed25519')}`,
			'  IdentitiesOnly yes',
			'  UserKnownHostsFile /dev/null',
		].join('\n') + '\n',
	);
});

afterAll(async () => {
	await Promise.all(
		[bastion, ...hosts, spare, blackholeBastion].map(s => new Promise(resolve => s.server.close(resolve))),
	);
	rmSync(dir, {recursive: true, force: true});
});

const connectionsNow = () => ({bastion: bastion.connections, hosts: hosts.map(h => h.connections)});

describe('a fleet over SSH', () => {
	it('hosts from an ssh_config pattern, one connection each and one to the shared bastion; every host in the panes', async () => {
		const before = connectionsNow();
		const runtime = createRuntime(environment(common(['hosts: [app-*]'])));
		expect(runtime.hosts.map(h => h.name)).toEqual(hostNames);
		const reports: PaneReport[] = [];
		let fleet: FleetState | undefined;
		try {
			await runRefresh(runtime, {onPane: r => reports.push(r), onFleet: f => (fleet = f)});
			await runRefresh(runtime, {onPane() {}}); // reused, not reopened
			expect(runtime.openConnections()).toBe(6);
		} finally {
			await runtime.close();
		}
		expect(bastion.connections - before.bastion).toBe(1);
		expect(hosts.map((h, i) => h.connections - before.hosts[i]!)).toEqual([1, 1, 1, 1, 1]);
		await waitFor(
			() => bastion.open === 0 && hosts.every(h => h.open === 0),
			5000,
			'every connection closed',
		);

		const services = reports.find(r => r.pane === 'services')!;
		expect(services.status).toBe('critical');
		const data = services.data as PaneData['services'];
		expect(data.items.slice(0, 2).map(i => `${i.host}/${i.name}/${i.state}`)).toEqual([
			'app-03/api/active',
			'app-03/worker/failed',
		]);
		expect(data.fleet!.map(f => `${f.name} ${f.active}/${f.total}`)).toEqual(['api 5/5', 'worker 4/5']);
		expect(
			(reports.find(r => r.pane === 'disk')!.data as PaneData['disk']).items.map(i => i.host).sort(),
		).toEqual(hostNames);
		expect(fleet!.summary).toMatchObject({hosts: 5, answered: 5, unreachable: 0, openConnections: 6});
		expect(fleet!.hosts.find(h => h.name === 'app-03')).toMatchObject({
			status: 'critical',
			problems: ['worker failed'],
		});
	});

	it("an object entry's port beats ssh_config; a pattern matching nothing is a warning naming the field, and the rest still run", async () => {
		const spareBefore = spare.connections;
		const env = environment(common(['hosts: [app-01, {host: app-02, port: ' + spare.port + '}, db-*]']));
		const {report} = await collectStatus(env);
		expect(spare.connections - spareBefore).toBe(1);
		expect(report.warnings).toEqual([
			'environments.fleet.hosts[2] (db-*) matches no Host alias in ssh_config',
		]);
		expect(report.fleet!.summary).toMatchObject({hosts: 2, answered: 2});
		expect(report.host).toBe('2 hosts');
	});

	it('no host expanded: every host pane says why, naming the field', async () => {
		const {report} = await collectStatus(environment(common(['hosts: [db-*]'])));
		expect(report.status).toBe('error');
		expect(report.panes.services.error).toMatch(
			/environments\.fleet\.hosts\[0\] \(db-\*\) matches no Host alias/,
		);
		expect(report.fleet).toBeUndefined();
	});

	it('a dead host is unreachable in status --json, the others answer, and the verdict is at least unhealthy', async () => {
		const closed = await new Promise<number>(resolve => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const {port} = probe.address() as net.AddressInfo;
				probe.close(() => resolve(port));
			});
		});
		const env = environment(
			common([`hosts: [app-01, app-02, {host: app-04, port: ${closed}}]`], '[{name: api, manager: systemd}]'),
		);
		const {report} = await collectStatus(env);
		expect(report.status).toBe('unhealthy');
		expect(report.fleet!.hosts.map(h => [h.name, h.status])).toEqual([
			['app-01', 'ok'],
			['app-02', 'ok'],
			['app-04', 'unreachable'],
		]);
		expect(report.fleet!.hosts[2]!.error).toMatch(/app-04/);
		expect(report.panes.services.status).toBe('warning');
	});

	it('hosts not shown are paused and their connections closed once idle; shown again, they reconnect', async () => {
		const env = environment(common(['hosts: [app-*]', 'refreshSeconds: 3', 'fleet: {idleCloseSeconds: 5}']));
		const engine = new ConsoleEngine(env);
		const state = () => engine.store.getSnapshot();
		const hostState = (name: string) => state().fleet?.hosts.find(h => h.name === name);
		// Generous waits and a 3 s interval (a batch in flight longer than it shows slow, not answered):
		// the servers and pg-ops share this test's process on a busy 2-core machine.
		try {
			engine.start();
			await waitFor(() => state().fleet?.summary.answered === 5, 60_000, 'all five hosts answered');
			expect(state().fleet!.summary.openConnections).toBe(6);
			engine.showHosts(['app-01']);
			await waitFor(
				() => hostNames.slice(1).every(n => hostState(n)?.connection === 'idle'),
				60_000,
				'hidden hosts idle-closed',
			);
			expect(hostState('app-02')!.status).toBe('paused');
			expect(hosts.slice(1).every(h => h.open === 0)).toBe(true);
			expect(hosts[0]!.open).toBe(1);
			expect(bastion.open).toBe(1); // app-01 still goes through it
			expect(state().fleet!.summary.openConnections).toBe(2);
			engine.showHosts(undefined);
			await waitFor(
				() => state().fleet!.summary.answered === 5 && state().fleet!.summary.openConnections === 6,
				60_000,
				'all hosts back',
			);
		} finally {
			await engine.dispose();
		}
	}, 200_000);
});

describe('a bastion that never answers a forward', () => {
	it('each host behind it fails within the connect timeout, naming the jump host, and is not left connecting', async () => {
		const jump = `${os.userInfo().username}@127.0.0.1:${blackholeBastion.port}`;
		const env = environment([
			...common(['hosts: [app-01, app-02]'])
				.map(l =>
					l.startsWith('ssh:')
						? `ssh: {configFile: ssh_config, knownHostsFile: ${path.join(dir, 'known_hosts')}, jumpHost: "${jump}"}`
						: l,
				)
				.map(l => (l.startsWith('probeTimeoutSeconds') ? 'probeTimeoutSeconds: 1' : l)),
		]);
		const runtime = createRuntime(env);
		let fleet: FleetState | undefined;
		try {
			await runRefresh(runtime, {onPane() {}, onFleet: f => (fleet = f)});
			// The connect's own timeout, not the batch's deadline (which would say "timed out after 4s").
			for (const [i, name] of ['app-01', 'app-02'].entries()) {
				expect(fleet!.hosts[i]).toMatchObject({name, status: 'unreachable'});
				expect(fleet!.hosts[i]!.error).toBe(
					`${os.userInfo().username}@${name}: no answer from 127.0.0.1:${hosts[i]!.port} through the jump host ${jump} within 1s`,
				);
			}
			expect(runtime.hosts.map(h => h.host.connectionState!().status)).toEqual(['failed', 'failed']);
			// The next use tries again (it is not stuck behind the first try).
			await runRefresh(runtime, {onPane() {}, onFleet: f => (fleet = f)});
			expect(fleet!.hosts[0]!.error).toMatch(/through the jump host .* within 1s$/);
		} finally {
			await runtime.close();
		}
	}, 20_000);
});

describe('a fleet of 100 hosts behind one bastion', () => {
	it('refreshes every host over at most 101 connections (one per host, the bastion once)', async () => {
		const many = await Promise.all(
			Array.from({length: 100}, (_, i) => startServer(`web-${String(i + 1).padStart(3, '0')}`)),
		);
		try {
			writeFileSync(
				path.join(dir, 'known_hosts_100'),
				[bastion, ...many].map(s => `[127.0.0.1]:${s.port} ${hostKey.public}`).join('\n') + '\n',
			);
			writeFileSync(
				path.join(dir, 'ssh_config_100'),
				[
					...many.flatMap(h => [`Host ${h.name}`, '  HostName 127.0.0.1', `  Port ${h.port}`]),
					'Host *',
					`  User ${os.userInfo().username}`,
					`  IdentityFile ${path.join(dir, 'id_ed25519')}`,
					'  IdentitiesOnly yes',
					'  UserKnownHostsFile /dev/null',
				].join('\n') + '\n',
			);
			// More still for 100: the 100 servers, the bastion and pg-ops share this test's one process, and
			// on 2 busy cores (load 20) 5 s left 13 hosts without a handshake.
			// What is tested is how many connections a refresh makes, not how fast.
			const env = environment([
				...common(['hosts: [web-*]']).map(l =>
					l.startsWith('ssh:')
						? `ssh: {configFile: ssh_config_100, knownHostsFile: ${path.join(dir, 'known_hosts_100')}, jumpHost: "${os.userInfo().username}@127.0.0.1:${bastion.port}"}`
						: l.startsWith('probeTimeoutSeconds')
							? 'probeTimeoutSeconds: 90'
							: l,
				),
			]);
			const bastionBefore = bastion.connections;
			const runtime = createRuntime(env);
			let fleet: FleetState | undefined;
			let peak = 0;
			const counting = setInterval(() => (peak = Math.max(peak, runtime.openConnections())), 5);
			try {
				await runRefresh(runtime, {onPane() {}, onFleet: f => (fleet = f)});
				await runRefresh(runtime, {onPane() {}, onFleet: f => (fleet = f)});
			} finally {
				clearInterval(counting);
				await runtime.close();
			}
			expect(fleet!.summary).toMatchObject({hosts: 100, answered: 100, unreachable: 0, openConnections: 101});
			expect(peak).toBeLessThanOrEqual(101);
			expect(bastion.connections - bastionBefore).toBe(1);
			expect(many.filter(h => h.connections !== 1).map(h => `${h.name}: ${h.connections}`)).toEqual([]);
		} finally {
			await Promise.all(many.map(s => new Promise(resolve => s.server.close(resolve))));
		}
	}, 300_000);
});
