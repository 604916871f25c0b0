// Issue 14, eleventh session: rules from what the tenth and eleventh blind sets still misread, each
// meant to carry to runbooks nobody here has read (what a command does, where a value comes from),
// not one more wording. Fixtures written here, in the styles of those sets.
import {describe, expect, it} from 'vitest';
import {
	askedNames as asked,
	blockSteps as block,
	kindsAndCommands as kinds,
	stepsOf as steps,
} from '../support/runbook-blocks.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

describe('PostgreSQL written in shell blocks', () => {
	it("psql's own commands (\\l, \\dt+, \\c db) are shown, never run by the host's shell", () => {
		for (const body of ['\\l', '\\dt+', '\\c [database_name]', '\\i [file.sql]', '\\d+ orders']) {
			const [step] = block('bash', `    ${body}`);
			expect(step!.kind, body).toBe('show');
			expect(step!.reason, body).toContain('is a psql command');
		}
		// `\rm` and `\cp` skip an alias: the shell's own, run as written.
		expect(kinds(block('bash', '\\cp -f app.conf.new app.conf'))).toEqual([
			['shell', ['\\cp -f app.conf.new app.conf']],
		]);
	});

	it('statements in a bash block are an SQL step, with their blanks asked', () => {
		const [grant] = block('bash', '    GRANT USAGE ON SCHEMA schema_name TO username');
		expect(grant!.kind).toBe('sql');
		expect(asked(grant!)).toEqual(['schema_name', 'username']);
		const [cancel] = block('bash', '    SELECT pg_cancel_backend([pid of the process])');
		expect(cancel!.kind).toBe('sql');
		expect(asked(cancel!)).toEqual(['pid of the process']);
		// A column or a catalogue's table that happens to be called so is no blank.
		const [look] = block('sql', 'SELECT table_name, username FROM information_schema.tables, app_users');
		expect(asked(look!)).toEqual([]);
	});

	it("a statement written as the manual's synopsis ([IF EXISTS]) is shown", () => {
		const [step] = block('sql', 'DROP DATABASE [IF EXISTS] reports_old;');
		expect(step!.kind).toBe('show');
		expect(step!.reason).toContain('`[IF EXISTS]` is an optional part in brackets');
	});
});

describe('a change and what decides it', () => {
	it('a kill after the listing that shows its PID is asked after the listing runs', () => {
		expect(kinds(block('bash', 'ps aux | grep report-worker\nkill <PID>'))).toEqual([
			['shell', ['ps aux | grep report-worker']],
			['shell', ['kill <PID>']],
		]);
		// A PID the block sets itself is no value to read first.
		expect(block('bash', 'PID=$(pgrep report-worker)\nkill $PID')).toHaveLength(1);
	});

	it('a check written under its own comment after a change is a step of its own', () => {
		expect(
			kinds(
				block(
					'bash',
					'# Restart the runtime\nsudo systemctl restart containerd\n\n# Look at its log\njournalctl -u containerd -n 50',
				),
			),
		).toEqual([
			['shell', ['sudo systemctl restart containerd']],
			['shell', ['journalctl -u containerd -n 50']],
		]);
		// Reads under their own comments, one after another, stay one step.
		expect(block('bash', '# Disk\ndf -h\n# Memory\nfree -m')).toHaveLength(1);
	});

	it('a command and the next one that undoes it are two recipes', () => {
		expect(
			kinds(block('', 'docker compose -f prod.yml up -d --build\ndocker compose -f prod.yml down')),
		).toEqual([
			['shell', ['docker compose -f prod.yml up -d --build']],
			['shell', ['docker compose -f prod.yml down']],
		]);
		expect(block('bash', 'curl -XPUT $ES/logs-old/\ncurl -XDELETE $ES/logs-old/')).toHaveLength(2);
		// Stop then start is a restart, and another target is no undoing: one step each.
		expect(block('bash', 'systemctl stop app\nrm -f /run/app.pid\nsystemctl start app')).toHaveLength(1);
		expect(block('bash', 'systemctl start app\nsystemctl stop app-old')).toHaveLength(1);
	});
});

