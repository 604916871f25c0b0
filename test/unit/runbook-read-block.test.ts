// Issue 14: runbooks written by other people, read as a careful operator reads them. Each case is
// a misreading seen in real public runbooks; the step must run exactly what the author meant, or
// be shown with the reason.
import {describe, expect, it} from 'vitest';
import {blockSteps as block, stepsOf as steps} from '../support/runbook-blocks.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

const one = (language: string, body: string) => {
	const found = block(language, body);
	expect(found).toHaveLength(1);
	return found[0]!;
};

describe('transcripts: prompt, command, output', () => {
	it('a heredoc inside a transcript keeps its body, and the next command is a command', () => {
		const step = one(
			'console',
			'$ cat <<EOF | sudo tee /etc/app/app.conf\nport=8080\nmode=live\nEOF\n$ sudo systemctl restart app\n● app.service - App\n   Active: active (running)',
		);
		expect(step.kind).toBe('shell');
		expect(step.commands).toEqual([
			'cat <<EOF | sudo tee /etc/app/app.conf\nport=8080\nmode=live\nEOF',
			'sudo systemctl restart app',
		]);
	});

	it("the shell's > before continuation and heredoc lines is taken off", () => {
		expect(
			one('console', "$ cat <<'EOF' > /tmp/x\n> a\n> EOF\n$ kubectl get pods \\\n>   -n web").commands,
		).toEqual(["cat <<'EOF' > /tmp/x\na\nEOF", 'kubectl get pods \\\n  -n web']);
	});

	it('prompts in shell-labelled blocks are stripped, with hosts, paths, root and fancy prompts', () => {
		expect(one('bash', '$ systemctl status app\n$ journalctl -u app -n 50').commands).toEqual([
			'systemctl status app',
			'journalctl -u app -n 50',
		]);
		expect(
			one('', 'db-01 $ pg_lsclusters\nVer Cluster Port Status\n16  main    5432 online').commands,
		).toEqual(['pg_lsclusters']);
		expect(one('console', 'deploy@app-1:~/releases$ ls -1\nblue\ngreen').commands).toEqual(['ls -1']);
		expect(one('console', '[root@db-01 ~]# systemctl restart postgresql').commands).toEqual([
			'systemctl restart postgresql',
		]);
		expect(one('console', '❯ kubectl get nodes').commands).toEqual(['kubectl get nodes']);
	});

	it('output lines are never commands: a table row, a printed path', () => {
		const step = one(
			'console',
			'$ ls /var/lib/app\n/var/lib/app/data\nrm-me.lock\n$ df -h /\nFilesystem Size\n/dev/sda1 40G',
		);
		expect(step.commands).toEqual(['ls /var/lib/app', 'df -h /']);
	});

	it('console blocks without prompts are offered when every line is a command, shown otherwise', () => {
		expect(one('console', 'kubectl -n x scale --replicas=0 deploy/y\nkubectl -n x get pods').kind).toBe(
			'shell',
		);
		expect(one('shell-session', 'NAME   READY   STATUS\nweb-1  1/1     Running')).toMatchObject({
			kind: 'show',
			reason: 'a terminal session without prompts: it looks like output',
		});
	});

	it('PowerShell and cmd.exe prompts are not run', () => {
		expect(one('console', 'PS C:\\> Get-Service').reason).toMatch(/^PowerShell commands/);
	});

	it('a read with its output pasted under it runs the read alone; a change with output under it is shown, with the line', () => {
		// The look and its answer: the look is what the author ran, the answer is theirs.
		expect(one('bash', 'kubectl get pods\nNAME     READY   STATUS\nweb-1    1/1     Running')).toMatchObject({
			kind: 'shell',
			commands: ['kubectl get pods'],
		});
		expect(
			one('bash', 'kubectl rollout restart deploy/web\nNAME     READY   STATUS\nweb-1    1/1     Running'),
		).toMatchObject({
			kind: 'show',
			reason: 'line 2 looks like output, not a command: `NAME     READY   STATUS`',
		});
	});
});

describe("another program's input", () => {
	it('REPL transcripts are shown, never run on the host (> info memory would create a file)', () => {
		for (const [body, program] of [
			['> info memory', 'another program'],
			['127.0.0.1:6379> INFO replication', 'redis-cli'],
			['redis> CONFIG GET maxmemory', 'redis-cli'],
			['mysql> SHOW SLAVE STATUS\\G', 'mysql'],
			['>>> import app', 'python'],
			['irb(main):001:0> User.count', 'a Ruby console'],
		]) {
			const step = one('', body!);
			expect(step.kind, body).toBe('show');
			expect(step.reason, body).toContain(`input for ${program}`);
		}
		expect(one('console', '$ redis-cli\n127.0.0.1:6379> info memory').kind).toBe('show');
		expect(one('sql', 'app=# SELECT count(*) FROM jobs;\n count\n-------\n     3').reason).toMatch(
			/session transcript/,
		);
	});
});

