import {describe, expect, it} from 'vitest';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir, userInfo} from 'node:os';
import {join} from 'node:path';
import {parseSshConfig, resolveSshHost} from '../../source/core/ssh/ssh-config.js';
import {defaultGlobalKnownHostsFiles} from '../../source/adapters/ssh/target.js';

const context = {localUser: 'ana', homeDir: '/home/ana'};
const config = (...lines: string[]) => parseSshConfig(lines.join('\n'), '/home/ana/.ssh/config');
const resolve = (alias: string, ...lines: string[]) => resolveSshHost(config(...lines), alias, context);

describe('parseSshConfig and resolveSshHost basics', () => {
	it('defaults to the alias with nothing set', () => {
		expect(resolve('db1')).toEqual({
			alias: 'db1',
			hostName: 'db1',
			identityFiles: [],
			userKnownHostsFiles: [],
			warnings: [],
		});
	});

	it('accepts any keyword case, Key=value, Key = value, quotes and trailing comments', () => {
		const resolved = resolve(
			'db1',
			'# leading comment',
			'Host db1',
			'\tHOSTNAME=10.0.0.5',
			'  user = "deploy"',
			'  pOrT 2222   # the lab port',
			'  IdentityFile "~/keys/with space"',
			"  IdentityFile '~/keys/single quoted' # and a comment",
			'  IdentityFile ~/keys/escaped\\ space',
			'  IdentitiesOnly yes',
			'  ConnectTimeout 1m30s',
			'  ServerAliveInterval 15\r',
			'  ProxyJump admin@bastion:2200',
		);
		expect(resolved).toEqual({
			alias: 'db1',
			hostName: '10.0.0.5',
			user: 'deploy',
			port: 2222,
			identityFiles: [
				'/home/ana/keys/with space',
				'/home/ana/keys/single quoted',
				'/home/ana/keys/escaped space',
			],
			identitiesOnly: true,
			proxyJump: 'admin@bastion:2200',
			userKnownHostsFiles: [],
			connectTimeoutSeconds: 90,
			serverAliveIntervalSeconds: 15,
			warnings: [],
		});
	});

	it('keeps the first value obtained, accumulates IdentityFile, and applies Host * too', () => {
		const resolved = resolve(
			'db1',
			'Host db1',
			'  User first',
			'  IdentityFile ~/.ssh/db1',
			'  UserKnownHostsFile ~/.ssh/lab_hosts ~/.ssh/lab_hosts2',
			'Host db*',
			'  User second',
			'  Port 2200',
			'  IdentityFile ~/.ssh/db_all',
			'  IdentityFile ~/.ssh/db1',
			'Host *',
			'  User third',
			'  Port 22',
			'  IdentitiesOnly no',
			'  IdentityFile ~/.ssh/id_ed25519',
			'  UserKnownHostsFile ~/.ssh/other_hosts',
		);
		expect(resolved).toMatchObject({user: 'first', port: 2200, identitiesOnly: false});
		// Duplicates are dropped as ssh does; UserKnownHostsFile takes the whole first line, like ssh -G shows.
		expect(resolved.identityFiles).toEqual([
			'/home/ana/.ssh/db1',
			'/home/ana/.ssh/db_all',
			'/home/ana/.ssh/id_ed25519',
		]);
		expect(resolved.userKnownHostsFiles).toEqual(['/home/ana/.ssh/lab_hosts', '/home/ana/.ssh/lab_hosts2']);
	});

	it('matches Host lines with several patterns, wildcards and negation', () => {
		const lines = ['Host web? *.lab !secret.lab db1', '  User matched', 'Host *', '  User fallback'];
		expect(resolve('web1', ...lines).user).toBe('matched');
		expect(resolve('web10', ...lines).user).toBe('fallback');
		expect(resolve('db2.lab', ...lines).user).toBe('matched');
		expect(resolve('db1', ...lines).user).toBe('matched');
		expect(resolve('secret.lab', ...lines).user).toBe('fallback');
		// Only negations: matches nothing, as in ssh.
		expect(resolve('db1', 'Host !db2', '  User odd').user).toBeUndefined();
	});

	it('compares Host patterns case-sensitively, as ssh does', () => {
		expect(resolve('DB1', 'Host db1', '  User lower').user).toBeUndefined();
		expect(resolve('db1', 'Host db1', '  User lower').user).toBe('lower');
	});

	it('reports malformed lines with file and line and keeps going', () => {
		const parsed = config(
			'Port abc',
			'Host db1',
			'  Port 70000',
			'  IdentityFile "unterminated',
			'  IdentitiesOnly maybe',
			'  ConnectTimeout soon',
			'  HostName a b',
			'  User',
			'Host',
			'  User after-bad-host',
			'Match all host db1',
			'  User after-bad-match',
			'Match host',
			'Include',
			'=oops',
			'Host db1',
			'  User ok',
		);
		expect(parsed.problems.map(problem => problem.line)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 11, 13, 14, 15]);
		expect(parsed.problems.every(problem => problem.file === '/home/ana/.ssh/config')).toBe(true);
		expect(parsed.problems[1]!.message).toMatch(/70000/);
		// Settings under a broken Host/Match line must not leak into the block before it.
		expect(resolveSshHost(parsed, 'db1', context)).toMatchObject({hostName: 'db1', user: 'ok'});
	});
});