describe('commands for another terminal', () => {
	it('"Terminal 1" and "in another terminal" are not run here, one after another', () => {
		const side = block(
			'bash',
			'# Terminal 1: the broker\nbin/broker-start.sh conf/broker.properties\n\n# Terminal 2: the consumer\nbin/consumer.sh --topic audit',
		);
		expect(side.map(step => step.kind)).toEqual(['show', 'show']);
		expect(side[0]!.reason).toContain('for another terminal');
		const forward = block(
			'bash',
			'kubectl -n db port-forward svc/pg 5432:5432\n# in another terminal\npsql -h 127.0.0.1 -c "select 1"',
		);
		expect(forward.map(step => step.kind)).toEqual(['shell', 'show']);
	});
});

describe('what the runbook itself says', () => {
	it('a name an earlier block makes an alias of is a command', () => {
		const found = steps(
			'# Tips\n\n```\nalias k=kubectl\n```\n\nSuspend a job\n\n```\nk patch cronjob <cronjob> -p \'{"spec":{"suspend":true}}\'\n```\n',
		);
		expect(found.at(-1)!.kind).toBe('shell');
		expect(asked(found.at(-1)!)).toEqual(['cronjob']);
		// Without the alias, `k …` in an unlabelled block is not known to be a command.
		expect(block('', 'k get pods').map(step => step.kind)).toEqual(['show']);
	});

	it('a note after an arrow and an optional part in brackets are shown, not run', () => {
		const [arrow] = block('', 'juju run-action mysql/1 --wait resume <- on the units that lag');
		expect(arrow!.kind).toBe('show');
		expect(arrow!.reason).toContain('`<- on the units that lag` is a note');
		const [optional] = block('', 'kubectl delete deployments --all [--selector="tier=batch"]');
		expect(optional!.kind).toBe('show');
		expect(optional!.reason).toContain('`[--selector="tier=batch"]` is an optional part');
		// `[ -f x ]` is test's syntax, not an optional part.
		expect(block('bash', '[ -f /etc/app.conf ] && cp /etc/app.conf /tmp/')[0]!.kind).toBe('shell');
	});

	it('a password in JSON a command sends is an example, asked masked', () => {
		const [step] = block(
			'bash',
			`kubectl patch pgcluster main --type=merge -p='{"spec":{"users":[{"name":"app","password":"newpassword"}]}}'`,
		);
		expect(step!.placeholders).toEqual([expect.objectContaining({name: 'password', secret: true})]);
	});

	it("an id a transcript printed is the author's: asked wherever a later command uses it", () => {
		const found = steps(
			[
				'# Replace a member',
				'',
				'```',
				'$ etcdctl member list | grep node-3',
				'8e9e05c52164694d: name=node-3 peerURLs=http://node-3:2380',
				'```',
				'',
				'Remove it:',
				'',
				'```',
				'$ etcdctl member remove 8e9e05c52164694d',
				'```',
			].join('\n'),
		);
		expect(found.at(-1)!.commands).toEqual(['etcdctl member remove 8e9e05c52164694d']);
		expect(asked(found.at(-1)!)).toEqual(['8e9e05c52164694d']);
		// A service's name in the output is the operator's too: not asked.
		const named = steps(
			'# S\n\n```\n$ systemctl list-units --failed\nbilling-2.service loaded failed\n```\n\n```\n$ systemctl restart billing-2.service\n```\n',
		);
		expect(asked(named.at(-1)!)).toEqual([]);
	});
});

