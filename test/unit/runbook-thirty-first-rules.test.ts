// Issue 14, rules found after the thirtieth blind set, meant to hold on runbooks nobody here has read.
// Fixtures written here.
import {describe, expect, it} from 'vitest';
import {blockSteps as block, kindsAndCommands, stepsOf} from '../support/runbook-blocks.js';

const fence = (body: string) => `\`\`\`\n${body}\n\`\`\``;

describe('a shell the prose opens in a pod or a container, with no command for it', () => {
	const runbook = [
		'# Compact the store',
		'',
		'Switch to the project:',
		'',
		fence('oc project openshift-etcd'),
		'',
		'Next `rsh` into one of the pods and look at the endpoints:',
		'',
		fence('etcdctl endpoint status -w table --cluster'),
		'',
		'Then compact it:',
		'',
		fence('etcdctl compact $rev'),
		'',
		'## Check the pods',
		'',
		fence('oc get pods -n openshift-etcd'),
		'',
	].join('\n');

	it("the blocks after it are typed in that pod's shell, shown, until a block drives the cluster again", () => {
		const steps = stepsOf(runbook);
		expect(steps.map(step => step.kind)).toEqual(['shell', 'show', 'show', 'shell']);
		expect(steps[1]!.reason).toBe(
			'typed in the shell the runbook says to open ("`rsh` into one of the pods", before line 11), not on the host: run it there yourself',
		);
		expect(steps[3]!.commands).toEqual(['oc get pods -n openshift-etcd']);
	});

	it('"exec into the container" too; a block that opens the shell itself is followed as written', () => {
		const said = stepsOf(
			[
				'# Inspect',
				'',
				'Exec into the redis container and check memory:',
				'',
				fence('redis-cli info memory'),
				'',
			].join('\n'),
		);
		expect(said[0]!.kind).toBe('show');
		const opened = stepsOf(
			[
				'# Inspect',
				'',
				'Exec into the pod:',
				'',
				fence('kubectl exec -it redis-0 -- bash'),
				'',
				'Then:',
				'',
				fence('redis-cli info memory'),
				'',
			].join('\n'),
		);
		expect(opened.map(step => step.kind)).toEqual(['show', 'show']);
		expect(opened[1]!.reason).toMatch(/typed in the shell `kubectl exec -it redis-0 -- bash` opened/);
	});

	it('not when the prose says not to, nor a node or a server (the runbook may be about that machine)', () => {
		for (const prose of [
			'No need to exec into the pod, run from outside:',
			'SSH to each node and stop the database:',
			'Log in to the server:',
		]) {
			const steps = stepsOf(['# Fix', '', prose, '', fence('sudo systemctl stop mariadb'), ''].join('\n'));
			expect(kindsAndCommands(steps), prose).toEqual([['shell', ['sudo systemctl stop mariadb']]]);
		}
	});
});

describe('commands under an html label', () => {
	it('a session pasted as ```html (`[root@db-1 data]# df -h` and its output) is a transcript: the command runs, the output is left', () => {
		const steps = block(
			'html',
			[
				'[root@db-1 data]# df -h',
				'Filesystem  Size  Used Avail Use% Mounted on',
				'/dev/sda1   960M  463M  498M  49% /boot',
			].join('\n'),
		);
		expect(kindsAndCommands(steps)).toEqual([['shell', ['df -h']]]);
	});

	it('a command a line under ```html runs as unlabelled; markup stays shown', () => {
		expect(kindsAndCommands(block('html', 'firewall-cmd --get-active-zones'))).toEqual([
			['shell', ['firewall-cmd --get-active-zones']],
		]);
		expect(block('html', '<div class="status">ok</div>')[0]!.kind).toBe('show');
	});
});