describe('Include', () => {
	const files: Record<string, string> = {
		'conf.d/*.conf': 'Host db1\n  User from-include\n  IdentityFile ~/.ssh/included\nHost *\n  Port 2201',
		'lab.conf': 'User top-of-lab\nHost other\n  User other',
		'broken.conf': 'Port nope',
	};
	const reader = (pattern: string) => {
		if (pattern === 'conf.d/*.conf') return [{file: '/home/ana/.ssh/conf.d/a.conf', text: files[pattern]!}];
		if (pattern in files) return [{file: `/home/ana/.ssh/${pattern}`, text: files[pattern]!}];
		return [];
	};
	const resolveWith = (alias: string, ...lines: string[]) =>
		resolveSshHost(parseSshConfig(lines.join('\n'), 'config', reader), alias, context);

	it('processes included text in place, first value winning across files', () => {
		const resolved = resolveWith(
			'db1',
			'Host db1',
			'  IdentityFile ~/.ssh/before',
			'Include conf.d/*.conf',
			'Host db1',
			'  User later',
			'  IdentityFile ~/.ssh/after',
			'Port 9999',
		);
		expect(resolved.user).toBe('from-include');
		expect(resolved.port).toBe(2201);
		expect(resolved.identityFiles).toEqual([
			'/home/ana/.ssh/before',
			'/home/ana/.ssh/included',
			'/home/ana/.ssh/after',
		]);
		expect(resolveWith('db1', 'User early', 'Include conf.d/*.conf').user).toBe('early');
	});

	it('takes the enclosing block state into the included file and restores it afterwards', () => {
		const lines = ['Host db1', '  Include lab.conf', '  Port 2300', 'Host *', '  ServerAliveInterval 5'];
		expect(resolveWith('db1', ...lines)).toMatchObject({
			user: 'top-of-lab',
			port: 2300,
			serverAliveIntervalSeconds: 5,
		});
		// Inside an inactive block everything included is inactive, even its own matching blocks.
		expect(resolveWith('other', ...lines)).toMatchObject({serverAliveIntervalSeconds: 5});
		expect(resolveWith('other', ...lines).user).toBeUndefined();
		expect(resolveWith('web1', 'Host db1', '  Include conf.d/*.conf').port).toBeUndefined();
	});

	it('reports problems with the included file name and passes each pattern to the reader', () => {
		const asked: string[] = [];
		const parsed = parseSshConfig(
			'Include broken.conf lab.conf',
			'config',
			pattern => (asked.push(pattern), reader(pattern)),
		);
		expect(asked).toEqual(['broken.conf', 'lab.conf']);
		expect(parsed.problems).toEqual([
			{file: '/home/ana/.ssh/broken.conf', line: 1, message: expect.stringMatching(/nope/)},
		]);
	});

	it('stops at 16 levels, so a file including itself terminates', () => {
		let reads = 0;
		const parsed = parseSshConfig(
			'Include self.conf',
			'config',
			() => (reads++, [{file: 'self.conf', text: 'IdentityFile ~/k\nInclude self.conf'}]),
		);
		expect(reads).toBe(16);
		expect(parsed.problems).toEqual([
			{file: 'self.conf', line: 2, message: expect.stringMatching(/16 levels/)},
		]);
		expect(resolveSshHost(parsed, 'x', context).identityFiles).toEqual(['/home/ana/k']);
	});

	it('reports an Include it cannot read instead of throwing', () => {
		expect(parseSshConfig('Include x.conf', 'config').problems[0]!.message).toMatch(/no reader/);
		const failing = parseSshConfig('Include x.conf', 'config', () => {
			throw new Error('EACCES: permission denied');
		});
		expect(failing.problems[0]).toMatchObject({
			file: 'config',
			line: 1,
			message: expect.stringMatching(/EACCES/),
		});
	});
});