describe("values that are the author's (twelfth set)", () => {
	it('a moment, an example_ name and a path in a Mac home are asked, not run as written', () => {
		const [prune] = block(
			'bash',
			'wal-g delete --retain-count 10 --retain-after 2021-03-02T09:15:00+01:00 --confirm',
		);
		expect(asked(prune!)).toEqual(['2021-03-02T09:15:00+01:00']);
		const [fetch] = block('bash', 'wal-g backup-fetch /var/lib/pg/data example_backup');
		expect(asked(fetch!)).toEqual(['example_backup']);
		const [plist] = block('bash', 'launchctl unload /Users/kim/Library/LaunchAgents/db.plist');
		expect(asked(plist!)).toEqual(['/Users/kim/Library/LaunchAgents/db.plist']);
		// A date alone (a log's --since) and a date format are not moments to replace.
		expect(asked(block('bash', 'journalctl --since 2021-03-02 -u app\ndate +%Y-%m-%dT%H:%M')[0]!)).toEqual(
			[],
		);
	});

	it('a /path/to/ blank with a date in it is one blank', () => {
		const [step] = block('bash', 'pg_restore --dbname=check /path/to/dumps/app_YYYY-MM-DD.dump');
		expect(asked(step!)).toEqual(['/path/to/dumps/app_YYYY-MM-DD.dump']);
	});

	it('a disk a command formats or mounts is asked, and the same disk where a step only looks', () => {
		const found = steps(
			'# Attach\n\n```bash\nsudo file -s /dev/xvdg\n```\n\n```bash\nsudo mkfs -t xfs /dev/xvdg\n```\n\n```bash\nsudo mount /dev/xvdg /data\n```\n',
		);
		expect(found.map(asked)).toEqual([['/dev/xvdg'], ['/dev/xvdg'], ['/dev/xvdg']]);
		expect(asked(block('bash', 'lsblk /dev/xvdg')[0]!)).toEqual([]);
	});
});

describe('output and lists (twelfth set)', () => {
	it('what kubectl says it did, after the command, is output and is not run', () => {
		expect(
			kinds(
				block(
					'shell',
					'kubectl -n db patch pvc data-pg-0 -p \'{"spec":{}}\'\npersistentvolumeclaim/data-pg-0 patched',
				),
			),
		).toEqual([['shell', ['kubectl -n db patch pvc data-pg-0 -p \'{"spec":{}}\'']]]);
	});

	it('a runbook that calls itself a quick reference: one command a line is one recipe a line', () => {
		const found = steps(
			'# Disaster recovery quick reference\n\n## Act\n\n```bash\naws rds reboot-db-instance --db-instance-identifier <db> --force-failover   # test only\naws rds delete-db-instance --db-instance-identifier <db> --skip-final-snapshot   # clean-up only\n```\n',
		);
		expect(found.map(step => step.commands?.length)).toEqual([1, 1]);
		expect(found[0]!.choice).toContain('one command a line');
	});
});