describe('SQL dialects', () => {
	it('MySQL, SQL Server and Oracle statements are shown with the dialect named', () => {
		expect(one('sql', "CREATE USER 'app'@'%' IDENTIFIED BY 'x';").reason).toMatch(
			/^MySQL SQL .*PostgreSQL only/,
		);
		expect(one('sql', 'SELECT `id` FROM `jobs`;').reason).toMatch(/^MySQL SQL/);
		expect(one('sql', 'SELECT TOP 10 * FROM jobs').reason).toMatch(/^SQL Server SQL/);
		expect(one('sql', 'SELECT sysdate FROM dual;').reason).toMatch(/^Oracle SQL/);
		expect(one('mysql', 'SELECT 1;').reason).toMatch(/^MySQL SQL/);
	});

	it('a runbook about MySQL alone reads its plain SQL as MySQL', () => {
		const found = steps('# MySQL replica\n\nRun `mysql -u root`, then:\n\n```sql\nSELECT 1;\n```\n');
		expect(found[0]!.reason).toBe(
			'MySQL SQL (this runbook is about MySQL): pg-ops runs SQL on PostgreSQL only',
		);
	});

	it('PostgreSQL statements stay SQL steps; unlabelled SQL is SQL too', () => {
		expect(one('sql', 'SELECT pid FROM pg_stat_activity;')).toMatchObject({
			kind: 'sql',
			commands: ['SELECT pid FROM pg_stat_activity'],
		});
		expect(one('', "SELECT count(*) FROM jobs WHERE status = 'processing';").kind).toBe('sql');
	});
});

describe('alternatives in one block', () => {
	it('each marked alternative is its own step, confirmed alone', () => {
		const found = block(
			'bash',
			'kubectl -n db describe pod pg-0\n# or, in an emergency, delete it:\nkubectl -n db delete pod pg-0 --grace-period=0 --force',
		);
		expect(found.map(s => [s.id, s.commands])).toEqual([
			['1.1a', ['kubectl -n db describe pod pg-0']],
			['1.1b', ['kubectl -n db delete pod pg-0 --grace-period=0 --force']],
		]);
		expect(found.every(s => s.line === 3)).toBe(true);
	});

	it('commands meant to run together stay together', () => {
		expect(block('bash', '# stop, then start\nsystemctl stop app\nsystemctl start app')).toHaveLength(1);
	});

	it('a following block keeps its own number', () => {
		const found = steps('# R\n\n```sh\nls\n# alternatively\nls -la\n```\n\n```sh\ndf\n```\n');
		expect(found.map(s => s.id)).toEqual(['1.1a', '1.1b', '1.2']);
	});
});

describe('interactive commands and shells that span blocks', () => {
	it('interactive commands are shown, never run with a closed standard input', () => {
		for (const command of [
			'sudo -u postgres psql',
			'bin/rails c',
			'kubectl exec -it api-0 -- bash',
			'tmux new -s fix',
			'top',
			'less /var/log/syslog',
			'vim /etc/app.conf',
			'redis-cli -h cache-1',
			'docker exec -it web sh',
		]) {
			const step = one('bash', command);
			expect(step.kind, command).toBe('show');
			expect(step.interactive, command).toBe(true);
		}
		for (const command of [
			'psql -c "SELECT 1"',
			'echo "SELECT 1" | psql',
			'redis-cli -h cache-1 INFO memory',
			'top -b -n 1',
		])
			expect(one('bash', command).kind, command).toBe('shell');
	});

	it("the blocks after a shell opened elsewhere are that shell's, until exit", () => {
		const found = steps(
			[
				'# Node images',
				'```sh\noc debug node/worker-3\n```',
				'```sh\nchroot /host\n```',
				'```sh\npodman rmi --all\n```',
				'```sh\nexit\n```',
				'```sh\nexit\n```',
				'```sh\noc get nodes\n```',
			].join('\n\n'),
		);
		expect(found.map(s => s.kind)).toEqual(['show', 'show', 'show', 'show', 'show', 'shell']);
		// The innermost shell names where it is typed.
		expect(found[2]!.reason).toContain('typed in the shell `chroot /host` opened (line 7)');
	});
});

describe('run until stopped', () => {
	it('loops and servers that never end stream with a stop', () => {
		for (const command of [
			'while true; do curl -s localhost:8080/health; sleep 1; done',
			'kubectl -n db port-forward svc/pg 5432',
			'redis-cli --latency-history',
			'watch -n 5 kubectl get pods',
		])
			expect(one('bash', command).longRunning, command).toBe(true);
	});
});
