// Issue 14, third unseen set (docs/RUNBOOKS.md, "Measured"): what it showed, on fixtures written here.
import {describe, expect, it} from 'vitest';
import {blockSteps as block, stepsOf as steps} from '../support/runbook-blocks.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

const commandsOf = (found: RunbookStep[]) =>
	found.map(step => (step.kind === 'show' ? 'shown' : step.commands));

describe('conditions written before the action', () => {
	it('"# If … is down, restart it" is its own step, and so is each comment after it', () => {
		expect(
			commandsOf(
				block(
					'bash',
					'# Is the queue up?\nsystemctl status queue\n# If the queue is down, restart it\nsystemctl restart queue\n# Then reload the proxy\nsystemctl reload haproxy',
				),
			),
		).toEqual([['systemctl status queue'], ['systemctl restart queue'], ['systemctl reload haproxy']]);
		expect(
			commandsOf(
				block('bash', 'ledgerctl member remove m3\n# If stuck, force\nledgerctl member remove --force m3'),
			),
		).toEqual([['ledgerctl member remove m3'], ['ledgerctl member remove --force m3']]);
	});

	it('a numbered dry run and its execution, a check and its "Solution", an "Example:" are apart', () => {
		expect(
			commandsOf(block('bash', '# 1. Dry run\n./rotate --dry-run\n# 2. Execute\n./rotate --confirm')),
		).toEqual([['./rotate --dry-run'], ['./rotate --confirm']]);
		expect(
			commandsOf(
				block('bash', 'du -sh /srv/logs/*\n# Example: empty one file\ntruncate -s 0 /srv/logs/big.log'),
			),
		).toEqual([['du -sh /srv/logs/*'], ['truncate -s 0 /srv/logs/big.log']]);
	});
});

describe('a block that must not run as one step', () => {
	it('the runbook warns against running it', () => {
		const found = steps(
			'# Cleanup\n\n## Dangerous commands (avoid unless you know why)\n\n```bash\nrm -rf /srv/cache\n```\n',
		);
		expect(found[0]!.kind).toBe('show');
		expect(found[0]!.reason).toContain('warns against running it');
	});

	it('a command that runs until stopped ends its step: the commands after it are the next one', () => {
		expect(
			commandsOf(
				block(
					'bash',
					'kubectl -n shop scale deploy/cart --replicas=0\nkubectl -n shop get pods -w\nkubectl -n shop scale deploy/cart --replicas=2',
				),
			),
		).toEqual([
			['kubectl -n shop scale deploy/cart --replicas=0', 'kubectl -n shop get pods -w'],
			['kubectl -n shop scale deploy/cart --replicas=2'],
		]);
	});

	it('commands a comment sends to another machine are shown, the rest runs', () => {
		const found = block(
			'bash',
			'# 1. Print the join command\nkubeadm token create --print-join-command\n# 2. On the new node, run it\nkubeadm join 192.0.2.10:6443 --token t --discovery-token-ca-cert-hash h',
		);
		expect(commandsOf(found)).toEqual([['kubeadm token create --print-join-command'], 'shown']);
		expect(found[1]!.reason).toContain('for another machine');
		// A client that reaches the other side itself stays runnable.
		expect(commandsOf(block('bash', '# On the replica\npsql -h replica-2 -c "SELECT 1"'))).toEqual([
			['psql -h replica-2 -c "SELECT 1"'],
		]);
	});

	it("cheat sheets: the same command with other options, its undoing, a tool's reads and changes", () => {
		expect(
			block(
				'bash',
				'# plain\nkubectl drain n1 --ignore-daemonsets\n# forced\nkubectl drain n1 --ignore-daemonsets --force',
			).map(step => step.id),
		).toEqual(['1.1a', '1.1b']);
		expect(block('bash', '# cordon\nkubectl cordon n1\n# uncordon\nkubectl uncordon n1')).toHaveLength(2);
		const manual = block(
			'bash',
			'# topics\nqueue-topics.sh --describe --topic t\nqueue-topics.sh --alter --topic t --partitions 3\nqueue-topics.sh --create --topic u',
		);
		expect(commandsOf(manual)).toHaveLength(3);
		expect(manual[0]!.choice).toContain('reads and changes side by side');
	});
});