describe('thirteenth set: how other people write commands and SQL', () => {
	it('a trailing "# or" splits the two ways', () => {
		expect(kinds(block('bash', 'sudo lsof +D /srv # or\nsudo lsof /srv'))).toEqual([
			['shell', ['sudo lsof +D /srv # or']],
			['shell', ['sudo lsof /srv']],
		]);
	});

	it("`$cmd` without its space and `> cmd` before a shell command are prompts; `> ping` is another program's", () => {
		expect(kinds(block('', '$mongodump --host db-2 --out /backup'))).toEqual([
			['shell', ['mongodump --host db-2 --out /backup']],
		]);
		expect(kinds(block('shell', '> curl -s http://127.0.0.1:8008/cluster # without TLS'))).toEqual([
			['shell', ['curl -s http://127.0.0.1:8008/cluster # without TLS']],
		]);
		expect(block('', '> ping\nPONG')[0]!.kind).toBe('show');
		// `$HOME/bin/x` is a variable, not a prompt.
		expect(block('bash', '$HOME/bin/rotate --now')[0]!.commands).toEqual(['$HOME/bin/rotate --now']);
	});

	it('SQL in lower case, a DO block, and psql results pasted under a statement', () => {
		expect(kinds(block('', "alter system set max_wal_size = '4GB';"))).toEqual([
			['sql', ["alter system set max_wal_size = '4GB'"]],
		]);
		expect(block('', 'select pid, state\nfrom pg_stat_activity;')[0]!.kind).toBe('sql');
		expect(block('', 'DO $$ BEGIN PERFORM 1; END $$;')[0]!.kind).toBe('sql');
		expect(kinds(block('', 'show work_mem;\n work_mem \n----------\n 4MB\n(1 row)\n'))).toEqual([
			['sql', ['show work_mem']],
		]);
		// `truncate -s 0 file` is the shell's truncate; `set -e` the shell's set.
		expect(block('', 'truncate -s 0 /var/log/app.log')[0]!.kind).toBe('shell');
	});

	it('a text block of commands is read as commands; a text block of output stays shown', () => {
		expect(kinds(block('text', 'juju debug-log --replay --tail'))).toEqual([
			['shell', ['juju debug-log --replay --tail']],
		]);
		expect(block('text', 'unit-postgresql-0: 12:01:02 ERROR juju.worker')[0]!.kind).toBe('show');
	});

	it('a dashed program name with a path or option after it is a command', () => {
		expect(block('', 'fail2ban-regex /var/log/auth.log /etc/fail2ban/filter.d/sshd.conf')[0]!.kind).toBe(
			'shell',
		);
		expect(block('', 'follow-up notes for the team')[0]!.kind).toBe('show');
	});

	it("a change named without what it acts on is a list's entry, shown", () => {
		const [step] = block('bash', 'heroku addons:create\nheroku addons:destroy');
		expect(step!.kind).toBe('show');
		expect(step!.reason).toContain('names a command without what it acts on');
		expect(block('bash', 'sudo apt upgrade')[0]!.kind).toBe('shell');
	});
});

describe('steps a careful operator confirms one by one', () => {
	it('in a block that changes something, every part under its own comment is a step', () => {
		expect(
			block(
				'bash',
				'# Look at it\ncurl "$ES/_cat/indices?v"\n# Its settings\ncurl "$ES/logs/_settings"\n# Drop it\ncurl -XDELETE "$ES/logs"',
			).map(step => step.commands),
		).toEqual([['curl "$ES/_cat/indices?v"'], ['curl "$ES/logs/_settings"'], ['curl -XDELETE "$ES/logs"']]);
	});

	it("a one-shot command given a terminal runs in one, and the lines around it are the host's", () => {
		const found = block(
			'bash',
			'# Services\nkubectl get svc -n shop\n\n# DNS from inside\nkubectl run dns --image=busybox -it --rm -- nslookup api.shop',
		);
		// kubectl run makes a pod: in a block that changes something, each commented part is a step.
		expect(found.map(step => [step.kind, step.terminal])).toEqual([
			['shell', undefined],
			['shell', true],
		]);
	});

	it("the comment above a command saying to use the operator's own value shows it", () => {
		const [step] = block('bash', '# use your located file path here 👇\nrm /usr/local/var/pg/postmaster.pid');
		expect(step!.kind).toBe('show');
		// "Replace the old config" names the action: the step runs.
		expect(block('bash', '# replace the old config\ncp app.conf.new /etc/app/app.conf')[0]!.kind).toBe(
			'shell',
		);
	});
});

describe('conditions and examples written on the line', () => {
	it('a command whose note waits for a condition is a step of its own', () => {
		expect(
			kinds(
				block(
					'bash',
					'sudo -u postgres ./analyze_new_cluster.sh\nsudo -u postgres ./delete_old_cluster.sh   # after validation',
				),
			),
		).toEqual([
			['shell', ['sudo -u postgres ./analyze_new_cluster.sh']],
			['shell', ['sudo -u postgres ./delete_old_cluster.sh   # after validation']],
		]);
	});

	it('a kill of what a listing prints runs after the operator has read the listing', () => {
		expect(
			kinds(block('shell', '$ lsof -t +D /data\n$ sudo kill -9 `lsof -t +D /data` # busy device')),
		).toEqual([
			['shell', ['lsof -t +D /data']],
			['shell', ['sudo kill -9 `lsof -t +D /data` # busy device']],
		]);
	});

	it("the template's blanks filled with example values is an example, shown", () => {
		const found = block(
			'bash',
			'# Trigger the cron job by hand\nkubectl create job --from=cronjob/<cronjob> <job> -n <namespace>\n\n# Example\nkubectl create job --from=cronjob/nightly nightly-manual -n default',
		);
		expect(found.map(step => step.kind)).toEqual(['shell', 'show']);
		expect(found[1]!.reason).toContain("an example of line 2's command");
		// An option where the template has a value is another recipe, not its example.
		expect(block('bash', 'swapoff /dev/vdb2\nswapoff -a').every(step => step.kind === 'shell')).toBe(true);
	});
});