describe('Match', () => {
	it('supports all, host (after HostName), originalhost, user, localuser and conjunctions', () => {
		const resolved = resolve(
			'db1',
			'Match user ana',
			'  IdentityFile ~/m-user-local',
			'Host db1',
			'  HostName %h.Lab.example',
			'  User postgres',
			'Match host *.lab.example',
			'  IdentityFile ~/m-host',
			'Match host db1',
			'  IdentityFile ~/m-host-alias',
			'Match originalhost DB1 user postgres localuser ana,bob',
			'  IdentityFile ~/m-conjunction',
			'Match user ana',
			'  IdentityFile ~/m-user-too-late',
			'Match !host *.prod localuser !root,*',
			'  IdentityFile ~/m-negated',
			'Match localuser bob',
			'  IdentityFile ~/m-bob',
			'Match all',
			'  IdentityFile ~/m-all',
		);
		expect(resolved.hostName).toBe('db1.lab.example');
		expect(resolved.identityFiles.map(file => file.slice('/home/ana/'.length))).toEqual([
			'm-user-local',
			'm-host',
			'm-conjunction',
			'm-negated',
			'm-all',
		]);
		expect(resolved.warnings).toEqual([]);
	});

	it('never evaluates Match exec: its block is skipped with a warning naming file and line', () => {
		const resolved = resolve(
			'db1',
			'Host db1',
			'  Port 2200',
			'Match exec "touch /tmp/pwned"',
			'  User root',
			'  IdentityFile ~/exec',
			'Host *',
			'  User fallback',
		);
		expect(resolved).toMatchObject({port: 2200, user: 'fallback', identityFiles: []});
		expect(resolved.warnings).toEqual([
			'/home/ana/.ssh/config:3: Match exec is not evaluated by pg-ops; its settings were ignored',
		]);
		// Still skipped when the other criteria hold.
		expect(resolve('db1', 'Match host db1 !exec "false"', '  User x').warnings).toHaveLength(1);
	});

	it('stays quiet about an exec that ssh would not reach either', () => {
		const resolved = resolve('db1', 'Match host web* exec "test -f x"', '  User x');
		expect(resolved.warnings).toEqual([]);
		expect(resolved.user).toBeUndefined();
	});

	it('skips unsupported criteria with a warning', () => {
		const resolved = resolve(
			'db1',
			'Match canonical host db1',
			'  User x',
			'Match tagged prod',
			'  User y',
			'Match localnetwork 10.0.0.0/8',
			'  User z',
		);
		expect(resolved.user).toBeUndefined();
		expect(resolved.warnings).toEqual([
			'/home/ana/.ssh/config:1: Match canonical is not supported by pg-ops; its settings were ignored',
			'/home/ana/.ssh/config:3: Match tagged is not supported by pg-ops; its settings were ignored',
			'/home/ana/.ssh/config:5: Match localnetwork is not supported by pg-ops; its settings were ignored',
		]);
	});
});

