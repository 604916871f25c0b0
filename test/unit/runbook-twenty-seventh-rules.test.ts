// Issue 14, rules from the twenty-seventh and twenty-eighth blind sets (each judged twice; the rules come
// from blocks both judges read alike), meant to hold on runbooks nobody here has read. Fixtures written here.
import {describe, expect, it} from 'vitest';
import {askedNames, blockSteps as block, kindsAndCommands, stepsOf} from '../support/runbook-blocks.js';

const written = (steps: ReturnType<typeof block>) =>
	steps.flatMap(step => step.placeholders.map(p => p.token));

describe('what is no command at all', () => {
	it('a path under a system directory alone (`/var/lib/docker/overlay2`) names a directory: shown', () => {
		const [step] = block('', '/var/lib/docker/overlay2', 'Do NOT manually delete files in:');
		expect(step!.kind).toBe('show');
		// A program under a bin directory is still one.
		expect(kindsAndCommands(block('bash', '/opt/app/bin/healthcheck'))).toEqual([
			['shell', ['/opt/app/bin/healthcheck']],
		]);
	});

	it('a synopsis (`geth [global options] command [command options]`) is shown, never run with its brackets', () => {
		const [step] = block('bash', 'geth [global options] command [command options] --port=<port>');
		expect(step!.kind).toBe('show');
		expect(step!.reason).toMatch(/\[global options\]/);
	});

	it('rows a listing printed under a text label (lsof: `java  5021  root  0u …`) are shown, even when the first column names a program', () => {
		const rows = [
			'java       5021                  root    0u      CHR              136,5         0t0          8 /dev/pts/5 (deleted)',
			'java       5021                  root    1w      REG              202,1 33555754705    2576253 /server/null (deleted)',
		].join('\n');
		expect(block('text', rows)[0]!.kind).toBe('show');
		// Commands under a text label are still offered.
		expect(kindsAndCommands(block('text', 'sudo systemctl status nginx'))).toEqual([
			['shell', ['sudo systemctl status nginx']],
		]);
	});

	it('an environment block’s key in capitals (`INFLUX_HOST: "http://…"`) is configuration, not a command', () => {
		expect(block('bash', 'INFLUX_HOST: "http://influxdb.example.com:8086"')[0]!.kind).toBe('show');
	});

	it('a tool made for one job with its verb (`sudo gitlab-backup create`) runs; `kubectl delete` alone is still a name in a list', () => {
		expect(kindsAndCommands(block('bash', 'sudo gitlab-backup create'))).toEqual([
			['shell', ['sudo gitlab-backup create']],
		]);
		expect(block('bash', 'kubectl delete')[0]!.kind).toBe('show');
	});
});

describe('blanks in the forms these runbooks wrote them', () => {
	it('`${{ values.serviceName }}` (a scaffolding template), `phpX.X-fpm` (a version in capitals), `xxx.rpm` (a masked file)', () => {
		expect(
			written(block('bash', 'kubectl rollout undo deployment/${{ values.serviceName }} -n production')),
		).toEqual(['${{ values.serviceName }}']);
		expect(written(block('bash', 'sudo systemctl restart phpX.X-fpm'))).toEqual(['X.X']);
		expect(written(block('bash', 'sudo rpm -Uvh xxx.rpm'))).toEqual(['xxx']);
	});

	it('"path/to" in French, Spanish, Portuguese and German is one blank', () => {
		for (const path of [
			'/chemin/vers/votre/backup.db',
			'/ruta/a/tu/backup.db',
			'/caminho/para/backup.db',
			'/pfad/zu/backup.db',
		])
			expect(written(block('bash', `cp ${path} prisma/dev.db`)), path).toEqual([path]);
	});

	it('a file named by the day the author’s backup was taken is theirs: asked; one being written is not', () => {
		expect(
			askedNames(block('bash', './scripts/restore-db.sh backups/backup_app_20260125_020000.sql.gz')[0]!),
		).toEqual(['backup_app_20260125_020000.sql.gz']);
		expect(askedNames(block('bash', 'gunzip -t /backups/db_2024-01-31.sql.gz')[0]!)).toEqual([
			'db_2024-01-31.sql.gz',
		]);
		expect(askedNames(block('bash', 'pg_dump app > /backups/app_20240101.sql')[0]!)).toEqual([]);
		expect(askedNames(block('bash', 'pg_dump app > /backups/app_$(date +%Y%m%d).sql')[0]!)).toEqual([]);
	});
});