describe('lines with notes of their own', () => {
	it('lines of one program, each with its own note, are steps one by one', () => {
		expect(
			block(
				'shell',
				'curl http://127.0.0.1:8008/cluster        # without TLS\ncurl -k https://127.0.0.1:8008/cluster     # with a self-signed certificate',
			).map(step => step.commands),
		).toEqual([
			['curl http://127.0.0.1:8008/cluster        # without TLS'],
			['curl -k https://127.0.0.1:8008/cluster     # with a self-signed certificate'],
		]);
		// Other programs, or a line without a note: the author's sequence, one step.
		expect(block('bash', 'systemctl stop app   # stop it\nrm -rf /var/cache/app   # clear')).toHaveLength(1);
	});
});

describe('full-screen programs and editors open no session', () => {
	it('an editor in a block is a step of its own; the lines after it run on the host', () => {
		const found = block(
			'bash',
			'# Restart kubelet\nsudo systemctl restart kubelet\n\n# Fix its configuration if needed\nsudo vi /var/lib/kubelet/config.yaml\n\n# Check its log\nsudo journalctl -u kubelet -n 50',
		);
		expect(found.map(step => step.kind)).toEqual(['shell', 'show', 'shell']);
		expect(found[1]!.reason).toContain('opens an editor');
		// top takes keys, not the next line: uptime runs.
		expect(block('bash', 'top\nuptime').map(step => step.kind)).toEqual(['show', 'shell']);
		// tmux opens a shell: what follows is typed there.
		expect(block('bash', 'tmux\nuptime').map(step => step.kind)).toEqual(['show']);
	});
});

describe('patterns in quotes', () => {
	it('a grep pattern with numbers between bars is a command, not a log line', () => {
		expect(block('bash', 'netstat -an | grep -E ":(2181|9092|9093)"')[0]!.kind).toBe('shell');
	});
});

describe('fourteenth set, after its first measure', () => {
	it('a blank in angle brackets is no redirection: the parts of the block are still apart', () => {
		expect(
			block(
				'sh',
				'kubectl delete pod <pod> -n <ns> --grace-period=0 --force\n\n# many pods\nfor p in $(kubectl get pods -n <ns> -o name); do kubectl delete $p; done',
			),
		).toHaveLength(2);
	});

	it("ids an output block printed, an AWS resource, a generated id in a removal and a URL's credentials are asked", () => {
		const found = steps(
			'# M\n\n```shell\netcdctl member list\n```\n\n```console\n8e9e05c52164694d, started, m1, http://10.0.0.1:2380\n```\n\n```shell\netcdctl member remove 8e9e05c52164694d\n```\n',
		);
		expect(asked(found.at(-1)!)).toEqual(['8e9e05c52164694d']);
		expect(
			asked(block('bash', 'aws ec2 modify-volume --size 12 --volume-id vol-098b39dabf29eaa66')[0]!),
		).toEqual(['vol-098b39dabf29eaa66']);
		expect(asked(block('bash', 'docker rm -f 9c1e0a7b3d2f44e1')[0]!)).toEqual(['9c1e0a7b3d2f44e1']);
		expect(asked(block('bash', 'docker logs 9c1e0a7b3d2f44e1')[0]!)).toEqual([]);
		const [uri] = block('bash', 'mongorestore --uri mongodb://username:password@db-1:27017/app dump/');
		expect(uri!.placeholders.map(p => [p.name, p.secret])).toEqual([
			['user', false],
			['password', true],
		]);
	});

	it("'or' in other languages marks the other way; a synopsis's [flags] is shown; psql's tag is output", () => {
		expect(
			block('bash', 'sudo nginx -t\n# Atau restore backup\nsudo cp default.backup default'),
		).toHaveLength(2);
		expect(
			block('bash', 'kubectl get pods\n# или перезапустить\nkubectl rollout restart deploy/api'),
		).toHaveLength(2);
		expect(block('bash', 'etcd [flags]')[0]!.kind).toBe('show');
		expect(kinds(block('bash', 'CREATE DATABASE sales OWNER admin\nCREATE DATABASE'))).toEqual([
			['sql', ['CREATE DATABASE sales OWNER admin']],
		]);
	});
});

