// The lab at fleet size, checked with real clients (OpenSSH's ssh, fetch), not pg-ops: 20 simulated
// hosts on the fleet's sshd processes, each with its own units and disk, sudo per host, a host taken
// down and a slow one, Prometheus scraping app-web; then nothing left behind.
// Needs root and the built demo (npm run build); installs openssh-server, postgresql, sudo and prometheus when missing.
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import YAML from 'yaml';
import {configSchema} from '../../source/core/config/schema.js';
import {expandHosts} from '../../source/core/fleet/host-patterns.js';
import {parseSystemctlShow} from '../../source/core/parsers/systemctl-show.js';
import {parseDf} from '../../source/core/parsers/df.js';
import {parseSshConfig, resolveSshHost} from '../../source/core/ssh/ssh-config.js';
import {isProcessAlive, processCommandLine} from '../../source/demo/processes.js';
import {hostSeed} from '../lab/fleet/fleet-layout.js';
import {demoPrometheusQueries} from '../../source/demo/prometheus-queries.js';
import {
	type LabInfo,
	breakFleetHost,
	crashFleetUnit,
	ensureLabPrerequisitesFor,
	readLabInfo,
	repairFleetHost,
	setFleetDisk,
	slowFleetHost,
	startFleetHost,
	startLab,
	stopFleetHost,
	stopLab,
} from '../lab/index.js';
import {listProcesses} from '../lab/process-table.js';
import {sudoersFileFor} from '../lab/sudo-rule.js';

interface Ran {
	code: number;
	stdout: string;
	stderr: string;
}

const fleetSize = 20;
let dir: string;
let info: LabInfo;
let labUid: number;

beforeAll(async () => {
	await ensureLabPrerequisitesFor({prometheus: true});
	dir = mkdtempSync(join(tmpdir(), 'pg-ops-fleet-lab-'));
	info = await startLab({dir, fleet: fleetSize, prometheus: true});
	labUid = Number(
		/^[^:]+:[^:]*:(\d+):/.exec(
			readFileSync('/etc/passwd', 'utf8')
				.split('\n')
				.find(line => line.startsWith(`${info.fleet!.user}:`)) ?? '',
		)?.[1],
	);
}, 600_000);

afterAll(async () => {
	if (dir) {
		await stopLab({dir});
		rmSync(dir, {recursive: true, force: true});
	}
}, 60_000);

