// Issue 14, rules from the twenty-first and twenty-second blind sets and the long tail of the earlier
// ones, each meant to hold on runbooks nobody here has read: recipes of a console and of the shell in
// one block, an SQL statement's own comments, the shell's commands in an `sql` fence, and a `//` note
// after a command. Fixtures written here, in the styles of those sets.
import {describe, expect, it} from 'vitest';
import {blockSteps as block, kindsAndCommands, stepsOf} from '../support/runbook-blocks.js';

describe("a console's recipes and the shell's in one block", () => {
	it('INFO / redis-cli --bigkeys / CONFIG GET: the host recipe is offered, the console lines are shown', () => {
		const steps = block(
			'bash',
			'# Check memory usage\nINFO memory\n\n# Find large keys\nredis-cli --bigkeys\n\n# Check eviction policy\nCONFIG GET maxmemory-policy',
		);
		expect(kindsAndCommands(steps)).toEqual([
			['show', []],
			['shell', ['redis-cli --bigkeys']],
			['show', []],
		]);
		expect(steps[0]!.reason).toContain('`INFO memory`');
		expect(steps[1]!.code).toBe('# Find large keys\nredis-cli --bigkeys');
	});

	it('BGSAVE, then the copy and the restore: each recipe on its own', () => {
		const steps = block(
			'bash',
			'# Manual backup\nBGSAVE\n\n# Copy RDB file\ncp /var/lib/redis/dump.rdb /backup/dump.rdb\n\n# Restore\ncp /backup/dump.rdb /var/lib/redis/dump.rdb\nsudo systemctl restart redis',
		);
		expect(steps.map(step => step.kind)).toEqual(['show', 'shell', 'shell']);
		expect(steps[2]!.commands).toEqual([
			'cp /backup/dump.rdb /var/lib/redis/dump.rdb',
			'sudo systemctl restart redis',
		]);
	});

	it('stays whole when the block opens the console (its lines are typed there)', () => {
		const steps = block('bash', 'redis-cli -a secret\n\nINFO memory\n\nredis-cli --bigkeys');
		expect(steps.map(step => step.kind)).toEqual(['show']);
	});

	it('stays whole when a recipe after the console lines starts with a word the console has too', () => {
		// `shutdown` after CONFIG SET is redis-cli's SHUTDOWN as likely as the host's.
		const steps = block('bash', 'CONFIG SET save ""\n\nshutdown');
		expect(steps.map(step => step.kind)).toEqual(['show']);
	});

	it('stays whole when an earlier recipe leaves state (cd) the next one needs, or a recipe mixes both', () => {
		expect(block('bash', 'cd /var/lib/redis\n\nBGSAVE\n\ncp dump.rdb /backup/').map(s => s.kind)).toEqual([
			'show',
		]);
		expect(block('bash', 'INFO memory\nredis-cli --bigkeys\n\nredis-cli --latency').map(s => s.kind)).toEqual(
			['show'],
		);
	});
});