describe('fifteenth set, first sight', () => {
	it('in a runbook that calls itself a cheat sheet, a block that opens a session is still never cut', () => {
		const found = steps(
			'# PostgreSQL cheatsheet\n\n## Permissions\n\n```\nsudo su - postgres\npsql\n```\n\n```\nGRANT CONNECT ON DATABASE <db> TO <role>;\n```\n',
		);
		// Cut into recipes, `sudo su - postgres` alone opened a shell for every later block (nineteen SQL blocks shown).
		expect(found.map(step => step.kind)).toEqual(['show', 'sql']);
	});
});

describe('a review of this session rules (false positives)', () => {
	it('a step cut after a command that passes state on runs that command first', () => {
		const found = block(
			'bash',
			'cd /etc/nginx/sites-enabled\n# Option 1: disable the site\nrm default\n# Option 2: reload\nnginx -s reload',
		);
		expect(found.map(step => step.commands)).toEqual([
			['cd /etc/nginx/sites-enabled'],
			['cd /etc/nginx/sites-enabled', 'rm default'],
			['cd /etc/nginx/sites-enabled', 'nginx -s reload'],
		]);
		// `. env`, two assignments on a line and eval pass state on too: one step.
		for (const first of ['. ~/.prod-env', 'PGHOST=db-02 PGPORT=6432', 'eval $(minikube docker-env)'])
			expect(block('bash', `# target\n${first}\n# terminate\npsql -d app -c "select 1"`), first).toHaveLength(
				1,
			);
	});

	it('a port-forward in the background stays with the command that uses it', () => {
		expect(
			block('bash', 'kubectl -n db port-forward svc/pg 5432:5432 &\npsql -h localhost -p 5432 -c "select 1"'),
		).toHaveLength(1);
	});

	it('lines with notes that change something are one sequence', () => {
		expect(
			block(
				'bash',
				'iptables -A INPUT -p tcp --dport 5432 -s 10.0.0.0/8 -j ACCEPT   # app subnet\niptables -A INPUT -p tcp --dport 5432 -j DROP   # everyone else',
			),
		).toHaveLength(1);
	});

	it("values that are the operator's own are not asked; a moment with a space is", () => {
		expect(asked(block('bash', 'mount | grep /dev/sdb1')[0]!)).toEqual([]);
		expect(asked(block('bash', 'cp sample-settings.yml settings.yml')[0]!)).toEqual([]);
		expect(asked(block('bash', 'aws s3 cp s3://backups/snap-20240301.tar.gz .')[0]!)).toEqual([]);
		expect(
			asked(
				block('bash', 'pgbackrest --stanza=main --type=time --target="2024-03-01 10:42:00+00" restore')[0]!,
			),
		).toEqual(['2024-03-01 10:42:00+00']);
		// A dashed name with one path is not read as a command by the dashed-name rule (fail2ban-regex takes two).
		expect(block('', 'spool-dir /var/spool/app')[0]!.kind).toBe('show');
	});
});
