// Issue 14, seventh unseen set: general rules for what that set's runbooks left to the reader.
// Blanks written in no form pg-ops knew ({id}, /dev/sdX, CERT-FILE, VG_NAME/LV_NAME, cluster-xxx) are
// asked, while the braces, capitals and x's that mean something (find's {}, jsonpath, git's @{u},
// redis-cli's CLUSTER INFO) are left alone; an example password in SQL handed to psql is asked
// masked; a manual edit, alternatives for different systems, an identifier the previous command
// prints and a heading that names a machine end or show a step; a comment typed at a prompt is no
// command, and a prompt naming a directory keeps relative paths from running elsewhere. Fixtures
// written here, in the styles the set showed.
import {describe, expect, it} from 'vitest';
import {fillShellStep} from '../../source/core/runbooks/fill.js';
import {blockSteps as block, stepsOf as steps} from '../support/runbook-blocks.js';
import {findPlaceholders} from '../../source/core/runbooks/placeholders.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

const asked = (code: string, kind: 'shell' | 'sql' = 'shell') =>
	findPlaceholders(code, kind).map(p => `${p.name}${p.secret ? '*' : ''}`);

describe('blanks in braces', () => {
	it('{osd_id}, a name joined to its braces, and words in braces are asked', () => {
		expect(asked('sudo ceph osd purge {osd_id} --yes-i-really-mean-it')).toEqual(['osd_id']);
		expect(asked('until ceph osd ok-to-stop osd.{osd_id}; do sleep 5; done')).toEqual(['osd_id']);
		expect(asked('lvremove -f /dev/ceph-{vg_uuid}/block-{lv_uuid}')).toEqual(['vg_uuid', 'lv_uuid']);
		expect(asked('rados -p { name of the pool } ls | head')).toEqual(['name of the pool']);
		expect(asked('curl -s "http://localhost:8500/v1/session/info/{session}"')).toEqual(['session']);
		expect(asked('cat /var/lib/ceph/osd/ceph-{{OSD.ID}}/fsid')).toEqual(['OSD.ID']);
	});

	it('a blank written inside another (<YOUR_TOKEN>) is filled once, where the outer one stood', () => {
		const [step] = block('bash', 'curl -H "X-Token: <YOUR_TOKEN>" https://ops.example.test/run');
		const filled = fillShellStep(step!, {YOUR_TOKEN: 't0k3n-value'});
		expect(filled.script).toContain('curl -H "X-Token: ${PGOPS_YOUR_TOKEN}" https://ops.example.test/run');
	});

	it('the value reaches the command where the braces stood', () => {
		const [step] = block('bash', 'sudo ceph osd destroy {osd_id} --yes-i-really-mean-it');
		const filled = fillShellStep(step!, {osd_id: '7'});
		expect(filled.script).toContain(`PGOPS_OSD_ID='7'`);
		expect(filled.script).toContain('sudo ceph osd destroy "$PGOPS_OSD_ID" --yes-i-really-mean-it');
	});

	it('braces the shell, git, curl, jsonpath or the database read are left alone', () => {
		expect(asked('find /var/tmp -name "*.part" -exec rm {} +; echo {a,b} {1..3}')).toEqual([]);
		expect(asked('git log @{upstream}..HEAD; curl -s -o /dev/null -w "%{http_code}" localhost')).toEqual([]);
		expect(asked(`kubectl get pods -o jsonpath="{.items[0].metadata.name}{end}"`)).toEqual([]);
		expect(asked(`psql -c "SELECT '{north,south}'::text[]"`)).toEqual([]);
		expect(
			asked(`clickhouse-client --query "SELECT * FROM clusterAllReplicas('{cluster}', system.parts)"`),
		).toEqual([]);
		expect(asked("SELECT '{ops}'::text[] AS teams", 'sql')).toEqual([]);
		// Asked, so the lines above are not quiet for want of a brace rule.
		expect(asked('kill -TERM {pid}')).toEqual(['pid']);
	});
});