describe('what waits for a person, and what is output', () => {
	it('prompts of prune, keytool, patronictl, console producers; a transcript that answers a question', () => {
		for (const command of [
			'docker system prune -a',
			'keytool -keystore t.jks -alias ca -import -file ca.crt',
			'patronictl -c /etc/patroni.yml failover main',
			'kafka-console-producer.sh --bootstrap-server b:9092 --topic t',
		]) {
			const step = block('bash', command)[0]!;
			expect(step.kind, command).toBe('show');
			expect(step.interactive, command).toBe(true);
		}
		expect(block('bash', 'docker image prune -f')[0]!.kind).toBe('shell');
		// A one-shot given a terminal runs in one (runbook-terminal-steps.test.ts).
		expect(block('bash', 'oc run c -ti --image=busybox --rm -- sh -c date')[0]).toMatchObject({
			kind: 'shell',
			terminal: true,
		});
		expect(block('bash', 'patronictl -c /etc/patroni.yml failover main --force')[0]!.kind).toBe('shell');
		const transcript = block(
			'console',
			'$ ledgerctl promote\nCandidate [a, b] []: b\nAre you sure? [y/N]: y\nDone.',
		)[0]!;
		expect(transcript.kind).toBe('show');
		expect(transcript.reason).toContain('answers a question');
	});

	it('an error, a log line or a YAML key under the command is output; a unit-file line is configuration', () => {
		// Under a read, the read alone runs; under a change, the block is shown.
		expect(
			block('bash', 'kubectl get secret s\nError from server (NotFound): secrets "s" not found')[0]!.commands,
		).toEqual(['kubectl get secret s']);
		expect(
			block('bash', 'kubectl logs deploy/x | grep y\nE0918 12:04:21 something failed')[0]!.commands,
		).toEqual(['kubectl logs deploy/x | grep y']);
		expect(
			block('bash', 'kubectl delete secret s\nError from server (NotFound): secrets "s" not found')[0]!.kind,
		).toBe('show');
		expect(block('bash', 'resources:\n  limits:\n    memory: 1Gi\nmake deploy')[0]!.kind).toBe('show');
		expect(block('', 'Restart=on-failure')[0]!.kind).toBe('show');
		// An environment variable in capitals stays the shell's.
		expect(block('', 'export NS=shop\nkubectl -n $NS get pods')[0]!.kind).toBe('shell');
	});

	it('a `command` block is commands; nodetool is a command', () => {
		expect(commandsOf(block('command', './bin/queue-groups.sh --list'))).toEqual([
			['./bin/queue-groups.sh --list'],
		]);
		expect(
			block('bash', 'nodetool status\nnodetool ring\nnodetool describecluster\nnodetool netstats')[0]!.kind,
		).toBe('shell');
	});
});

describe('blanks in lower case', () => {
	it("servicename, /path/to/…, a quoted name with a blank's part, an example address", () => {
		const asked = (code: string) => block('bash', code)[0]!.placeholders.map(p => p.name);
		expect(asked('systemctl restart servicename')).toEqual(['servicename']);
		expect(asked('chmod +x /path/to/script')).toEqual(['/path/to/script']);
		expect(asked('createdb "db_name" -O "owner"')).toEqual(['db_name', 'owner']);
		expect(asked('certbot update_account --email ops@example.com')).toEqual(['ops@example.com']);
		// Real words stay: a quoted value with no blank's part, a path elsewhere.
		expect(asked('grep -c "error" /var/log/app/current\ncurl -fsS "http://localhost:8080/health"')).toEqual(
			[],
		);
	});
});
