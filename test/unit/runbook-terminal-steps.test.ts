// One-shot commands that ask for a terminal (`docker exec -it db psql -c …`, `kubectl run -it … --
// nslookup x`) are host steps run in a pseudo-terminal; a session, an input from a pipe, or a secret
// keeps them from it. The reading, the `--list` text and JSON, and the terminal's line ends.
import {describe, expect, it} from 'vitest';
import {formatRunbookList} from '../../source/core/runbooks/format.js';
import {runbookListJson} from '../../source/core/runbooks/format-json.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {TerminalLineEnds, terminalCommand} from '../../source/adapters/terminal-output.js';
import {blockSteps as block} from '../support/runbook-blocks.js';

describe('what runs in a terminal', () => {
	it('a one-shot in a container, a pod or a docker run, with options of its own after the container', () => {
		for (const command of [
			"docker exec -it pg-primary psql -U postgres -c 'SELECT * FROM pg_stat_replication;'",
			'docker exec -it pg-0 patronictl -c /home/postgres/postgres0.yml list',
			'sudo docker exec -it -u postgres db env PGOPTIONS=-c\\ statement_timeout=0 psql -d app -c "VACUUM"',
			'docker run -it --rm --network host postgres:15 pg_isready -h 127.0.0.1',
			'kubectl run dns --image=busybox -it --rm --restart=Never -- nslookup api.shop',
		]) {
			const [step] = block('bash', command);
			expect(step, command).toMatchObject({kind: 'shell', terminal: true, commands: [command]});
		}
	});

	it('a session stays shown: a shell or a client without its one-shot option, even after a one-shot', () => {
		for (const command of [
			'docker exec -it pg-primary psql -U postgres',
			'docker exec -it web bash',
			'docker exec -it pg-0 env PGPASSWORD=x psql -U app',
			'docker exec -it db psql -U postgres -c "SELECT 1"\ndocker exec -it db bash',
		]) {
			const [step] = block('bash', command);
			expect(step!.kind, command).toBe('show');
			expect(step!.interactive, command).toBe(true);
		}
	});

	it('a one-shot whose input comes from a pipe or a here-document is shown: docker refuses -t then', () => {
		for (const command of [
			'docker exec -it db psql -U postgres < dump.sql',
			'cat dump.sql | docker exec -it db psql -U postgres',
			"docker exec -it db psql -U postgres <<'EOF'\nSELECT 1;\nEOF",
		]) {
			const [step] = block('bash', command);
			expect(step!.kind, command).toBe('show');
			expect(step!.reason, command).toContain('takes its input from a pipe or a here-document');
			expect(step!.interactive, command).toBeUndefined();
		}
		// Without -t the same input is fine, and no terminal is asked for.
		const [withoutT] = block('bash', 'docker exec -i db psql -U postgres < dump.sql');
		expect(withoutT!.kind).toBe('shell');
		expect(withoutT).not.toHaveProperty('terminal');
	});

	it('a one-shot whose output goes into a pipe or a file is shown: -t would spoil it (CRLF, errors mixed in)', () => {
		for (const command of [
			'docker exec -it db pg_dump -Fc -U postgres app > /backup/app.dump',
			'docker exec -it db pg_dumpall -U postgres | gzip > /backup/all.sql.gz',
		]) {
			const [step] = block('bash', command);
			expect(step!.kind, command).toBe('show');
			expect(step!.reason, command).toContain('sends its output into a pipe or a file');
			// Written out, not as the characters themselves (which the screen would show as ␍␤).
			expect(step!.reason, command).toContain('line ends into `\\r\\n` there');
		}
		// Its errors into its output is no file: it runs.
		expect(block('bash', 'docker exec -it db psql -U postgres -c "SELECT 1" 2>&1')[0]!.terminal).toBe(true);
		// One refused in a block refuses the block, whichever comes first.
		const [mixed] = block(
			'bash',
			"docker exec -it db psql -U postgres -c 'SELECT 1'\ncat dump.sql | docker exec -it db psql -U postgres",
		);
		expect(mixed!.kind).toBe('show');
	});

	it('sessions and questions inside -it stay shown; a command that runs until stopped is followed', () => {
		for (const command of [
			'docker run -it --rm --entrypoint psql postgres:16 -h db -U app',
			'docker exec -it --detach-keys ctrl-x db psql',
			'docker exec -it web python manage.py shell',
			'docker exec -it web ./manage.py createsuperuser',
			'docker exec -it web php artisan tinker',
		]) {
			const [step] = block('bash', command);
			expect(step!.kind, command).toBe('show');
		}
		expect(block('bash', 'docker exec -it web ./manage.py createsuperuser --noinput')[0]!.kind).toBe('shell');
		expect(block('bash', 'docker exec -it db tail -f /var/log/postgresql/main.log')[0]).toMatchObject({
			kind: 'shell',
			terminal: true,
			longRunning: true,
		});
	});

	it('a step with a masked value is shown: a terminal would echo the value', () => {
		const [step] = block(
			'bash',
			'docker exec -it db env PGPASSWORD=<secret:db_password> psql -U app -c "SELECT 1"',
		);
		expect(step!.kind).toBe('show');
		expect(step!.reason).toContain('would echo the value back');
	});

	it("a runner's options are its own, the command's are the command's (env, nice before psql -c)", () => {
		expect(block('bash', 'env -u PAGER PGPASSWORD=x psql -h db -U app -c "SELECT 1"')[0]!.kind).toBe('shell');
		expect(block('bash', 'nice -n 10 psql -h db -U app -c "SELECT 1"')[0]!.kind).toBe('shell');
		expect(block('bash', 'env PGPASSWORD=x psql -h db -U app')[0]!.kind).toBe('show');
		expect(block('bash', 'ssh -t db-1 psql -U app -c "SELECT 1"')[0]!.kind).toBe('show');
		expect(block('bash', 'ssh db-1 psql -U app -c "SELECT 1"')[0]!.kind).toBe('shell');
	});

	it('--list marks it, --list --json says "terminal": true', () => {
		const runbook = parseRunbook(
			'# Replication\n\n```bash\ndocker exec -it pg-0 patronictl -c /etc/patroni.yml list\n```\n\n```bash\npatronictl list\n```\n',
			'replication.md',
		);
		expect(formatRunbookList(runbook)).toMatch(
			/1\.1 +\[host\] +docker exec -it pg-0 patronictl.*\(in a terminal\)/,
		);
		const [inTerminal, plain] = runbookListJson(runbook).sections[0]!.steps;
		expect(inTerminal).toMatchObject({kind: 'host', terminal: true});
		expect(plain).not.toHaveProperty('terminal');
	});
});

