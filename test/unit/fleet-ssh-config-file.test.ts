// ssh.configFile, when set, must be read: a missing, unreadable or non-text file is an error naming
// the resolved path (and that a relative path is taken from pg-ops.yaml's directory), on every host:
// the panes show it, status exits 1 and run refuses. ~/.ssh/config missing or unreadable stays fine.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {exitCodes} from '../../source/core/policy/overall.js';
import {runProcedureCommand, type RunFlags} from '../../source/modes/run.js';
import {
	defaultGlobalKnownHostsFiles,
	readSshConfig,
	resolveSshTargetWith,
} from '../../source/adapters/ssh/target.js';
import {parseSshConfig} from '../../source/core/ssh/ssh-config.js';

let dir: string;
const home = process.env.HOME;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-ssh-config-file-'));
	mkdirSync(path.join(dir, 'a-directory'));
	writeFileSync(path.join(dir, 'binary'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
	writeFileSync(path.join(dir, 'latin1'), Buffer.from('# caf\xe9\nHost app-01\n  Port 2201\n', 'latin1'));
	writeFileSync(path.join(dir, 'ssh_config'), 'Host app-01 app-02\n  HostName 127.0.0.1\n  Port 1\n');
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

afterEach(() => {
	process.env.HOME = home;
	vi.restoreAllMocks();
});

function environment(lines: string[]): NamedEnvironment {
	const yaml = ['environments:', '  fleet:', ...lines.map(l => `    ${l}`)].join('\n');
	const configFile = path.join(dir, 'pg-ops.yaml');
	return {...parseConfig(yaml, configFile).environments.fleet!, name: 'fleet', configFile};
}

/** A host's target as the runtime resolves it (engine/fleet/ssh-fleet.ts): the environment's ssh_config read once, then the host. */
const resolveTarget = (env: NamedEnvironment, alias: string) =>
	resolveSshTargetWith(readSshConfig(env).config, env, alias, {readOnly: false});

const common = (configFile: string | undefined, hosts: string) => [
	'transport: ssh',
	...(configFile ? [`ssh: {configFile: ${configFile}}`] : []),
	'probeTimeoutSeconds: 2',
	`hosts: ${hosts}`,
	'services: [{name: api, manager: systemd}]',
	'disk: {mounts: [/]}',
];

const missing = (file: string) =>
	`environments.fleet.ssh.configFile (${file}): cannot read ${path.join(dir, file)}: no such file; a relative ssh.configFile is taken from the directory of ${path.join(dir, 'pg-ops.yaml')}`;

describe('ssh.configFile set but missing', () => {
	it('every host is unusable with an error naming the resolved path and where relative paths start', async () => {
		const runtime = createRuntime(environment(common('no_such_config', "[app-01, 'app-[02-03]']")));
		try {
			expect(runtime.hosts.map(h => h.name)).toEqual(['app-01', 'app-02', 'app-03']);
			for (const {host} of runtime.hosts)
				await expect(host.exec('true', {timeoutMs: 1000})).rejects.toThrow(missing('no_such_config'));
			// Not a warning about a pattern: the file is the problem.
			expect(runtime.warnings).toEqual([]);
		} finally {
			await runtime.close();
		}
	});

	it('status: the panes show the error and the verdict is error (exit 1)', async () => {
		const {report} = await collectStatus(environment(common('no_such_config', '[app-01, app-02]')));
		expect(report.status).toBe('error');
		expect(exitCodes[report.status]).toBe(1);
		expect(report.panes.services).toMatchObject({
			status: 'error',
			error: `app-01: ${missing('no_such_config')}`,
		});
		expect(report.panes.disk).toMatchObject({status: 'error', error: `app-01: ${missing('no_such_config')}`});
		expect(report.fleet!.hosts.map(h => [h.name, h.status])).toEqual([
			['app-01', 'unreachable'],
			['app-02', 'unreachable'],
		]);
		expect(report.fleet!.hosts[1]!.error).toBe(`app-02: ${missing('no_such_config')}`);
	});

	it('a pattern: not "matches no Host alias" but the file\'s error, on the one host standing for the environment', async () => {
		const {report} = await collectStatus(environment(common('no_such_config', '[app-*]')));
		expect(report.status).toBe('error');
		expect(report.warnings).toBeUndefined();
		expect(report.panes.services.error).toBe(`app-*: ${missing('no_such_config')}`);
	});

	it('run refuses: a rolling restart, a restart on one host, and a one-host environment', async () => {
		const writes: string[] = [];
		vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
			writes.push(String(chunk));
			return true;
		});
		const flags: RunFlags = {
			yes: true,
			dryRun: false,
			json: true,
			readOnly: false,
			breakLock: false,
			service: 'api',
		};
		const outcomes = [];
		for (const [hosts, host] of [
			['[app-01, app-02]', undefined],
			['[app-01, app-02]', 'app-02'],
			['[app-*]', undefined],
		] as const) {
			writes.length = 0;
			const code = await runProcedureCommand('restart', environment(common('no_such_config', hosts)), {
				...flags,
				...(host ? {host} : {}),
			});
			outcomes.push({code, ...JSON.parse(writes.join(''))});
		}
		expect(outcomes).toEqual([
			{
				code: 1,
				outcome: 'refused',
				message: `cannot plan restart: none of fleet's 2 hosts answered (app-01: ${missing('no_such_config')})`,
			},
			{
				code: 1,
				outcome: 'refused',
				message: `cannot plan restart: app-02 did not answer: ${missing('no_such_config')}`,
			},
			{
				code: 1,
				outcome: 'refused',
				message: `cannot plan restart: app-* did not answer: ${missing('no_such_config')}`,
			},
		]);
	});
});