describe('steps', () => {
	it('a `cd` first, then changes each under its own comment: a step per change, each run in that directory', () => {
		const steps = block(
			'bash',
			[
				'cd /var/www/app',
				'',
				'# clear expired sessions',
				'python manage.py clearsessions',
				'',
				'# remove big logs',
				'find logs/ -name "*.log" -size +100M -exec rm {} \\;',
			].join('\n'),
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['cd /var/www/app', 'python manage.py clearsessions']],
			['shell', ['cd /var/www/app', 'find logs/ -name "*.log" -size +100M -exec rm {} \\;']],
		]);
	});

	it('Chinese "or" with no space after it (`# 或在生产环境`) marks the other way', () => {
		const steps = block(
			'bash',
			['curl http://localhost:3000/api/health', '# 或在生产环境', 'curl http://127.0.0.2/api/health'].join(
				'\n',
			),
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['curl http://localhost:3000/api/health']],
			['shell', ['curl http://127.0.0.2/api/health']],
		]);
	});

	it('Django’s dbshell fed on its standard input runs; alone it is a session', () => {
		expect(
			kindsAndCommands(block('bash', 'echo "PRAGMA integrity_check;" | python manage.py dbshell')),
		).toEqual([['shell', ['echo "PRAGMA integrity_check;" | python manage.py dbshell']]]);
		expect(block('bash', 'python manage.py dbshell')[0]!.kind).toBe('show');
	});
});

describe('more from the same sets', () => {
	it('`ufw delete <RULE_NUMBER>` after `ufw status numbered`: the number is asked once the listing ran', () => {
		const steps = block('bash', 'ufw status numbered\nufw delete <RULE_NUMBER>');
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['ufw status numbered']],
			['shell', ['ufw delete <RULE_NUMBER>']],
		]);
	});

	it('assignments the prose says go into `.env` are the file’s lines, even under a comment that names no file', () => {
		const [step] = block(
			'bash',
			'# Storage - switch to S3\nSTORAGE_DRIVER=S3\nS3_BUCKET=uploads',
			'Update `.env` or environment variables:',
		);
		expect(step!.kind).toBe('show');
		expect(step!.reason).toMatch(/\.env/);
	});
});

describe('a review of these rules: state given again only where that is what the author’s shell had', () => {
	const kinds = (steps: ReturnType<typeof block>) => steps.map(step => step.kind);

	it('a later `unset`, another `cd` or a change to the directory entered keeps the block whole, as written', () => {
		for (const body of [
			'export KUBECONFIG=/etc/rancher/k3s/k3s.yaml\n# check\nkubectl get nodes\n# back to your own\nunset KUBECONFIG\n# delete the old namespace\nkubectl delete namespace staging-old',
			'cd /srv/app/current\n# point current at the new release\nsudo ln -sfn /srv/app/releases/v2 /srv/app/current\n# empty the old release\nrm -rf ./*',
		])
			expect(block('bash', body), body).toHaveLength(1);
	});

	it('a value a command makes is never made again for a later part; state set two ways is the operator’s choice: shown', () => {
		const made = block(
			'bash',
			'CID=$(docker run -d postgres:16)\n# Si el contenedor arrancó, restaurar\ndocker exec $CID pg_restore -d postgres /backups/app.dump\n# Si falla, borrarlo\ndocker rm -f $CID',
		);
		expect(kinds(made)).toEqual(['show']);
		const twoWays = block(
			'bash',
			'# If the app runs in Docker:\ncd /opt/app-docker/data\n# Otherwise (bare metal):\ncd /var/www/app\n# clear the cache\nrm -rf cache/*',
		);
		expect(kinds(twoWays)).toEqual(['show']);
		expect(twoWays[0]!.reason).toMatch(/two ways/);
	});

	it('"Se" at a comment’s start is French or Spanish reflexive, not "if"', () => {
		expect(
			block(
				'bash',
				'cd /var/backups/app\n# Se borran los volcados de más de 30 días\nfind . -name "*.sql.gz" -mtime +30 -delete',
			),
		).toHaveLength(1);
	});

	it('`minikube delete` or `helmfile destroy` alone is a name in a list; a dump or an archive being written is no blank', () => {
		expect(block('bash', 'minikube delete')[0]!.kind).toBe('show');
		expect(block('bash', 'helmfile destroy')[0]!.kind).toBe('show');
		for (const command of [
			'tar czf /backups/www_20240101.tgz /var/www',
			'pg_dump -Fc -f /backups/app_20240101.dump app',
			'mysqldump --result-file=/backups/shop_2024-01-01.sql shop',
		])
			expect(askedNames(block('bash', command)[0]!), command).toEqual([]);
		// Read back with a substitution elsewhere on the line: still the author's file.
		expect(
			askedNames(
				block('bash', 'pg_restore -d app /backups/app_20240101.dump && echo "restored at $(date)"')[0]!,
			),
		).toEqual(['app_20240101.dump']);
	});

	it('a script named alone under /opt or /home still runs; a path under /var or /etc is a place', () => {
		expect(kinds(block('bash', '/opt/scripts/pre-upgrade-backup'))).toEqual(['shell']);
		expect(kinds(block('bash', '/home/deploy/deploy'))).toEqual(['shell']);
		expect(kinds(block('', '/etc/nginx/conf.d'))).toEqual(['show']);
	});
});