describe('expansion and reported options', () => {
	it('expands ~ and %h %p %r %u %d %% in IdentityFile and UserKnownHostsFile', () => {
		const resolved = resolve(
			'db1',
			'Host db1',
			'  HostName db1.lab',
			'  Port 2222',
			'  User postgres',
			'  IdentityFile ~/.ssh/%r@%h:%p',
			'  IdentityFile %d/keys/%u-100%%',
			'  IdentityFile ~',
			'  UserKnownHostsFile ~/.ssh/known_%h %d/.pg-ops/known_hosts',
		);
		expect(resolved.identityFiles).toEqual([
			'/home/ana/.ssh/postgres@db1.lab:2222',
			'/home/ana/keys/ana-100%',
			'/home/ana',
		]);
		expect(resolved.userKnownHostsFiles).toEqual([
			'/home/ana/.ssh/known_db1.lab',
			'/home/ana/.pg-ops/known_hosts',
		]);
	});

	it('uses port 22 and the local user for %p and %r when unset', () => {
		expect(resolve('db1', 'IdentityFile ~/%r-%p').identityFiles).toEqual(['/home/ana/ana-22']);
	});

	it('expands %h in HostName to the alias and warns about tokens it cannot expand', () => {
		expect(resolve('db1', 'Host *', '  HostName %h.internal').hostName).toBe('db1.internal');
		const resolved = resolve('db1', 'IdentityFile ~/%C', 'IdentityFile ~bob/key', 'IdentityFile ${HOME}/key');
		expect(resolved.identityFiles).toEqual(['/home/ana/%C', '~bob/key', '${HOME}/key']);
		expect(resolved.warnings).toHaveLength(3);
	});

	it('treats ProxyJump none and UserKnownHostsFile none as values that win', () => {
		const resolved = resolve(
			'db1',
			'Host db1',
			'  ProxyJump none',
			'  UserKnownHostsFile none',
			'Host *',
			'  ProxyJump bastion',
			'  UserKnownHostsFile ~/k',
		);
		expect(resolved.proxyJump).toBeUndefined();
		expect(resolved.userKnownHostsFiles).toEqual([]);
	});

	it('reads GlobalKnownHostsFile: absent when unset, ~ expanded (no %-tokens, as ssh), and [] for none', () => {
		expect(resolve('db1').globalKnownHostsFiles).toBeUndefined();
		expect(resolve('db1', 'GlobalKnownHostsFile ~/g1 /etc/ssh/g_%h').globalKnownHostsFiles).toEqual([
			'/home/ana/g1',
			'/etc/ssh/g_%h',
		]);
		expect(
			resolve('db1', 'Host db1', '  GlobalKnownHostsFile none', 'Host *', '  GlobalKnownHostsFile /g')
				.globalKnownHostsFiles,
		).toEqual([]);
	});

	it('lets the first of ProxyCommand and ProxyJump win, and warns that ProxyCommand is not run', () => {
		const resolved = resolve('db1', 'Host db1', '  ProxyCommand nc %h %p', 'Host *', '  ProxyJump bastion');
		expect(resolved.proxyJump).toBeUndefined();
		expect(resolved.warnings).toEqual([
			expect.stringMatching(/^\/home\/ana\/\.ssh\/config:2: ProxyCommand is not run/),
		]);
		expect(resolve('db1', 'ProxyJump bastion', 'ProxyCommand nc %h %p')).toMatchObject({
			proxyJump: 'bastion',
			warnings: [],
		});
	});

	it('reports a lax StrictHostKeyChecking without acting on it', () => {
		expect(resolve('db1', 'StrictHostKeyChecking accept-new').warnings).toEqual([
			'/home/ana/.ssh/config:1: StrictHostKeyChecking accept-new is not honoured; pg-ops verifies every host key against known_hosts',
		]);
		expect(resolve('db1', 'StrictHostKeyChecking yes').warnings).toEqual([]);
	});
});

describe('agreement with ssh -G', () => {
	it('resolves the same options as the installed ssh', () => {
		const dir = mkdtempSync(join(tmpdir(), 'pg-ops-ssh-config-'));
		try {
			const text = [
				'Host db? !db9',
				'  HostName %h.lab.example',
				'  User Postgres',
				'  ConnectTimeout 2m',
				'Match host *.lab.example',
				'  Port 2222',
				'  UserKnownHostsFile ~/.ssh/lab_%h_%p %d/second',
				'Host db1',
				'  GlobalKnownHostsFile /etc/ssh/fleet_%h /etc/ssh/second',
				'Host *',
				'  User fallback',
				'  ServerAliveInterval 1h',
				'  ProxyJump jump@bastion',
			].join('\n');
			const file = join(dir, 'config');
			writeFileSync(file, text);
			const local = {localUser: userInfo().username, homeDir: homedir()};
			for (const alias of ['db1', 'db9']) {
				const result = spawnSync('ssh', ['-G', '-F', file, alias], {encoding: 'utf8'});
				expect(result.status).toBe(0);
				const options = new Map(
					result.stdout
						.trim()
						.split('\n')
						.map(line => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]),
				);
				const ours = resolveSshHost(parseSshConfig(text, file), alias, local);
				expect(ours.hostName).toBe(options.get('hostname'));
				expect(ours.user).toBe(options.get('user'));
				expect(String(ours.port ?? 22)).toBe(options.get('port'));
				expect(String(ours.connectTimeoutSeconds ?? 'none')).toBe(options.get('connecttimeout'));
				expect(String(ours.serverAliveIntervalSeconds)).toBe(options.get('serveraliveinterval'));
				expect(ours.proxyJump).toBe(options.get('proxyjump'));
				// Unset, ssh -G shows its defaults: the files pg-ops reads then too (adapters/ssh/target.ts).
				expect((ours.globalKnownHostsFiles ?? defaultGlobalKnownHostsFiles).join(' ')).toBe(
					options.get('globalknownhostsfile'),
				);
				if (ours.userKnownHostsFiles.length > 0)
					expect(ours.userKnownHostsFiles.join(' ')).toBe(options.get('userknownhostsfile'));
			}
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
