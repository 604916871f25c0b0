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
