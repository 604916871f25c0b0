// Issue 14, rules from the sixteenth and seventeenth blind sets, each meant to hold on runbooks nobody
// here has read: what the shell would make of a line (a script's text, a configuration line), where the
// prose says a block goes, a session's reach, a command's own note, and values only the author's
// system could have printed. Fixtures written here, in the styles of those sets.
import {describe, expect, it} from 'vitest';
import {fillShellStep} from '../../source/core/runbooks/fill.js';
import {askedNames as asked, blockSteps as block, stepsOf as steps} from '../support/runbook-blocks.js';

describe('text in a shell fence that the shell must not run', () => {
	it("a block that starts with #! is a script's text, to save as a file", () => {
		const [step] = block(
			'bash',
			'#!/bin/bash\nBACKUP_DIR=/srv/backups/etcd\netcdctl snapshot save "$BACKUP_DIR/etcd-$(date +%F).db"\nfind "$BACKUP_DIR" -mtime +14 -delete',
			'Run it nightly from cron:',
		);
		expect(step!.kind).toBe('show');
		expect(step!.reason).toContain("a script's text (`#!/bin/bash`)");
	});

	it('"Add this line to `/etc/my.cnf`:" and a paragraph that is only a path head the file\'s content', () => {
		expect(block('bash', 'innodb_force_recovery = 1', 'Add this line to `/etc/my.cnf`:')[0]!.kind).toBe(
			'show',
		);
		expect(block('', 'wal_keep_size = 2GB', 'Add the following setting to postgresql.conf')[0]!.kind).toBe(
			'show',
		);
		expect(block('', 'HandleLidSwitch=ignore', '/etc/systemd/logind.conf')[0]!.kind).toBe('show');
		// A bare path says nothing of editing: commands under it run.
		expect(
			block('', 'sudo systemctl reload postgresql', '/etc/postgresql/16/main/pg_hba.conf')[0]!.kind,
		).toBe('shell');
		// The prose goes on to say what to run: the block is that command.
		expect(
			block('bash', 'sudo systemctl restart mysql', 'Add this line to `/etc/my.cnf`, then restart MySQL:')[0]!
				.kind,
		).toBe('shell');
	});

	it('a configuration line (key = value) among commands is shown; the commands around it run', () => {
		const found = block(
			'bash',
			'# Edit postgresql.conf\nsudo vi /etc/postgresql/15/main/postgresql.conf\n\n# Raise the limit\nmax_connections = 300  # was 100\n\n# Restart\nsudo systemctl restart postgresql',
		);
		expect(found.map(step => step.kind)).toEqual(['show', 'show', 'shell']);
		expect(found[1]!.reason).toContain("`max_connections = 300` is a configuration file's line");
		expect(found[2]!.commands).toEqual(['sudo systemctl restart postgresql']);
		// Comparisons are commands.
		expect(block('bash', 'test "$(hostname)" = db-1 && sudo systemctl stop patroni')[0]!.kind).toBe('shell');
	});
});