describe('names "my" makes an example of', () => {
	it('`--topic my-topic`, `create database MYDATABASE` are asked; myapp, myuser, mysql, myisamchk and /etc/myapp are not', () => {
		expect(
			written(
				block(
					'bash',
					'docker exec kafka-1 kafka-topics --delete --topic my-topic --bootstrap-server kafka-1:19092',
				),
			),
		).toEqual(['my-topic']);
		expect(written(block('sql', 'GRANT ALL ON DATABASE MYDATABASE TO myuser;'))).toEqual(['MYDATABASE']);
		// Judges differ on a name joined to "my" (set 29's keeps a helm release called myapp): left as written.
		expect(written(block('bash', 'helm rollback myapp 2 --namespace production'))).toEqual([]);
		expect(
			written(
				block(
					'bash',
					'mysql -u root -e "SHOW DATABASES"\nmyisamchk --check /var/lib/mysql/app/t.MYI\ncat /etc/myapp/app.conf',
				),
			),
		).toEqual([]);
	});
});

describe('from the twenty-ninth and thirtieth sets', () => {
	const kinds = (steps: ReturnType<typeof block>) => steps.map(step => step.kind);

	it('aliases, a line of /etc/fstab and a unit file’s `[Service]` section are no commands: shown', () => {
		expect(
			kinds(block('bash', "alias app-logs='docker compose logs -f'\nalias app-ps='docker compose ps'")),
		).toEqual(['show']);
		expect(
			kinds(block('bash', 'UUID=487f1291-625b-4c0d-93a0-6fa0e51168a4 /mnt/disk13 ext4 defaults 0 0')),
		).toEqual(['show']);
		expect(kinds(block('bash', 'sudo systemctl edit app\n# Add:\n[Service]\nMemoryMax=64G'))).toEqual([
			'show',
		]);
	});

	it('telnet and nc to a port wait for what someone types; nc -z and a fed s_client end by themselves', () => {
		expect(kinds(block('bash', 'telnet mail.example.com 25'))).toEqual(['show']);
		expect(kinds(block('bash', 'nc mail.example.com 25'))).toEqual(['show']);
		expect(kinds(block('bash', 'nc -zv db 5432'))).toEqual(['shell']);
		expect(kinds(block('bash', 'openssl s_client -connect db.internal:443 -servername db.internal'))).toEqual(
			['shell'],
		);
	});

	it('Postfix’s tools read as commands in an unlabelled block', () => {
		expect(kindsAndCommands(block('', 'postconf -n\npostqueue -p'))).toEqual([
			['shell', ['postconf -n', 'postqueue -p']],
		]);
	});

	it('start, stop, restart and reload of one unit in a row are a list to pick from; stop then start stays a restart', () => {
		const steps = block(
			'bash',
			'systemctl start postfix\nsystemctl stop postfix\nsystemctl restart postfix\nsystemctl reload postfix',
		);
		expect(steps.map(step => step.commands)).toEqual([
			['systemctl start postfix'],
			['systemctl stop postfix'],
			['systemctl restart postfix'],
			['systemctl reload postfix'],
		]);
		expect(block('bash', 'sudo systemctl stop app\nsudo systemctl start app')).toHaveLength(1);
	});
});