describe('the HTTP service through the host (http.via: ssh) when ssh.configFile is missing', () => {
	it("is not dialled from this machine: the request fails with the file's error", async () => {
		let requests = 0;
		const server = http.createServer((_, response) => {
			requests++;
			response.end('{}');
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as AddressInfo;
		const runtime = createRuntime(
			environment([
				...common('no_such_config', '[app-01, app-02]'),
				`http: {baseUrl: "http://127.0.0.1:${port}", via: ssh}`,
			]),
		);
		try {
			await expect(runtime.http!.get('/ops/jobs')).rejects.toThrow(missing('no_such_config'));
			expect(requests).toBe(0);
		} finally {
			await runtime.close();
			await new Promise(resolve => server.close(resolve));
		}
	});
});

describe('ssh.configFile set but unusable', () => {
	it('a directory, a binary file: each an error naming the resolved path', () => {
		const read = (file: string) => readSshConfig(environment(common(file, '[app-01]'))).error;
		expect(read('a-directory')).toBe(
			`environments.fleet.ssh.configFile (a-directory): cannot read ${path.join(dir, 'a-directory')}: a directory, not a file; a relative ssh.configFile is taken from the directory of ${path.join(dir, 'pg-ops.yaml')}`,
		);
		expect(read('binary')).toMatch(
			new RegExp(`cannot read ${path.join(dir, 'binary')}: not a text file \\(it holds NUL bytes\\)`),
		);
		// An absolute path is taken as written.
		expect(read(path.join(dir, 'elsewhere', 'config'))).toMatch(
			new RegExp(`cannot read ${path.join(dir, 'elsewhere', 'config')}: no such file`),
		);
	});

	it('every host of the runtime is unusable with that error', async () => {
		const runtime = createRuntime(environment(common('a-directory', '[app-01, app-02]')));
		try {
			expect(runtime.hosts.map(h => h.name)).toEqual(['app-01', 'app-02']);
			for (const {host} of runtime.hosts)
				await expect(host.exec('true', {timeoutMs: 1000})).rejects.toThrow(
					/ssh\.configFile \(a-directory\): cannot read .*a-directory: a directory, not a file/,
				);
		} finally {
			await runtime.close();
		}
	});

	it("a file that is there is read (relative to pg-ops.yaml's directory), in UTF-8 or not", () => {
		const env = environment(common('ssh_config', '[app-01]'));
		expect(readSshConfig(env)).toMatchObject({config: {file: path.join(dir, 'ssh_config')}});
		expect(resolveTarget(env, 'app-02')).toMatchObject({host: '127.0.0.1', port: 1});
		expect(resolveTarget(environment(common('latin1', '[app-01]')), 'app-01')).toMatchObject({port: 2201});
	});
});

describe('~/.ssh/config (no ssh.configFile)', () => {
	it('missing: no error, hosts resolve with defaults', () => {
		process.env.HOME = path.join(dir, 'home-without-ssh');
		const env = environment(common(undefined, '[app-01]'));
		expect(readSshConfig(env)).toEqual({config: undefined});
		expect(resolveTarget(env, 'app-01')).toMatchObject({host: 'app-01', port: 22});
	});

	it('unreadable (a directory): ignored as before', () => {
		const fakeHome = path.join(dir, 'home-with-odd-ssh');
		mkdirSync(path.join(fakeHome, '.ssh', 'config'), {recursive: true});
		process.env.HOME = fakeHome;
		const runtime = createRuntime(environment(common(undefined, '[app-01, app-02]')));
		expect(readSshConfig(runtime.env)).toEqual({config: undefined});
		expect(runtime.hosts.map(h => h.host.label)).toEqual([
			`${os.userInfo().username}@app-01`,
			`${os.userInfo().username}@app-02`,
		]);
		void runtime.close();
	});
});

describe('system-wide known hosts, as ssh reads them', () => {
	const system = (text: string) => parseSshConfig(text, '/etc/ssh/ssh_config');
	const env = () => environment(common('ssh_config', '[app-01]'));
	const read = (systemConfig: ReturnType<typeof system> | null) =>
		resolveSshTargetWith(readSshConfig(env()).config, env(), 'app-01', {readOnly: false, systemConfig})
			.knownHosts.read;

	it('/etc/ssh/ssh_known_hosts and ssh_known_hosts2 when GlobalKnownHostsFile is set nowhere', () => {
		expect(read(null).slice(-2)).toEqual(defaultGlobalKnownHostsFiles);
		expect(defaultGlobalKnownHostsFiles).toEqual(['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
	});

	it("the system ssh_config's GlobalKnownHostsFile for the host, when the user's config sets none", () => {
		expect(read(system('Host app-*\n  GlobalKnownHostsFile /etc/ssh/fleet_hosts\n')).at(-1)).toBe(
			'/etc/ssh/fleet_hosts',
		);
		expect(read(system('Host other\n  GlobalKnownHostsFile /etc/ssh/fleet_hosts\n')).slice(-2)).toEqual(
			defaultGlobalKnownHostsFiles,
		);
	});
});
