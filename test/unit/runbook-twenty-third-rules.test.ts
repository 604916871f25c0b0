// Issue 14, rules from the twenty-third and twenty-fourth blind sets, each meant to hold on runbooks
// nobody here has read: `# ` as root's prompt on every line of a block, a read and what it printed
// with no prompt between them, and a version's own suffix in capitals. Fixtures written here.
import {describe, expect, it} from 'vitest';
import {blockSteps as block, kindsAndCommands} from '../support/runbook-blocks.js';

describe("`# ` as root's prompt", () => {
	it('a line of the same program as a root command is a command too, never dropped as output', () => {
		// Dropping `freebsd-update install` ran the upgrade and then the reboot without installing it.
		const steps = block(
			'',
			'# freebsd-update -r 13.2-RELEASE upgrade\n# freebsd-update install\n# reboot\n# freebsd-update install',
		);
		expect(kindsAndCommands(steps)).toEqual([
			[
				'shell',
				[
					'freebsd-update -r 13.2-RELEASE upgrade',
					'freebsd-update install',
					'reboot',
					'freebsd-update install',
				],
			],
		]);
	});

	it("a program's words with an option or a path are a command; a sentence is the author's comment", () => {
		const steps = block(
			'',
			"# sed -e '/enabled: / s/yes/no/' -i '' /usr/local/etc/pkg/repos/Local.conf\n# Then the jails too\n# jailctl cmd ALL sed -e 's/a/b/' -i '' /etc/x.conf\n# pkg-static upgrade -f",
		);
		expect(kindsAndCommands(steps)).toEqual([
			[
				'shell',
				[
					"sed -e '/enabled: / s/yes/no/' -i '' /usr/local/etc/pkg/repos/Local.conf",
					"jailctl cmd ALL sed -e 's/a/b/' -i '' /etc/x.conf",
					'pkg-static upgrade -f',
				],
			],
		]);
	});

	it("a sentence is a comment even when it starts with a root command's program", () => {
		const steps = block(
			'',
			'# pg_ctl stop -D /var/db/pg\n# pg_ctl must be stopped first\n# pg_ctl start -D /var/db/pg',
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['pg_ctl stop -D /var/db/pg', 'pg_ctl start -D /var/db/pg']],
		]);
	});

	it('words in a string are no sentence: `# echo "CHANGE MASTER TO …" | mysql` is a command', () => {
		const steps = block('', '# cd /var/lib/mysql\n# echo "CHANGE MASTER TO MASTER_HOST=\'db-1\';" | mysql');
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['cd /var/lib/mysql', 'echo "CHANGE MASTER TO MASTER_HOST=\'db-1\';" | mysql']],
		]);
		// Nor is a command's own trailing note.
		expect(kindsAndCommands(block('', '# mv /srv/a /data/a # to the new disk, first'))).toEqual([
			['shell', ['mv /srv/a /data/a # to the new disk, first']],
		]);
	});

	it('a line pg-ops cannot place (command or comment) shows the whole block, naming it', () => {
		const steps = block('', '# systemctl stop app\n# jailer upgrade ALL\n# systemctl start app');
		expect(steps.map(step => step.kind)).toEqual(['show']);
		expect(steps[0]!.reason).toContain('`# jailer upgrade ALL`');
		expect(steps[0]!.reason).toContain("root's `#` prompt or a comment");
	});
});

describe('a read and what it printed, no prompt between them', () => {
	it('cat /proc/mdstat and its table: the read runs, the table is not a command', () => {
		const steps = block(
			'',
			'cat /proc/mdstat\nPersonalities : [raid1]\nmd0 : active raid1 sda1[0] sdb1[2](F)\n      976773168 blocks [2/1] [U_]\nunused devices: <none>',
		);
		expect(kindsAndCommands(steps)).toEqual([['shell', ['cat /proc/mdstat']]]);
	});

	it('a health check and the JSON it answers, with the comments kept', () => {
		const steps = block(
			'bash',
			'# Check overall health\ncurl -s https://status.example.net/health | jq .\n\n# Expected answer:\n{\n  "status": "ok",\n  "redis": "up"\n}',
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['curl -s https://status.example.net/health | jq .']],
		]);
	});

	it('stays shown when a command under it changes something, or a line may be a command pg-ops does not know', () => {
		expect(
			block(
				'bash',
				'sh remove-member.sh 8cd2a87e\n+----------+---------+\n|    ID    | STATUS  |\n+----------+---------+',
			).map(s => s.kind),
		).toEqual(['show']);
		// `ETCDCTL_API=3 etcdctl compact $rev` starts in capitals, and is a command all the same.
		expect(
			kindsAndCommands(
				block(
					'bash',
					'rev=$(etcdctl endpoint status --write-out=json | grep -o "[0-9]*")\nETCDCTL_API=3 etcdctl compact $rev',
				),
			).map(([kind]) => kind),
		).toEqual(['shell']);
		expect(
			block('', 'grep -Ril "needle" /\n\n1. i stands for ignore case\n2. l lists the files only').map(
				s => s.kind,
			),
		).toEqual(['show']);
	});

	it("a line that starts a command the shell's own way is never taken for output", () => {
		for (const line of [
			'[ -f /run/app.pid ] && kill $(cat /run/app.pid)',
			'( cd /srv/app && make stop )',
			'"$PG_BIN"/pg_ctl stop',
		])
			expect(kindsAndCommands(block('bash', `cat /run/app.pid\n${line}`))).not.toEqual([
				['shell', ['cat /run/app.pid']],
			]);
	});

	it('a cat of a configuration file and its settings stays shown (the settings are the file as the author had it)', () => {
		const steps = block('', 'cat /etc/etcd/etcd.conf\nETCD_NAME=etcd1\nETCD_DATA_DIR="/var/lib/etcd"');
		expect(steps.map(step => step.kind)).toEqual(['show']);
	});
});