describe('where a command goes', () => {
	it('a command whose own note sends it to other machines is a step of its own, shown', () => {
		const found = block('bash', 'kubectl get nodes\ndf -h /var/lib   # on each node\nkubectl top nodes');
		expect(found.map(step => [step.kind, step.commands])).toEqual([
			['shell', ['kubectl get nodes']],
			['show', []],
			['shell', ['kubectl top nodes']],
		]);
		expect(found[1]!.reason).toContain('on each node');
		// A client that reaches the other machine itself stays.
		expect(block('bash', 'kubectl get nodes\nkubectl top nodes   # on all nodes')).toHaveLength(1);
		// Inside a sequence that changes things, "each node" takes in this one: the whole block is shown,
		// never its middle run alone (a review's attack: rm -rf run without the stop before it).
		const sequence = block(
			'bash',
			'sudo systemctl stop patroni   # on each node\nsudo rm -rf /var/lib/postgresql/16/main\nsudo systemctl start patroni   # on each node',
		);
		expect(sequence.map(step => step.kind)).toEqual(['show']);
	});

	it('a shell opened on another machine lasts to its exit, across headings (an errand closed at a heading ran rm -rf here)', () => {
		const found = steps(
			[
				'# Rebuild a replica',
				'## 1. Stop it',
				'```bash',
				'ssh db-2.prod',
				'sudo systemctl stop patroni',
				'```',
				'## 2. Wipe its data directory',
				'Still on db-2:',
				'```bash',
				'sudo rm -rf /var/lib/postgresql/16/main/*',
				'```',
				'## 3. Back',
				'```bash',
				'exit',
				'```',
				'```bash',
				'patronictl list',
				'```',
			].join('\n'),
		);
		// The stop and the wipe are db-2.prod's: they run only where pg-ops finds itself on it.
		expect(found.map(step => [step.kind, step.onMachine?.name])).toEqual([
			['show', undefined],
			['shell', 'db-2.prod'],
			['shell', 'db-2.prod'],
			['show', undefined],
			['shell', undefined],
		]);
	});
});

describe("values only the author's system could have written", () => {
	it('a blank glued to a short option (mysql -uUSERNAME -pPASSWORD)', () => {
		expect(asked(block('bash', 'mysqladmin -uUSERNAME -pPASSWORD shutdown')[0]!)).toEqual([
			'USERNAME',
			'PASSWORD',
		]);
		expect(asked(block('bash', 'cc -DNDEBUG -O2 main.c')[0]!)).toEqual([]);
	});

	it('a word holding a UUID, and a name made with a moment (a disk, a borg archive)', () => {
		const [disk] = block(
			'bash',
			'DISK=gke-prod-1-pvc-0c5e7a2e-41b8-11ee-9d5a-42010a8e0011\ngcloud compute disks snapshot "$DISK" --zone europe-west1-b',
		);
		expect(asked(disk!)).toEqual(['gke-prod-1-pvc-0c5e7a2e-41b8-11ee-9d5a-42010a8e0011']);
		const [archive] = block(
			'bash',
			'borg extract --dry-run ::web-1.example.org-2023-11-02T03:00:01 etc/nginx',
		);
		expect(archive!.placeholders.map(p => p.token)).toEqual(['web-1.example.org-2023-11-02T03:00:01']);
	});

	it("curl's -u user:password on a continuation line is asked, masked", () => {
		const [step] = block(
			'bash',
			'curl -X PUT "localhost:9200/_ilm/policy/logs" \\\n  -H \'Content-Type: application/json\' \\\n  -u elastic:changeme -d \'{"policy": {}}\'',
		);
		expect(step!.placeholders).toMatchObject([{token: 'changeme', secret: true}]);
	});

	it('two different passwords written in one block are two values to ask, each sent on its own line', () => {
		const [step] = block(
			'bash',
			'mysql -uroot -pS3cretA -e "SELECT 1"\ncurl -u elastic:OtherPass localhost:9200',
		);
		expect(step!.placeholders.map(p => [p.name, p.token, p.secret])).toEqual([
			['password', 'S3cretA', true],
			['password_2', 'OtherPass', true],
		]);
		const filled = fillShellStep(step!, {password: 'first-value', password_2: 'second-value'});
		expect(filled.secrets.map(secret => secret.value)).toEqual(['first-value', 'second-value']);
		expect(filled.script).not.toContain('S3cretA');
		expect(filled.script).not.toContain('OtherPass');
		// The same value written twice is one.
		expect(
			asked(block('bash', 'mysql -uroot -pS3cretA -e "SELECT 1"\nmysqldump -uroot -pS3cretA db')[0]!),
		).toEqual(['password']);
	});

	it('an object left out ({...}) is asked, named by its key, and the value given goes in its place', () => {
		const [step] = block('bash', 'curl -X PUT localhost:9200/_cluster/settings -d \'{"transient": {...}}\'');
		expect(step!.placeholders.map(p => [p.token, p.name])).toEqual([['{...}', 'transient']]);
		const filled = fillShellStep(step!, {transient: '{"cluster.routing.allocation.enable": "all"}'});
		expect(filled.script).toContain(
			`PGOPS_TRANSIENT='{"cluster.routing.allocation.enable": "all"}'\ncurl -X PUT localhost:9200/_cluster/settings -d '{"transient": '"$PGOPS_TRANSIENT"'}'`,
		);
	});

	it('a value whose note says to update it is asked, there and wherever the runbook uses it again', () => {
		const found = steps(
			[
				'# Replace an etcd member',
				'```',
				'export target_etcd=etcd-3.prod.internal   #UPDATE',
				'```',
				'```',
				'etcdctl member list | grep etcd-3.prod.internal',
				'```',
			].join('\n'),
		);
		expect(found.map(step => step.placeholders.map(p => p.token))).toEqual([
			['etcd-3.prod.internal'],
			['etcd-3.prod.internal'],
		]);
		expect(asked(block('bash', 'export REGION=eu-west-1   # the region we run in')[0]!)).toEqual([]);
		// A number is not spread to every place it appears.
		expect(
			asked(steps('# R\n```\nexport PGPORT=5432  #UPDATE\n```\n```\npsql -p 5432 -c "SELECT 1"\n```\n')[1]!),
		).toEqual([]);
	});

	it('a host under no real top-level domain (elastic.url) is asked; redis-benchmark -a takes a password', () => {
		expect(asked(block('bash', 'curl -X POST https://elastic.url/logs/_cache/clear')[0]!)).toEqual([
			'elastic.url',
		]);
		// A real domain is kept; example.com is kept for examples (RFC 2606): the operator's own host goes there.
		expect(asked(block('bash', 'curl https://search.acme-corp.com/_cat/indices')[0]!)).toEqual([]);
		expect(asked(block('bash', 'curl https://search.example.com/_cat/indices')[0]!)).toEqual([
			'search.example.com',
		]);
		expect(block('bash', 'redis-benchmark -a s3cret -n 100000 -c 50')[0]!.placeholders).toMatchObject([
			{token: 's3cret', secret: true},
		]);
	});

	it('[ip], [id] and [db] in brackets are blanks; other two letters in brackets are a glob', () => {
		expect(asked(block('bash', 'etcdctl --endpoints=[ip]:2379 endpoint status')[0]!)).toEqual(['ip']);
		expect(asked(block('bash', 'ls -l /dev/[sh]d*')[0]!)).toEqual([]);
	});
});