describe('a block that adds a thing and, lines later, removes it is a list of recipes', () => {
	it('`--add-port=80/tcp` … `--remove-port=80/tcp`: each line a step of its own, never one sequence', () => {
		const steps = block(
			'',
			[
				'firewall-cmd --permanent --add-port=80/tcp   ### allow a port',
				'firewall-cmd --reload',
				'firewall-cmd --complete-reload   ### drops current connections',
				'firewall-cmd --permanent --remove-port=80/tcp',
			].join('\n'),
		);
		expect(steps).toHaveLength(4);
		expect(steps[0]!.choice).toMatch(
			/`firewall-cmd --permanent --remove-port=…` undoes `firewall-cmd --permanent --add-port=80\/…` in the same block/,
		);
		// Adding two things, then reloading: one sequence.
		expect(
			block(
				'',
				[
					'firewall-cmd --permanent --add-port=80/tcp',
					'firewall-cmd --permanent --add-port=443/tcp',
					'firewall-cmd --reload',
				].join('\n'),
			),
		).toHaveLength(1);
	});
});

describe('commands and what they printed, with no prompt', () => {
	it('a look then its answer (`/usr/bin/patroni --version` then `3.2.2`): the look runs; a change with output under it stays shown', () => {
		expect(kindsAndCommands(block('', ['/usr/bin/patroni --version', '3.2.2'].join('\n')))).toEqual([
			['shell', ['/usr/bin/patroni --version']],
		]);
		// What looks like output under a change may be its input or a warning: `tee` would empty the file.
		for (const body of [
			['sudo tee /etc/hosts', '127.0.0.1   localhost', '10.0.0.11   db-1'],
			[
				'sudo systemctl stop patroni',
				'sudo rm -rf /var/lib/postgresql/14/main',
				'WARNING: never run this on the primary!',
			],
			['sudo python3 -m pip uninstall patroni', 'Successfully uninstalled patroni-2.1.4'],
		])
			expect(
				block('', body.join('\n')).every(step => step.kind === 'show'),
				body[0],
			).toBe(true);
	});

	it('not a change after output, nor a name alone that might be a command pg-ops does not know', () => {
		const after = block(
			'bash',
			['sudo systemctl edit app', '[Service]', 'MemoryMax=64G', 'sudo systemctl restart app'].join('\n'),
		);
		expect(after.every(step => step.kind === 'show')).toBe(true);
		expect(block('', ['frobnicate --purge', 'Purged 3 items'].join('\n'))[0]!.kind).toBe('show');
	});

	it('a syslog line and an event kubectl printed are output, never run', () => {
		for (const line of [
			'Jul 18 15:20:58 node-1 kubelet[11519]: E0718 raw.go:140] Failed to watch directory',
			'Warning  Failed  5m1s (x3397 over 17h)  kubelet, ip-10-0-1-5  Error: container create failed',
		])
			expect(block('', line)[0]!.kind, line).toBe('show');
	});
});

describe('prompts written without their space', () => {
	it('`$ETCDCTL_API=3 etcdctl …` and `controlplane ~ $kubectl …` are prompts; the output under them is left', () => {
		expect(
			kindsAndCommands(
				block(
					'bash',
					['$ETCDCTL_API=3 etcdctl snapshot save snapshot.db', 'Snapshot saved at snapshot.db'].join('\n'),
				),
			),
		).toEqual([['shell', ['ETCDCTL_API=3 etcdctl snapshot save snapshot.db']]]);
		expect(
			kindsAndCommands(
				block(
					'shell',
					[
						'controlplane ~ $kubectl drain node01 --ignore-daemonsets',
						'node/node01 cordoned',
						'node/node01 drained',
					].join('\n'),
				),
			),
		).toEqual([['shell', ['kubectl drain node01 --ignore-daemonsets']]]);
	});
});