describe('device letters, capitals joined by dashes or slashes, masked identifiers', () => {
	it('/dev/sdX, /dev/sdXY, /dev/nvmeXn1 and /dev/mdZ are the disk to fill in', () => {
		expect(asked('dd if=/dev/zero of=/dev/sdX bs=4M status=progress')).toEqual(['sdX']);
		expect(asked('mdadm --manage /dev/mdZ --add /dev/sdXY')).toEqual(['mdZ', 'sdXY']);
		expect(asked('wipefs -a /dev/nvmeXn1')).toEqual(['nvmeXn1']);
		expect(asked('mount /dev/disk/by-label/DATA /srv')).toEqual([]);
		// A disk named as written, where a command formats or mounts it, is the author's disk: asked since the
		// twelfth set (the next machine's disk may have another name, and mkfs formats the wrong one).
		expect(asked('mkfs.ext4 /dev/sdb1')).toEqual(['/dev/sdb1']);
		expect(asked('lsblk /dev/sdb1')).toEqual([]);
	});

	it('CERT-FILE, SECRET-NAME, version-NUMBER and VG_NAME/LV_NAME', () => {
		expect(asked('kubeseal --cert CERT-FILE < PLAIN-SECRET.yaml > SEALED-SECRET.yaml')).toEqual([
			'CERT-FILE',
			'PLAIN-SECRET*',
			'SEALED-SECRET*',
		]);
		expect(asked('kubectl -n NAMESPACE delete secret SECRET-NAME')).toEqual(['NAMESPACE', 'SECRET-NAME*']);
		expect(asked('rm -R /srv/zk/data/version-NUMBER')).toEqual(['NUMBER']);
		expect(asked('lvremove -y VG_NAME/LV_NAME')).toEqual(['VG_NAME', 'LV_NAME']);
		expect(asked('mkfs.xfs /dev/VG_NAME/LV_NAME')).toEqual(['VG_NAME', 'LV_NAME']);
		// A path's capitals stay as written, and so do words that are no blank.
		expect(
			asked('ls /srv/DATA_DIR; curl -H "X-Request-ID: 42" -H "X-API-KEY: k" x; openssl dgst -sha256'),
		).toEqual([]);
	});

	it('redis-cli command words in capitals are not blanks; an option`s value still is', () => {
		expect(asked('redis-cli -c -p 7000 CLUSTER NODES')).toEqual([]);
		expect(asked('redis-cli -h HOST INFO replication')).toEqual(['HOST']);
		expect(asked('psql -c "DELETE FROM TABLE_NAME WHERE id = 1"')).toEqual(['TABLE_NAME']);
	});

	it('x runs in a dashed name: cluster-xxx, sg-xxxxxxxx', () => {
		expect(asked('nc -vz shop.cluster-xxx.eu-west-1.rds.amazonaws.com 5432')).toEqual(['cluster-xxx']);
		expect(asked('aws ec2 describe-security-groups --group-ids sg-xxxxxxxx')).toEqual(['sg-xxxxxxxx']);
	});
});

describe('a numbered example name the runbook writes as a blank elsewhere', () => {
	it('[node1] in one block: node1 bare in another is asked too, and filled where it stood', () => {
		const found = steps(
			[
				'# Cluster',
				'',
				'```bash',
				'redis-cli --cluster create [node1]:7000 [node2]:7000 [node3]:7000 --cluster-replicas 0',
				'```',
				'',
				'```bash',
				'./front/haproxy-add.sh node1:7000 node2:7000 node3:7000',
				'```',
				'',
			].join('\n'),
		);
		expect(found[1]!.placeholders.map(p => p.name)).toEqual(['node1', 'node2', 'node3']);
		const filled = fillShellStep(found[1]!, {node1: 'r-a', node2: 'r-b', node3: 'r-c'});
		expect(filled.script).toContain('./front/haproxy-add.sh "$PGOPS_NODE1":7000 "$PGOPS_NODE2":7000');
		// A runbook that never writes it as a blank keeps node1 as written.
		const plain = block('bash', './front/haproxy-add.sh node1:7000');
		expect(plain[0]!.placeholders).toEqual([]);
	});
});