describe("a terminal's output", () => {
	it("line ends made plain, a \\r\\n split between two pieces too; a lone \\r is the program's own", () => {
		const ends = new TerminalLineEnds();
		expect(ends.push('a\r\nb\r')).toBe('a\nb');
		expect(ends.push('\nc\r')).toBe('\nc');
		expect(ends.push('d\r\r\n')).toBe('\rd\n');
		expect(ends.push('50%\r')).toBe('50%');
		expect(ends.flush()).toBe('\r');
		// A terminal inside a terminal: \r\r\n, cut after the second \r.
		expect(ends.push('a\r\r') + ends.push('\nb\r\n')).toBe('a\nb\n');
		// What is held stays bounded, whatever a program prints.
		expect(ends.push('\r'.repeat(10_000))).toHaveLength(9_998);
		expect(ends.flush()).toBe('\r\r');
	});

	it('locally through util-linux script on Linux; elsewhere, an error that says what to do', () => {
		const linux = terminalCommand("echo 'hi'", 'linux');
		expect(linux).toMatchObject({
			file: 'script',
			args: ['-q', '-e', '-c', expect.stringContaining("exec /bin/sh -c 'echo '\\''hi'\\'''"), '/dev/null'],
		});
		const mac = terminalCommand('true', 'darwin');
		expect(mac).toBeInstanceOf(Error);
		expect((mac as Error).message).toContain('run it in your own terminal');
	});
});