describe('SQL as its author wrote it', () => {
	it("a statement's comments above it go with it; a comment between two still parts them when it marks an alternative", () => {
		const steps = block(
			'sql',
			"-- Find blocking sessions\nSELECT pid, state FROM pg_stat_activity WHERE wait_event_type = 'Lock';",
		);
		expect(kindsAndCommands(steps)).toEqual([
			[
				'sql',
				["-- Find blocking sessions\nSELECT pid, state FROM pg_stat_activity WHERE wait_event_type = 'Lock'"],
			],
		]);
		const apart = block(
			'sql',
			"-- Set statement timeout at database level\nALTER DATABASE app SET statement_timeout = '30s';\n\n-- Or per connection\nSET statement_timeout = '30s';",
		);
		expect(kindsAndCommands(apart)).toEqual([
			[
				'sql',
				["-- Set statement timeout at database level\nALTER DATABASE app SET statement_timeout = '30s'"],
			],
			['sql', ["-- Or per connection\nSET statement_timeout = '30s'"]],
		]);
	});

	it("an `sql` fence holding the shell's psql -c and pg_lsclusters runs on the host", () => {
		expect(
			kindsAndCommands(block('sql', 'psql -h localhost -p 6432 -U admin -d pgbouncer -c "SHOW POOLS;"')),
		).toEqual([['shell', ['psql -h localhost -p 6432 -U admin -d pgbouncer -c "SHOW POOLS;"']]]);
		expect(kindsAndCommands(block('sql', 'sudo -u postgres pg_lsclusters'))).toEqual([
			['shell', ['sudo -u postgres pg_lsclusters']],
		]);
		// `set search_path to app` is SQL whatever the shell has; a statement ending in `;` too; MySQL's
		// `kill 1234` must never kill a process of the host's, nor `source dump.sql` run as shell.
		for (const statement of ['set search_path to app', 'kill 1234', 'source /tmp/dump.sql', 'KILL 1234;'])
			expect(
				block('sql', statement).map(step => step.kind),
				statement,
			).not.toContain('shell');
	});
});

describe("a `//` note after a command's words", () => {
	it('becomes a shell comment: still seen, never passed to the command', () => {
		const steps = block(
			'shell',
			'sudo journalctl --rotate // archive the logs to be non-writable\nsudo journalctl --vacuum-time=1s // delete the logs',
		);
		expect(kindsAndCommands(steps)).toEqual([
			[
				'shell',
				[
					'sudo journalctl --rotate # archive the logs to be non-writable',
					'sudo journalctl --vacuum-time=1s # delete the logs',
				],
			],
		]);
		// Inside quotes it is the command's text: `curl "http://x // y"` keeps it.
		expect(block('bash', 'echo "a // b c"')[0]!.commands).toEqual(['echo "a // b c"']);
	});

	it('"change 1G to any size you want" asks for a value of the operator\'s own: shown', () => {
		const steps = block('shell', 'sudo fallocate -l 1G /swapfile // change 1G to any size you want');
		expect(steps[0]!.kind).toBe('show');
		expect(steps[0]!.reason).toContain('change 1G to any size you want');
	});
});

describe('lines that are no command', () => {
	it("a row df printed, a data file's path, an APT source line: shown", () => {
		for (const line of [
			'/dev/mapper/OS-root   12G   11G  449M  97% /',
			'/dev/root        19G  2.3G   17G  13% /',
			'/var/lib/redis/dump.rdb',
			'/etc/nginx/conf.d/a.conf /etc/nginx/conf.d/b.conf',
			'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /',
		])
			expect(block('bash', line)[0]!.kind, line).toBe('show');
		// A program under a path runs: `/usr/lib/postgresql/15/bin/pg_upgrade --check`, `/opt/app/bin/start`.
		expect(block('bash', '/usr/lib/postgresql/15/bin/pg_upgrade --check')[0]!.kind).toBe('shell');
		expect(block('bash', '/opt/app/bin/start')[0]!.kind).toBe('shell');
	});

	it("`dataDir=/data/zookeeper` alone under `sh`: a configuration file's line, not the shell's", () => {
		expect(block('sh', 'dataDir=/data/zookeeper\nclientPort=2181')[0]!.kind).toBe('show');
		// An environment variable in capitals stays the shell's.
		expect(block('sh', 'NS=shop')[0]!.kind).toBe('shell');
	});
});