describe('more from the thirtieth set', () => {
	it('a listing and its table, whatever the rows’ first column says: the listing runs, the table is output', () => {
		const steps = block(
			'',
			[
				'oc get pods -n openshift-etcd',
				'',
				'NAME                                              READY   STATUS      RESTARTS   AGE',
				'etcd-master-0.lab-cluster.ocp4.lab                4/4     Running     0          13d',
				'revision-pruner-4-master-0.lab-cluster.ocp4.lab   0/1     Completed   0          13d',
			].join('\n'),
		);
		expect(kindsAndCommands(steps)).toEqual([['shell', ['oc get pods -n openshift-etcd']]]);
	});

	it('a password hash under `cat` is what it printed', () => {
		expect(kindsAndCommands(block('sh', 'cat .db-pass\n$1$Nyql5zO2$H9e0n0m44qJ8xQfPt79Pn0'))).toEqual([
			['shell', ['cat .db-pass']],
		]);
	});

	it('`sshpass -p … ssh host` opens a shell there; `-o StrictHostKeyChecking=no` is an option, no secret to ask', () => {
		const [session] = block('bash', "sshpass -p 'pve' ssh -o StrictHostKeyChecking=no root@192.0.2.10");
		expect(session!.kind).toBe('show');
		expect(session!.interactive).toBeTruthy();
		expect(askedNames(block('bash', 'ssh -o StrictHostKeyChecking=no root@192.0.2.10 uptime')[0]!)).toEqual(
			[],
		);
	});
});

describe('a second review of these rules', () => {
	const kinds = (steps: ReturnType<typeof block>) => steps.map(step => step.kind);

	it('ssh fed a script (`< x.sh`, a here-document, a pipe, `-n`) runs it and ends: no session, later blocks stay here', () => {
		for (const command of [
			'ssh backup@nas < ./prune-old.sh',
			"ssh -T deploy@web1 <<'EOF'\nsystemctl restart app\nEOF",
			'echo "systemctl restart app" | sshpass -e ssh deploy@web1',
			'ssh deploy@web1 bash -s < ./rotate-logs.sh',
			'ssh -n deploy@web1',
		])
			expect(kinds(block('bash', command)), command).toEqual(['shell']);
		const runbook = stepsOf(
			'# Prune\n\n```bash\nssh backup@nas < ./prune-old.sh\n```\n\n```bash\nrm -rf /var/backups/*\n```\n',
		);
		expect(runbook.map(step => [step.kind, step.onMachine])).toEqual([
			['shell', undefined],
			['shell', undefined],
		]);
	});

	it('a stop, a start and a status are a restart and its check; a mount’s -o password=… is still asked', () => {
		expect(
			block('bash', 'systemctl stop postfix\nsystemctl start postfix\nsystemctl status postfix'),
		).toHaveLength(1);
		expect(
			askedNames(block('bash', 'sudo mount -t cifs //nas/backup /mnt/backup -o password=changeme')[0]!),
		).toEqual(['password']);
	});

	it('nc receiving into a pipe or a file runs; a file the block dumps itself is not asked where it restores it', () => {
		expect(
			kinds(block('bash', 'nc old-box 9000 | tar xf - -C /restore\nchown -R postgres:postgres /restore')),
		).toEqual(['shell']);
		expect(kinds(block('bash', 'ncat --recv-only old-box 9000 > db.tar'))).toEqual(['shell']);
		expect(
			askedNames(
				block(
					'bash',
					'pg_dump -Fc -f /backups/app-2024-05-01.dump app\npg_restore -c -d app /backups/app-2024-05-01.dump',
				)[0]!,
			),
		).toEqual([]);
	});

	it('a row that starts with a command under a table is a command; a line of /etc/shadow is output', () => {
		const steps = block(
			'',
			'kubectl get pods\nNAME    READY   STATUS    RESTARTS   AGE\napi-1   1/1     Running   0          2d\nkubectl   delete   pod   api-1',
		);
		expect(kinds(steps)).toEqual(['show']);
		expect(
			kindsAndCommands(block('bash', 'sudo grep admin /etc/shadow\nadmin:$6$abc$def:19000:0:99999:7:::')),
		).toEqual([['shell', ['sudo grep admin /etc/shadow']]]);
	});
});