function sshArgs(host: string, command: string): string[] {
	return ['-F', info.fleet!.sshConfig, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', host, command];
}

function ssh(host: string, command: string): Promise<Ran> {
	return new Promise(resolve => {
		execFile('ssh', sshArgs(host, command), {timeout: 30_000}, (error, stdout, stderr) =>
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
		);
	});
}

async function unitOn(host: string, unit: string) {
	const shown = await ssh(
		host,
		`systemctl show --property=Id,ActiveState,SubState,MainPID,Result,ExecMainStatus --no-pager ${unit}`,
	);
	expect(shown).toMatchObject({code: 0, stderr: ''});
	return parseSystemctlShow(shown.stdout)[0]!;
}

const hostNames = Array.from({length: fleetSize}, (_, i) => `app-${String(i + 1).padStart(3, '0')}`);

describe('the lab with a fleet and Prometheus', () => {
	test('describes the fleet and Prometheus in lab.json, and its pg-ops.yaml has a fleet environment the schema accepts', () => {
		expect(readLabInfo(dir)).toEqual(info);
		expect(info.fleet).toMatchObject({
			environment: 'fleet',
			sshConfig: join(dir, 'fleet', 'ssh_config'),
			root: join(dir, 'root', 'fleet'),
		});
		expect(info.fleet!.hosts.map(host => host.name)).toEqual(hostNames);
		expect(new Set(info.fleet!.hosts.map(host => host.port)).size).toBe(fleetSize);
		// 16 ports per sshd process at most.
		expect(info.fleet!.sshdPids).toHaveLength(2);
		expect(info.prometheus!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

		const config = configSchema.parse(YAML.parse(readFileSync(info.config, 'utf8')));
		const fleet = config.environments.fleet!;
		expect(fleet).toMatchObject({
			transport: 'ssh',
			hosts: ['app-[001-020]'],
			ssh: {configFile: info.fleet!.sshConfig, knownHostsFile: info.ssh.knownHostsFile},
			fleet: {concurrency: 128},
			refreshSeconds: 5,
			// Generous: pg-ops and the hosts' batches share this machine's cores (fleet-config.ts).
			probeTimeoutSeconds: 30,
		});
		expect(
			fleet.services.map(service => [service.name, 'unit' in service ? service.unit : undefined]),
		).toEqual([
			['api', 'app-api.service'],
			['worker', 'app-worker.service'],
		]);
		expect(fleet.disk).toMatchObject({mounts: ['/'], warnPercent: 80, critPercent: 90});
		expect(fleet.slo!.source).toEqual({
			prometheus: {
				url: info.prometheus!.url,
				via: 'direct',
				window: '1m',
				timeoutSeconds: 30,
				queries: demoPrometheusQueries,
			},
		});
		// The lab's HTTP service, reached as from the lab environment, with the fleet's generous limit.
		expect(fleet.http).toEqual({...config.environments.lab!.http, timeoutSeconds: 30});
		expect(fleet.database).toEqual(config.environments.lab!.database);
		expect([fleet.slots, fleet.backups, fleet.secrets]).toEqual([undefined, undefined, []]);

		// The range expands to the ssh_config's hosts, each one port of this machine.
		const sshConfig = parseSshConfig(readFileSync(info.fleet!.sshConfig, 'utf8'), info.fleet!.sshConfig);
		expect(sshConfig.problems).toEqual([]);
		const expanded = expandHosts(fleet.hosts, sshConfig);
		expect(expanded).toEqual({hosts: hostNames.map(name => ({name})), problems: []});
		for (const host of info.fleet!.hosts) {
			expect(resolveSshHost(sshConfig, host.name, {localUser: 'root', homeDir: '/root'})).toMatchObject({
				hostName: '127.0.0.1',
				port: host.port,
				user: info.fleet!.user,
				identityFiles: [info.ssh.identityFile],
				userKnownHostsFiles: [info.ssh.knownHostsFile],
			});
		}
		// known_hosts: the VM's port and every fleet port.
		expect(readFileSync(info.ssh.knownHostsFile, 'utf8').trim().split('\n')).toHaveLength(1 + fleetSize);
	});

	test('each host answers over OpenSSH as itself, with its own stand-ins on its PATH', async () => {
		const answers = await Promise.all(
			['app-001', 'app-003', 'app-016', 'app-017', 'app-020'].map(host =>
				ssh(
					host,
					'systemctl is-active app-api.service; echo $PGOPS_FLEET_HOST; command -v systemctl; whoami',
				),
			),
		);
		for (const [index, host] of ['app-001', 'app-003', 'app-016', 'app-017', 'app-020'].entries()) {
			expect(answers[index]).toEqual({
				code: 0,
				stderr: '',
				stdout: `active\n${host}\n${join(info.fleet!.root, host, 'bin', 'systemctl')}\n${info.fleet!.user}\n`,
			});
		}
	});

	test('hosts differ: app-017 has app-worker failed, the others run it', async () => {
		expect(await unitOn('app-017', 'app-worker.service')).toMatchObject({
			activeState: 'failed',
			subState: 'failed',
			result: 'exit-code',
			execMainStatus: 1,
			mainPid: 0,
		});
		expect(await unitOn('app-016', 'app-worker.service')).toMatchObject({
			activeState: 'active',
			subState: 'running',
			result: 'success',
		});
		const journal = await ssh('app-017', 'journalctl -u app-worker.service -n 5 --no-pager');
		expect(journal.stdout).toContain(
			"app-017 systemd[1]: app-worker.service: Failed with result 'exit-code'.",
		);
	});

	test('df differs per host, with the figures the lab seeded for each', async () => {
		const hosts = ['app-001', 'app-002', 'app-003', 'app-004', 'app-005', 'app-006'];
		const rows = await Promise.all(
			hosts.map(async host => {
				const df = await ssh(host, 'df -P -k /');
				expect(df).toMatchObject({code: 0, stderr: ''});
				return parseDf(df.stdout)[0]!;
			}),
		);
		rows.forEach((row, index) => {
			const seed = hostSeed(hosts[index]!).disk;
			expect(row).toMatchObject({
				filesystem: seed.device,
				sizeKb: seed.sizeKb,
				usedKb: seed.usedKb,
				availKb: seed.sizeKb - seed.usedKb,
				mount: '/',
			});
			expect(row.usedPercent).toBeGreaterThanOrEqual(30);
			expect(row.usedPercent).toBeLessThanOrEqual(71);
		});
		expect(new Set(rows.map(row => row.usedPercent)).size).toBeGreaterThan(3);
		expect(
			[hostSeed('app-042').disk, hostSeed('app-063').disk].map(disk =>
				Math.round((disk.usedKb / disk.sizeKb) * 100),
			),
		).toEqual([93, 85]);

		setFleetDisk(info, 'app-005', 88);
		const changed = parseDf((await ssh('app-005', 'df -P -k / /var/log')).stdout);
		expect(changed.map(row => [row.mount, Math.round(row.usedPercent)])).toEqual([
			['/', 88],
			['/', 88],
		]);
		expect(parseDf((await ssh('app-006', 'df -P -k /')).stdout)[0]).toEqual(rows[5]);
	});

	test('a restart through sudo gives that host a new pid, and no other host; without sudo it is refused', async () => {
		const before = await Promise.all(['app-005', 'app-006'].map(host => unitOn(host, 'app-api.service')));
		const restarted = await ssh('app-005', 'sudo -n systemctl restart app-api.service');
		expect(restarted).toMatchObject({code: 0, stderr: ''});
		const [after5, after6] = await Promise.all(
			['app-005', 'app-006'].map(host => unitOn(host, 'app-api.service')),
		);
		expect(after5).toMatchObject({activeState: 'active'});
		expect(after5!.mainPid).not.toBe(before[0]!.mainPid);
		expect(isProcessAlive(before[0]!.mainPid!)).toBe(false);
		expect(after6!.mainPid).toBe(before[1]!.mainPid);
		// The unit is a real process of this host's, run as the lab user even though sudo started it.
		expect(processCommandLine(after5!.mainPid!)).toContain(
			`pgops-fleet-app-005-app-api ${join(info.fleet!.root, 'app-005', 'run', 'hold')}`,
		);
		expect(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${after5!.mainPid}/status`, 'utf8'))?.[1]).toBe(
			String(labUid),
		);

		const plain = await ssh('app-006', 'systemctl restart app-api.service');
		expect(plain.code).toBe(4);
		expect(plain.stderr).toContain('Failed to restart app-api.service: Interactive authentication required.');
		expect((await ssh('app-006', 'sudo -n true')).stderr).toContain('a password is required');
		const journal = await ssh('app-005', 'sudo -n journalctl -u app-api.service -n 2 --no-pager');
		expect(journal.stdout).toContain(`app-005 app-api[${after5!.mainPid}]: ready`);
	});

	test('journalctl -f through sudo streams the lines a restart logs on that host', async () => {
		const follow = spawn('ssh', sshArgs('app-004', 'sudo -n journalctl -f -u app-api.service -n 1'), {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let streamed = '';
		follow.stdout.on('data', chunk => (streamed += String(chunk)));
		try {
			// The log's last line shows the follower has the file open; the restart's lines come after it.
			for (let waited = 0; !streamed.includes('\n') && waited < 100; waited++)
				await new Promise(resolve => setTimeout(resolve, 100));
			expect(streamed).toContain('app-004 app-api[');
			expect(await ssh('app-004', 'sudo -n systemctl restart app-api.service')).toMatchObject({code: 0});
			for (let waited = 0; !streamed.includes('Started app-api.service') && waited < 50; waited++)
				await new Promise(resolve => setTimeout(resolve, 100));
			expect(streamed).toMatch(
				/^\w{3} [ \d]\d \d\d:\d\d:\d\d app-004 systemd\[1\]: Stopping app-api\.service/m,
			);
			expect(streamed).toContain('app-004 systemd[1]: Started app-api.service');
		} finally {
			follow.kill();
		}
	});

	test('beside a fleet the lab VM is its own machine: its real systemd answers through its own sudo', async () => {
		const vm = await new Promise<Ran>(resolve => {
			const args = [
				'-F',
				'/dev/null',
				'-i',
				info.ssh.identityFile,
				'-o',
				'IdentitiesOnly=yes',
				'-o',
				`UserKnownHostsFile=${info.ssh.knownHostsFile}`,
				'-o',
				'StrictHostKeyChecking=yes',
				'-o',
				'BatchMode=yes',
				'-p',
				String(info.ssh.port),
				`${info.ssh.user}@127.0.0.1`,
				'sudo -n systemctl show -p Id,ActiveState app-web app-orchestrator; echo "PGOPS_FLEET_HOST=${PGOPS_FLEET_HOST-}"',
			];
			execFile('ssh', args, {timeout: 30_000}, (error, stdout, stderr) =>
				resolve({code: error ? 1 : 0, stdout, stderr}),
			);
		});
		expect(vm).toMatchObject({code: 0, stderr: ''});
		expect(vm.stdout).toBe(
			'Id=app-web.service\nActiveState=active\n\nId=app-orchestrator.service\nActiveState=failed\nPGOPS_FLEET_HOST=\n',
		);
		// No fleet host runs there: the stand-ins' units are not the VM's.
		expect((await ssh('app-001', 'systemctl show -p Id app-web.service')).stdout).not.toContain(
			'LoadState=loaded',
		);
		// A fleet host naming another host is refused by the dispatcher.
		const other = await ssh('app-001', 'PGOPS_FLEET_HOST=../etc sudo -n systemctl is-active app-api.service');
		expect(other.code).toBe(1);
		expect(other.stderr).toContain('names no fleet host');
	});

	test('a broken host fails its restart and says why; repaired, it starts again', async () => {
		breakFleetHost(info, 'app-003', 'api');
		const failed = await ssh('app-003', 'sudo -n systemctl restart app-api.service');
		expect(failed.code).toBe(1);
		expect(failed.stderr).toContain(
			'Job for app-api.service failed because the control process exited with error code.',
		);
		expect(await unitOn('app-003', 'app-api.service')).toMatchObject({
			activeState: 'failed',
			result: 'exit-code',
			execMainStatus: 1,
		});
		expect(await unitOn('app-004', 'app-api.service')).toMatchObject({activeState: 'active'});
		repairFleetHost(info, 'app-003');
		expect(
			await ssh('app-003', 'sudo -n systemctl start app-api.service && systemctl is-active app-api.service'),
		).toMatchObject({code: 0, stdout: 'active\n'});
	});

	test('a crashed unit shows failed with Result=signal', async () => {
		const pid = await crashFleetUnit(info, 'app-002', 'worker');
		expect(await unitOn('app-002', 'app-worker.service')).toMatchObject({
			activeState: 'failed',
			result: 'signal',
			mainPid: 0,
		});
		expect(isProcessAlive(pid)).toBe(false);
		await ssh('app-002', 'sudo -n systemctl restart app-worker.service');
		expect(await unitOn('app-002', 'app-worker.service')).toMatchObject({activeState: 'active'});
	});

	test('a slow host keeps its answer until the caller gives up; made fast again it answers', async () => {
		slowFleetHost(info, 'app-011', 30);
		const waited = await ssh('app-011', 'timeout 1 systemctl is-active app-api.service; echo "exit $?"');
		expect(waited.stdout).toBe('exit 124\n');
		slowFleetHost(info, 'app-011', 0);
		expect(await ssh('app-011', 'systemctl is-active app-api.service')).toMatchObject({
			code: 0,
			stdout: 'active\n',
		});
	});

	test('a host taken down drops its sessions and refuses connections, its neighbours answer; brought back it answers with the same key', async () => {
		const session = spawn('ssh', sshArgs('app-009', 'echo ready; sleep 60'), {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const ended = new Promise<number | null>(resolve => session.once('exit', code => resolve(code)));
		await new Promise<void>(resolve =>
			session.stdout.on('data', chunk => String(chunk).includes('ready') && resolve()),
		);
		await stopFleetHost(info, 'app-009');
		expect(await ended).toBe(255);
		const refused = await ssh('app-009', 'true');
		expect(refused.code).toBe(255);
		expect(refused.stderr).toContain('Connection refused');
		// app-010 is served by the same sshd process.
		expect(await ssh('app-010', 'echo $PGOPS_FLEET_HOST')).toMatchObject({code: 0, stdout: 'app-010\n'});

		await startFleetHost(info, 'app-009');
		expect(await ssh('app-009', 'echo $PGOPS_FLEET_HOST; systemctl is-active app-api.service')).toMatchObject(
			{code: 0, stdout: 'app-009\nactive\n'},
		);
	});

	test('Prometheus scrapes app-web every second: the availability query has a value', async () => {
		const query = demoPrometheusQueries.availability.replaceAll('$window', '1m');
		let value: number | undefined;
		for (let attempt = 0; attempt < 60 && value === undefined; attempt++) {
			const response = await fetch(`${info.prometheus!.url}/api/v1/query?query=${encodeURIComponent(query)}`);
			const body = (await response.json()) as {
				status: string;
				data: {result: Array<{value: [number, string]}>};
			};
			expect(body.status).toBe('success');
			const sample = body.data.result[0]?.value[1];
			if (sample !== undefined && Number.isFinite(Number(sample))) value = Number(sample);
			else await new Promise(resolve => setTimeout(resolve, 500));
		}
		// Its level depends on how the demo's integer counters moved in the few seconds scraped so far.
		expect(value).toBeGreaterThanOrEqual(0);
		expect(value).toBeLessThanOrEqual(100);
		type Targets = {
			data: {activeTargets: Array<{health: string; scrapeUrl: string; labels: Record<string, string>}>};
		};
		const scraped = hostNames.filter(name => name !== 'app-019');
		// The fleet's targets come from file_sd files written once its exporter listens, read every 5 s.
		let targets: Targets | undefined;
		const ofJob = (job: string) => targets!.data.activeTargets.filter(t => t.labels.job === job);
		for (let attempt = 0; attempt < 120; attempt++) {
			targets = (await (await fetch(`${info.prometheus!.url}/api/v1/targets`)).json()) as Targets;
			if (ofJob('fleet-node').length >= scraped.length) break;
			await new Promise(resolve => setTimeout(resolve, 500));
		}
		expect(ofJob('app-web')).toEqual([
			expect.objectContaining({health: 'up', scrapeUrl: `${info.http.baseUrl}/metrics`}),
		]);
		// Beside it the VM's node_exporter, and every fleet host's stand-in exporter but app-019's (seeded: not a target).
		expect(ofJob('node')).toHaveLength(1);
		expect(
			ofJob('fleet-node')
				.map(t => t.labels.host)
				.sort(),
		).toEqual(scraped);
	}, 120_000);

	test('stopLab leaves no process behind: no sshd, unit, session, exporter or Prometheus of the lab', async () => {
		const units = hostNames.flatMap(host =>
			['app-api.service', 'app-worker.service'].map(unit => join(info.fleet!.root, host, 'state', unit)),
		);
		const unitPids = units
			.filter(existsSync)
			.map(file => Number(/^S_PID=(\d+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? 0))
			.filter(pid => pid > 0);
		expect(unitPids.length).toBeGreaterThan(30);
		const ofLab = () =>
			listProcesses().filter(
				entry =>
					entry.state !== 'Z' &&
					(entry.uid === labUid || (processCommandLine(entry.pid) ?? '').includes(dir)),
			);
		expect(ofLab().length).toBeGreaterThan(unitPids.length);

		expect(await stopLab({dir})).toEqual({wasRunning: true});
		expect(
			[
				...info.fleet!.sshdPids,
				info.fleet!.exporterPid!,
				info.prometheus!.pid,
				info.pids.nspawn,
				info.pids.vm,
				...unitPids,
			].filter(isProcessAlive),
		).toEqual([]);
		expect(ofLab()).toEqual([]);
		expect(existsSync(sudoersFileFor(dir))).toBe(false);
		expect(readLabInfo(dir)).toBeUndefined();
	}, 60_000);
});