describe('what a command printed', () => {
	it('`cat FILE` and then only lines of settings: the file it printed, shown', () => {
		const [step] = block(
			'',
			'cat /etc/default/etcd\n# [member]\nETCD_NAME=etcd-1\nETCD_DATA_DIR="/var/lib/etcd/default"\nETCD_INITIAL_CLUSTER_STATE="new"',
		);
		expect(step!.kind).toBe('show');
		expect(step!.reason).toContain('are what it printed');
		// Commands after it: a sequence to run.
		expect(block('bash', 'cat /etc/default/etcd\nsudo systemctl restart etcd')[0]!.kind).toBe('shell');
	});
});

describe('from the eighteenth set', () => {
	it('a program name joined with _ then an option reads as a command (lsb_release -a)', () => {
		expect(block('', 'lsb_release -a')[0]!.kind).toBe('shell');
	});

	it('unlabelled PostgreSQL SQL and then a shell command: the SQL, then the command, each a step', () => {
		const found = block('', 'create database shop\npg_restore -v -h db-2 -d shop shop.dump');
		expect(found.map(step => [step.kind, step.commands])).toEqual([
			['sql', ['create database shop']],
			['shell', ['pg_restore -v -h db-2 -d shop shop.dump']],
		]);
		// After another database's SQL (shown), the block is notes: shown whole.
		expect(
			block('', 'KILL CONNECTION 557;\nmysqladmin kill 1,2,3 -h localhost -u app').map(s => s.kind),
		).toEqual(['show']);
	});
});