describe("a version's suffix in capitals is no blank", () => {
	it('13.2-RELEASE and 1.0-SNAPSHOT are asked for nothing; app-RELEASE still is', () => {
		const asks = (code: string) => block('bash', code).flatMap(step => step.placeholders.map(p => p.token));
		expect(asks('freebsd-update -r 13.2-RELEASE upgrade')).toEqual([]);
		expect(asks('mvn deploy:deploy-file -Dversion=1.0-SNAPSHOT')).toEqual([]);
		expect(asks('helm rollback app-RELEASE 3')).toEqual(['RELEASE']);
	});
});

describe('lines that are no command, and commands that look like none', () => {
	it('a PromQL query or a pg_hba.conf line in a shell block is shown, named', () => {
		const query = block('bash', '# Query in Prometheus\ntopk(5, rate(http_requests_total{job="api"}[5m]))');
		expect(query.map(step => step.kind)).toEqual(['show']);
		expect(query[0]!.reason).toContain('is an expression (a PromQL query, a function call)');
		// `host` is also a DNS tool; never with an authentication method last.
		const hba = block('', 'host    all    all    10.0.0.0/8    scram-sha-256');
		expect(hba.map(step => step.kind)).toEqual(['show']);
		expect(hba[0]!.reason).toContain('is a line of pg_hba.conf');
		expect(block('', 'host db.internal.example').map(step => step.kind)).toEqual(['shell']);
	});

	it('FreeBSD, disk and audit tools unlabelled are commands; a program named after blanks is one too', () => {
		expect(kindsAndCommands(block('', 'freebsd-update fetch\nfreebsd-update install'))).toEqual([
			['shell', ['freebsd-update fetch', 'freebsd-update install']],
		]);
		expect(block('', 'sgdisk /dev/sda -R /dev/sdb').map(step => step.kind)).toEqual(['shell']);
		const named = block('shell', '<environment_name>-<instance_name>-pgbackrest info');
		expect(named.map(step => step.kind)).toEqual(['shell']);
		expect(named[0]!.placeholders.map(p => p.token)).toEqual(['<environment_name>', '<instance_name>']);
	});

	it('commands under an ini label are read; an ini file is not', () => {
		expect(block('ini', 'sudo lsof -n -i4TCP:5672 | grep LISTEN').map(step => step.kind)).toEqual(['shell']);
		expect(block('ini', 'ExecStart=/usr/bin/unbuffer /opt/app/run.py').map(step => step.kind)).toEqual([
			'show',
		]);
		expect(block('ini', '[Service]\nRestart=always').map(step => step.kind)).toEqual(['show']);
	});
});

describe('blanks: an example domain, a choice in angle brackets', () => {
	const asks = (code: string) => block('bash', code).flatMap(step => step.placeholders.map(p => p.token));
	it("example.com and its subdomains are the operator's domain to give", () => {
		expect(asks('sudo certbot --nginx -d example.com')).toEqual(['example.com']);
		expect(asks('curl -s https://api.example.org/v1/health')).toEqual(['api.example.org']);
		expect(asks('curl -s https://api.example-shop.com/v1/health')).toEqual([]);
	});

	it('<stop|start|restart> is a blank as {stop|start|restart} is', () => {
		expect(asks('systemctl <stop|start|restart> app-<instance>')).toEqual([
			'<stop|start|restart>',
			'<instance>',
		]);
	});
});