describe('example secrets written into a command', () => {
	it('psql -c "ALTER ROLE … PASSWORD \'…\'" asks it masked and gives it on standard input', () => {
		const [step] = block('bash', `psql -U postgres -c "ALTER ROLE billing WITH PASSWORD 'billing-pass-2';"`);
		expect(asked(step!.code)).toEqual(['password*']);
		const filled = fillShellStep(step!, {password: 'n3w-S3cret!'});
		expect(filled.secrets).toEqual([{name: 'password', value: 'n3w-S3cret!'}]);
		expect(filled.script).not.toContain('billing-pass-2');
		expect(filled.script).not.toContain('n3w-S3cret!');
		expect(filled.script).toContain(`PASSWORD '\${PGOPS_PASSWORD}'`);
	});

	it('a password that is already a variable or a blank is not asked twice', () => {
		expect(asked(`mysql -e "CREATE USER 'ro'@'%' IDENTIFIED BY 'changeit';"`)).toEqual(['password*']);
		expect(asked(`psql -c "ALTER ROLE app PASSWORD '$NEW_PASS'"`)).toEqual(['NEW_PASS*']);
	});

	it('a user:password for curl, a password glued to -p, a bearer token, a vault login token', () => {
		expect(asked('curl -u elastic:changeme -XDELETE localhost:9200/logs-old')).toEqual(['password*']);
		expect(asked('mysqldump -u root -pS3cretpw shop > /tmp/shop.sql')).toEqual(['password*']);
		expect(
			asked('curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig" https://api.example.test/v1/purge'),
		).toEqual(['token*']);
		expect(asked('vault login hvs.CAESIJ3x')).toEqual(['token*']);
		expect(asked('curl -u "$ES_USER:$ES_PASS" localhost:9200; mysql -P 3306 -p shop')).toEqual([
			'ES_USER',
			'ES_PASS*',
		]);
	});
});

describe('where a step must end: a manual edit, another system, an identifier printed before', () => {
	it('an edit by hand between two commands: the commands after it are a step of their own', () => {
		const found = block(
			'bash',
			[
				'# Save the current definition',
				'aws ecs describe-task-definition --task-definition shop-api > /tmp/shop-api.json',
				'',
				'# Change the image tag in shop-api.json',
				'# then register it',
				'aws ecs register-task-definition --cli-input-json file:///tmp/shop-api-new.json',
				'aws ecs update-service --cluster shop --service api --force-new-deployment',
			].join('\n'),
		);
		expect(found.map(step => step.commands)).toEqual([
			['aws ecs describe-task-definition --task-definition shop-api > /tmp/shop-api.json'],
			[
				'aws ecs register-task-definition --cli-input-json file:///tmp/shop-api-new.json',
				'aws ecs update-service --cluster shop --service api --force-new-deployment',
			],
		]);
		// An edit the next command makes itself is no manual step: nothing is cut between the edit and
		// the look after it. The backup before it is a change of its own (under no comment, the first part),
		// so the edit under its own comment is confirmed apart from it (changes-apart: a command not known
		// to only read may change something).
		const sed = block(
			'bash',
			"cp /etc/app/app.conf /tmp/app.conf.bak\n# Change the port in app.conf\nsed -i 's/^port=.*/port=8081/' /etc/app/app.conf\ncat /etc/app/app.conf",
		);
		expect(sed.map(step => step.commands)).toEqual([
			['cp /etc/app/app.conf /tmp/app.conf.bak'],
			["sed -i 's/^port=.*/port=8081/' /etc/app/app.conf", 'cat /etc/app/app.conf'],
		]);
	});

	it('commands for different systems under their names are alternatives', () => {
		const found = block(
			'bash',
			[
				'# On Debian/Ubuntu',
				'sudo apt-get install -y chrony',
				'',
				'# On RHEL or Rocky 9',
				'sudo dnf install -y chrony',
			].join('\n'),
		);
		expect(found.map(step => [step.id, step.commands])).toEqual([
			['1.1a', ['sudo apt-get install -y chrony']],
			['1.1b', ['sudo dnf install -y chrony']],
		]);
		expect(block('bash', '# On Ubuntu\nsudo apt-get update\nsudo apt-get install -y chrony')).toHaveLength(1);
		// Without comments of their own: the package managers of two families, or notes that name the systems.
		expect(block('bash', 'sudo apt-get install -y jq\nbrew install jq').map(step => step.commands)).toEqual([
			['sudo apt-get install -y jq'],
			['brew install jq'],
		]);
		expect(
			block(
				'bash',
				'sudo systemctl restart chronyd   # RHEL/CentOS\nsudo systemctl restart chrony   # Debian',
			).map(step => step.commands?.length),
		).toEqual([1, 1]);
	});

	it('an identifier asked after the command that prints it ends the step before it', () => {
		const found = block(
			'bash',
			[
				'# Start the export',
				'aws rds start-export-task --export-task-identifier nightly --source-arn "$SNAPSHOT_ARN"',
				'',
				'# Follow it',
				'aws rds describe-export-tasks --export-task-identifier <export-task-id>',
			].join('\n'),
		);
		expect(found.map(step => step.commands?.length)).toEqual([1, 1]);
		expect(found[1]!.placeholders.map(p => p.name)).toEqual(['export-task-id']);
	});

	it('headings that name two machines: the blocks under them are for those machines', () => {
		const found = steps(
			[
				'# Replica setup',
				'',
				'## On the primary',
				'',
				'```bash',
				'sudo -u postgres psql -c "SELECT pg_create_physical_replication_slot(\'r1\');"',
				'```',
				'',
				'## On replica:',
				'',
				'```bash',
				'sudo rm -rf /var/lib/postgresql/16/main',
				'sudo -u postgres pg_basebackup -h db-primary -D /var/lib/postgresql/16/main -R',
				'```',
				'',
			].join('\n'),
		);
		expect(found.map(step => step.kind)).toEqual(['show', 'show']);
		expect(found[1]!.reason).toContain('replica');
		expect(found[1]!.commands).toEqual([]);
	});
});

