// A shell opened on another machine (`ssh es-node-4`, `gcloud compute ssh tmp`): the blocks after it,
// until `exit`, are that machine's commands, host steps that run only where pg-ops finds itself on
// it (the plan's script checks first). Shells in containers and pods stay shown; SQL typed there too.
import {describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {machineOpenedBy} from '../../source/core/runbooks/remote-machine.js';
import {machineName} from '../../source/core/runbooks/machine-guard.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {runbookListJson} from '../../source/core/runbooks/format-json.js';
import type {ShellAction} from '../../source/core/procedures/plan.js';
import {PlanError} from '../../source/engine/procedures/options.js';
import {planRunbookStep, planRunbookStepUnfilled} from '../../source/engine/runbooks/plan-runbook-step.js';
import {askedNames, blockSteps, stepsOf} from '../support/runbook-blocks.js';

const env = {...environmentSchema.parse({transport: 'local'}), name: 'staging'};

const fence = (body: string, language = 'bash') => ['```' + language, body, '```'];

describe('the machine a shell is opened on', () => {
	it('names it for ssh and gcloud compute ssh with nothing to run there, and only then', () => {
		expect(machineOpenedBy('ssh es-node-4')).toBe('es-node-4');
		expect(machineOpenedBy('ssh -i "<key-pair>.pem" ubuntu@<EC2 Public IPv4>')).toBe('<EC2 Public IPv4>');
		expect(machineOpenedBy('ssh <node-address>')).toBe('<node-address>');
		expect(machineOpenedBy('sudo ssh -p 2222 root@10.1.2.3')).toBe('10.1.2.3');
		expect(machineOpenedBy('gcloud compute ssh tmp-restore --zone=us-east1-b')).toBe('tmp-restore');
		// A variable is known only when it runs; a forwarding opens no shell; a command runs and returns.
		expect(machineOpenedBy('gcloud compute ssh "$HOST" --zone="$ZONE"')).toBeUndefined();
		expect(machineOpenedBy('ssh -N -L 5432:db:5432 bastion')).toBeUndefined();
		expect(machineOpenedBy('ssh db-2 uptime')).toBeUndefined();
		expect(machineOpenedBy('docker exec -it db bash')).toBeUndefined();
		expect(machineOpenedBy('ssh $(cat host)')).toBeUndefined();
	});
});

describe('blocks typed on another machine', () => {
	const rebuild = [
		'# Rebuild a replica',
		'## 1. Stop it',
		...fence('ssh db-2.prod'),
		'## 2. Wipe its data directory',
		'Still on db-2:',
		...fence('sudo systemctl stop patroni\nsudo rm -rf /var/lib/postgresql/16/main/*'),
		...fence('SELECT pg_is_in_recovery();', 'sql'),
		'## 3. Back',
		...fence('exit'),
		...fence('patronictl list'),
	].join('\n');

	it('are host steps for that machine only, until `exit`; SQL typed there is shown', () => {
		const found = stepsOf(rebuild);
		expect(found.map(step => [step.kind, step.onMachine?.name])).toEqual([
			['show', undefined],
			['shell', 'db-2.prod'],
			['show', undefined],
			['show', undefined],
			['shell', undefined],
		]);
		expect(found[0]!.reason).toContain('opens a shell on db-2.prod');
		expect(found[1]!.onMachine).toEqual({name: 'db-2.prod', why: 'line 3 opened `ssh db-2.prod`'});
		expect(found[2]!.reason).toContain("not through this environment's database connection");
		const json = runbookListJson(parseRunbook(rebuild, 'rebuild.md'));
		expect(json.sections[2]!.steps[0]).toMatchObject({kind: 'host', onMachine: 'db-2.prod'});
	});

	it('a block that opens the shell among commands: the host part, the shell shown, the machine part', () => {
		const found = blockSteps(
			'bash',
			'kubectl get nodes\n# SSH to the node\nssh <node-address>\n# Check kubelet\nsudo systemctl status kubelet',
		);
		expect(found.map(step => [step.kind, step.commands, step.onMachine?.name])).toEqual([
			['shell', ['kubectl get nodes'], undefined],
			['show', [], undefined],
			['shell', ['sudo systemctl status kubelet'], '<node-address>'],
		]);
		// The machine is a blank: the step asks for it, to check it is there.
		expect(askedNames(found[2]!)).toEqual(['node-address']);
		// Closed again in the block (`exit`): the lines between are typed there, shown as before.
		expect(blockSteps('bash', 'ssh db-2\nsudo systemctl restart app\nexit').map(step => step.kind)).toEqual([
			'show',
		]);
	});

	it('a shell inside it (ssh db-2 from the bastion) is its own until its exit; the same machine again is not', () => {
		const found = stepsOf(
			[
				'# Hop',
				...fence('ssh bastion'),
				...fence('uptime'),
				...fence('ssh db-2'),
				...fence('df -h'),
				...fence('exit'),
				...fence('who'),
				'## Again',
				...fence('ssh bastion'),
				...fence('exit'),
				...fence('date'),
			].join('\n'),
		);
		expect(found.map(step => [step.kind, step.onMachine?.name ?? ''])).toEqual([
			['show', ''],
			['shell', 'bastion'],
			['show', ''],
			['shell', 'db-2'],
			['show', ''],
			['shell', 'bastion'],
			['show', ''],
			['show', ''],
			['shell', ''],
		]);
	});

	it("a container's or a pod's shell stays shown: no name to check it by", () => {
		const found = stepsOf(
			['# In the container', ...fence('docker exec -it db bash'), ...fence('rm -rf /tmp/cache')].join('\n'),
		);
		expect(found.map(step => step.kind)).toEqual(['show', 'show']);
		expect(found[1]!.reason).toContain('typed in the shell `docker exec -it db bash`');
	});
});

describe("a machine's step as a plan", () => {
	const [, step] = stepsOf(
		['# Node', ...fence('ssh <node-address>'), ...fence('sudo systemctl restart kubelet')].join('\n'),
	);
	const book = parseRunbook('# Node\n', 'node.md');

	it("checks the host's names before anything runs, and says so", () => {
		const plan = planRunbookStep(env, book, step!, {'node-address': 'Node-7.Prod.Example'});
		// The check is a step of its own, before the command, and changes nothing.
		expect(plan.steps.map(planned => [planned.id, planned.mutates])).toEqual([
			['1.2-machine', false],
			['1.2', true],
		]);
		expect(plan.steps[0]!.title).toBe('check that this host is node-7.prod.example');
		const check = (plan.steps[0]!.action as ShellAction).command;
		expect(check).toContain("pgops_machine='node-7.prod.example'");
		expect(check).toContain('exit 97');
		expect((plan.steps[1]!.action as ShellAction).command).toContain('sudo systemctl restart kubelet');
		expect(plan.summary.join('\n')).toContain(
			'for node-7.prod.example only (line 2 opened `ssh <node-address>`): pg-ops first checks that this host is node-7.prod.example',
		);
		// Before values are given, the plan names the blank.
		expect(planRunbookStepUnfilled(env, book, step!).summary.join('\n')).toContain('for <node-address> only');
	});

	it('refuses a value that is no host name or address: nothing runs', () => {
		expect(() => planRunbookStep(env, book, step!, {'node-address': 'x; rm -rf /'})).toThrow(PlanError);
		for (const value of ['10.0.0', 'localhost', '127.0.0.1'])
			expect(() => planRunbookStep(env, book, step!, {'node-address': value}), value).toThrow(PlanError);
		expect(() => planRunbookStep(env, book, step!, {'node-address': 'node 7'})).toThrow(
			/not a host name or an address/,
		);
		expect(
			planRunbookStep(env, book, step!, {'node-address': 'admin@10.0.0.7'}).summary.join('\n'),
		).toContain('for 10.0.0.7 only');
	});
});

describe('prompts that name several machines', () => {
	it("each block is its prompt's machine's, run only there; a unit's shell (juju ssh) is shown", () => {
		const found = stepsOf(
			[
				'# Move the data',
				...fence('[ops@master ~]$ xtrabackup --backup --target-dir=/nfs/backup/', ''),
				...fence('[ops@slave ~]$ xtrabackup --move-back --target-dir=/nfs/backup/', ''),
				...fence('> juju ssh postgresql/2\nubuntu@juju-2:~$ patronictl list', 'shell'),
			].join('\n'),
		);
		expect(found.map(step => [step.kind, step.onMachine?.name])).toEqual([
			['shell', 'master'],
			['shell', 'slave'],
			['show', undefined],
		]);
		expect(found[2]!.reason).toContain('`juju ssh postgresql/2` opens a shell');
	});
});

describe("a review's attacks on the machine's shell", () => {
	it('each `exit` closes the innermost shell, in order; one inside an `if` or a here-document closes none', () => {
		const after = (block: string) =>
			stepsOf(
				[
					'# R',
					...fence('ssh db-2'),
					...fence(block),
					'Still on db-2:',
					...fence('sudo rm -rf /srv/pg/old'),
				].join('\n'),
			).at(-1)!;
		for (const block of [
			'sudo -i\nsystemctl stop postgresql\nexit\nsudo -iu postgres\npg_ctl stop\nexit',
			'if [ "$(id -un)" = root ]; then\n  exit\nfi\nsudo systemctl stop postgresql',
			"cat > /tmp/stop.sh <<'EOF'\nsystemctl stop postgresql\nexit\nEOF",
		])
			expect([after(block).kind, after(block).onMachine?.name], block).toEqual(['shell', 'db-2']);
		// `sudo -i` in the block that opens the machine's shell is another user's shell there, until its exit.
		const found = stepsOf(
			[
				'# R',
				...fence('ssh db-2\nsudo -i'),
				...fence('systemctl stop x'),
				...fence('exit'),
				...fence('rm -rf /tmp/x'),
			].join('\n'),
		);
		expect(found.map(step => [step.kind, step.onMachine?.name])).toEqual([
			['show', undefined],
			['show', undefined],
			['shell', 'db-2'],
			['show', undefined],
			['shell', 'db-2'],
		]);
	});

	it("an ssh inside a machine's shell, in one block: the commands after it are the inner machine's", () => {
		const found = stepsOf(
			['# R', ...fence('ssh bastion'), ...fence('ssh db-2\nsudo rm -rf /var/lib/postgresql/14/main')].join(
				'\n',
			),
		);
		expect(found.at(-1)!.onMachine?.name).toBe('db-2');
	});

	it('names no one machine: loopback, an image default, a container id, a partial address', () => {
		for (const name of [
			'localhost',
			'localhost.localdomain',
			'127.0.1.1',
			'::1',
			'ubuntu',
			'3f4e2a1b9c0d',
			'10',
			'10.0.0',
			'192.168',
			'db-2.',
			'a..b',
		])
			expect(machineName(name), name).toBeUndefined();
		for (const name of ['db-2', 'db-2.prod.example', '10.0.0.7', 'fd00::7', 'node-7'])
			expect(machineName(name), name).toBe(name);
		expect(machineOpenedBy('ssh localhost')).toBeUndefined();
		const prompts = stepsOf(
			[
				'# R',
				...fence('root@ubuntu:~# rm -rf /var/lib/pg'),
				...fence('root@db-2:~# systemctl restart pg'),
			].join('\n'),
		);
		expect(prompts.map(step => [step.kind, step.onMachine?.name])).toEqual([
			['show', undefined],
			['shell', 'db-2'],
		]);
	});
});