describe('commands that wait for a person', () => {
	it('`docker compose rm` without -f asks "are you sure?"; with -f, or `-f compose.yml` before rm, it is read as usual', () => {
		expect(block('bash', 'docker compose rm')[0]).toMatchObject({kind: 'show', interactive: true});
		expect(block('bash', 'docker-compose rm api')[0]).toMatchObject({kind: 'show', interactive: true});
		expect(block('bash', 'docker compose -f compose.yml rm api')[0]).toMatchObject({kind: 'show'});
		expect(block('bash', 'docker compose rm -f api')[0]!.kind).toBe('shell');
		expect(block('bash', 'docker compose -f compose.yml rm -sf api')[0]!.kind).toBe('shell');
	});

	it('`gcloud sql connect` opens the database client; `bosh ssh` a shell on the instance', () => {
		expect(block('bash', 'gcloud sql connect db-1 --user=postgres')[0]).toMatchObject({
			kind: 'show',
			interactive: true,
		});
		expect(block('sh', 'bosh -d logsearch ssh ingestor/0')[0]).toMatchObject({
			kind: 'show',
			interactive: true,
		});
		expect(block('sh', 'bosh -d logsearch ssh ingestor/0 -c "uptime"')[0]!.kind).toBe('shell');
	});
});

describe('where a shell opened in an earlier block ends', () => {
	const runbook = [
		'# Reindex',
		'',
		'## Restore from the archive',
		'',
		'### Log into an ingestor',
		'',
		'```sh',
		'bosh -d logsearch ssh ingestor/0',
		'```',
		'',
		'## Other useful commands',
		'',
		'```sh',
		'rm /tmp/s3_import.sincedb',
		'```',
		'',
		'### Recreate the ingestor',
		'',
		'```sh',
		'bosh -d logsearch recreate ingestor/0',
		'```',
		'',
		'```sh',
		"curl -s 'localhost:9200/_cat/indices'",
		'```',
		'',
	].join('\n');

	it("a heading, even of a higher rank, keeps it (never the host's because a heading came); a bosh command is the jump box again", () => {
		const found = stepsOf(runbook);
		expect(found.map(step => [step.line, step.kind])).toEqual([
			[7, 'show'],
			[13, 'show'],
			[19, 'shell'],
			[23, 'shell'],
		]);
		expect(found[1]!.reason).toContain('typed in the shell `bosh -d logsearch ssh ingestor/0` opened');
	});
});

describe('blanks written in lower case', () => {
	it('visapi_your_key_here, api_key_here and some_user are asked; so is a quoted name in SQL', () => {
		const [curl] = block(
			'bash',
			'curl -s -H "X-API-Key: visapi_your_key_here" https://api.example.com/v1/health',
		);
		expect(curl!.placeholders.map(p => p.name)).toContain('visapi_your_key_here');
		const [sql] = block('sql', 'CREATE USER "some_user" WITH LOGIN PASSWORD \'your_strong_password\';');
		expect(sql!.placeholders.map(p => p.name)).toEqual(
			expect.arrayContaining(['some_user', 'your_strong_password']),
		);
		// A quoted name that is no blank's form stays the author's: "Orders".
		expect(block('sql', 'SELECT count(*) FROM "Orders";')[0]!.placeholders).toEqual([]);
		// `somewhere`, `here` alone, `where_here_is` as a column: no blank of these forms.
		expect(block('bash', 'grep here /var/log/somewhere.log')[0]!.placeholders).toEqual([]);
	});
});

describe('more that waits or asks', () => {
	it("Debian's adduser asks a password: shown as interactive, never run with a closed input", () => {
		const steps = block('bash', 'sudo addgroup --gid 3000 kafka\nsudo adduser --uid 3000 --gid 3000 kafka');
		expect(steps.at(-1)).toMatchObject({kind: 'show', interactive: true});
		expect(steps.at(-1)!.reason).toContain('asks for a password');
		expect(block('bash', 'sudo adduser --system --group kafka')[0]!.kind).toBe('shell');
		expect(block('bash', 'sudo adduser --disabled-password --gecos "" kafka')[0]!.kind).toBe('shell');
	});

	it('`--db database_name --collection collection_name` asks both; a column named table_name in quoted SQL does not', () => {
		const [dump] = block('bash', 'mongodump --db database_name --collection collection_name');
		expect(dump!.placeholders.map(p => p.name)).toEqual(['database_name', 'collection_name']);
		const [psql] = block('bash', 'psql -c "select table_name from information_schema.tables"');
		expect(psql!.placeholders).toEqual([]);
	});
});