describe('transcripts, example notes, output', () => {
	it('a comment typed at the prompt is no command of the step', () => {
		const [step] = block(
			'sh',
			[
				'$ # the leader',
				'$ echo srvr | nc 127.0.0.1 2181',
				'Mode: leader',
				'$ # a follower',
				'$ echo srvr | nc 127.0.0.1 2182',
				'Mode: follower',
			].join('\n'),
		);
		expect(step!.commands).toEqual(['echo srvr | nc 127.0.0.1 2181', 'echo srvr | nc 127.0.0.1 2182']);
	});

	it('a prompt that names a directory: relative paths there are shown, not run from the home directory', () => {
		const [step] = block('sh', '/var/lib/zookeeper/data$ rm -rf ./version-2/');
		expect(step!.kind).toBe('show');
		expect(step!.reason).toContain('/var/lib/zookeeper/data');
		const [home] = block('sh', 'ops@zk-1:~$ rm -rf /tmp/zk-old');
		expect(home!.commands).toEqual(['rm -rf /tmp/zk-old']);
	});

	it('"# like /dev/sdb" on a line with no blank pg-ops can find: shown; with one, it runs and asks', () => {
		const [shown] = block('bash', 'sudo ceph-volume lvm zap --destroy the old disk # like /dev/sdc');
		expect(shown!.kind).toBe('show');
		expect(shown!.reason).toContain('like /dev/sdc');
		const [runs] = block('bash', 'sudo ceph-volume lvm zap --destroy <disk> # like /dev/sdc');
		expect(runs!.kind).toBe('shell');
		expect(runs!.placeholders.map(p => p.name)).toEqual(['disk']);
	});

	it('a lone UUID is what a command printed, not a command', () => {
		const [step] = block('bash', 'c0ffee52-93d4-4c1e-9a0e-2f4d7c9b8a11');
		expect(step!.kind).toBe('show');
	});
});

describe('a runbook that calls itself a list', () => {
	const reference = (body: string) => steps(`# Queue quick reference\n\n\`\`\`bash\n${body}\n\`\`\`\n`);

	it('its looks side by side are one step; each change is a recipe apart', () => {
		expect(
			reference('# queues\nrabbitmqctl list_queues name messages\n# consumers\nrabbitmqctl list_consumers'),
		).toHaveLength(1);
		const found = reference(
			'# queues\nrabbitmqctl list_queues name messages\n# consumers\nrabbitmqctl list_consumers\n# empty one\nrabbitmqadmin delete queue name=orders',
		);
		expect(found.map(step => step.commands)).toEqual([
			['rabbitmqctl list_queues name messages', 'rabbitmqctl list_consumers'],
			['rabbitmqadmin delete queue name=orders'],
		]);
		expect(found.every(step => step.choice !== undefined)).toBe(true);
	});
});