describe('lines of a shell block that are no command', () => {
	it('an address alone on its line ("# open in the browser") is kept as a comment, never run', () => {
		const [step] = block(
			'bash',
			['sudo systemctl start app', '', '# open in the browser', 'http://localhost:5012/index.html'].join(
				'\n',
			),
		);
		expect(kindsAndCommands([step!])).toEqual([['shell', ['sudo systemctl start app']]]);
		expect(step!.code).toContain('# http://localhost:5012/index.html');
		// An address continuing the line before is curl's argument.
		expect(block('bash', ['curl -fsS \\', '  https://example.org/health'].join('\n'))[0]!.code).not.toContain(
			'# https',
		);
	});

	it("a unit's setting (`ExecStart=/usr/bin/app run --port 80`) and a result noted after `->` are shown", () => {
		expect(
			block('', 'ExecStart=/usr/bin/gitlab-runner run --working-directory /root --user root')[0]!.reason,
		).toMatch(/a unit file's setting/);
		expect(
			block('', ['zramctl -> (empty, no devices)', 'cat /proc/sys/vm/swappiness -> 60'].join('\n'))[0]!
				.reason,
		).toMatch(/notes a command's result after `->`/);
		// An environment variable in capitals before a command is the shell's.
		expect(block('bash', 'PGUSER=app psql -c "select 1"')[0]!.kind).toBe('shell');
	});
});

describe('blanks in the forms these runbooks wrote them', () => {
	it('`pod-name-here`, and a host name of yours asked whole (`deploy@your-server.com`, `api.yourdomain.com`)', () => {
		const names = (body: string) => block('bash', body).flatMap(step => step.placeholders.map(p => p.token));
		expect(names('kubectl logs pod-name-here')).toEqual(['pod-name-here']);
		expect(names("ssh deploy@your-server.com 'df -h'")).toEqual(['your-server.com']);
		expect(names('curl https://api.yourdomain.com/health')).toEqual(['api.yourdomain.com']);
		expect(names('kubectl -n your-namespace get pods')).toEqual(['your-namespace']);
	});
});

describe("the author's files and cuts", () => {
	it('a dated file the block writes (`zip -r x_20201231.zip`, `docker save -o x_20201231.tar`) is its own, not asked', () => {
		const names = (body: string) => block('bash', body).flatMap(step => step.placeholders.map(p => p.token));
		expect(names('zip -r gitea_data_20201231.zip gitea_data_20201231')).toEqual([]);
		expect(names('docker save -o gitea_backup_20201231.tar gitea_backup_20201231')).toEqual([]);
		// One the block reads is the author's: asked.
		expect(names('docker load -i gitea_backup_20201231.tar')).toEqual(['gitea_backup_20201231.tar']);
	});

	it("`... more stuff` in a transcript with no `>>>` before it is the author's cut in the output", () => {
		expect(
			kindsAndCommands(
				block(
					'shell',
					['root@srv:/# docker inspect gitea', '... more stuff', ' "Mounts": [', '  {'].join('\n'),
				),
			),
		).toEqual([['shell', ['docker inspect gitea']]]);
		// After `>>>` it is Python's continuation: the block is shown.
		expect(block('shell', ['>>> for x in range(3):', '...     print(x)'].join('\n'))[0]!.kind).toBe('show');
	});
});

describe("a review's attacks on these rules (each was run before its fix)", () => {
	it('a session pasted under text, log or output is what happened, shown: only html and xml are read as transcripts', () => {
		for (const label of ['text', 'log', 'output', 'txt', 'yaml'])
			expect(block(label, '[root@db-1 ~]# rm -rf /var/lib/pgsql/14/data/pg_wal/*')[0]!.kind, label).toBe(
				'show',
			);
	});

	it('open, work, close (`--add-port`, a backup, `--remove-port`) stays one sequence', () => {
		const steps = block(
			'bash',
			[
				'sudo firewall-cmd --add-port=5432/tcp',
				'pg_basebackup -h db-1 -D /srv/basebackup -X stream -P',
				'sudo firewall-cmd --remove-port=5432/tcp',
			].join('\n'),
		);
		expect(steps).toHaveLength(1);
	});

	it('"Instead of running this on the host, exec into the pod" goes there; "connect to the pod\'s port" and "log in to the container registry" open no shell', () => {
		const first = (prose: string) =>
			stepsOf(
				[
					'# Fix',
					'',
					prose,
					'',
					fence('rm -rf /var/lib/postgresql/data/pg_wal/archive_status/*.ready'),
					'',
				].join('\n'),
			)[0]!;
		expect(
			first('Instead of running this on the database host, exec into the postgres pod and run:').kind,
		).toBe('show');
		expect(first("Connect to the postgres pod's port 5432 and run:").kind).toBe('shell');
		expect(first('Log in to the container registry, then:').kind).toBe('shell');
	});

	it('a CamelCase shell variable is no unit setting; `->` inside a quote over two lines is no note; `install ~/bin $kubectl` is no prompt', () => {
		expect(
			block('bash', 'ExportDir=/srv/exports\npg_dump -Fc appdb -f "$ExportDir/appdb.dump"')[0]!.kind,
		).toBe('shell');
		expect(block('bash', `psql appdb -c "select payload -> 'queue'\n  from jobs"`)[0]!.kind).toBe('shell');
		expect(block('bash', 'install ~/bin $kubectl')[0]!.commands).toEqual(['install ~/bin $kubectl']);
	});

	it('real names are no blanks: `start-here`, `fix-here`, `yourls.org`', () => {
		const names = (body: string) => block('bash', body).flatMap(step => step.placeholders.map(p => p.token));
		expect(names('cd /opt/installer/start-here && git checkout fix-here')).toEqual([]);
		expect(names('curl -fsS https://yourls.org/')).toEqual([]);
	});
});

describe('a plan, then its apply', () => {
	it('`kubeadm upgrade plan` then `kubeadm upgrade apply`, `terraform plan` then `terraform apply`: the apply is a step of its own', () => {
		expect(kindsAndCommands(block('shell', '$kubeadm upgrade plan\n\n$kubeadm upgrade apply'))).toEqual([
			['shell', ['kubeadm upgrade plan']],
			['shell', ['kubeadm upgrade apply']],
		]);
		expect(
			block('bash', 'cd infra\nterraform init\nterraform plan -out tf.plan\nterraform apply tf.plan'),
		).toHaveLength(2);
		// Another tool's apply after a plan stays in sequence.
		expect(block('bash', 'terraform plan\nkubectl apply -f app.yaml')).toHaveLength(1);
	});
});

describe("values of the author's system", () => {
	it("a process's /proc directory (`/proc/1234/oom_score_adj`), `backup.YYYYMMDD_HHMMSS`, `-U user`: asked", () => {
		const names = (body: string) => block('bash', body).flatMap(step => step.placeholders.map(p => p.token));
		expect(names('echo -1000 > /proc/1234/oom_score_adj')).toEqual(['1234']);
		expect(names('cp /srv/db.sqlite3.backup.YYYYMMDD_HHMMSS /srv/db.sqlite3')).toEqual(['YYYYMMDD_HHMMSS']);
		expect(names('psql -U user -d appdb < dump.sql')).toEqual(['user']);
		// `systemctl --user`, a path's `user` and /proc's own files are no blanks.
		expect(names('systemctl --user restart app && cat /proc/meminfo && ls /home/user')).toEqual([]);
	});
});

describe('a note in parentheses after a command', () => {
	it('`service mysql stop (for init systems)` / `systemctl stop mysql (for systemd systems)`: each a step, the note a comment', () => {
		const steps = block(
			'',
			[
				'service mysql stop (for "init" systems)',
				'systemctl stop mysql.service (for "systemd" systems)',
			].join('\n'),
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['service mysql stop # (for "init" systems)']],
			['shell', ['systemctl stop mysql.service # (for "systemd" systems)']],
		]);
		// A subshell and a command substitution are the shell's own.
		expect(block('bash', '(cd /srv/app && make)\necho $(for x in a; do echo $x; done)')[0]!.kind).toBe(
			'shell',
		);
	});
});
