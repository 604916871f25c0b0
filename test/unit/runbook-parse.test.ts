import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';

const fixture = (name: string) => {
	const file = `test/fixtures/runbooks/${name}`;
	return parseRunbook(readFileSync(file, 'utf8'), file);
};
const steps = (runbook: Runbook) => runbook.sections.flatMap(section => section.steps);
const byId = (runbook: Runbook, id: string): RunbookStep => {
	const found = steps(runbook).find(step => step.id === id);
	if (!found)
		throw new Error(
			`no step ${id} in ${steps(runbook)
				.map(s => s.id)
				.join(', ')}`,
		);
	return found;
};
const parse = (text: string) => parseRunbook(text, 'notes/inline.md');

describe('a VM runbook (test/fixtures/runbooks/ledger-vm.md)', () => {
	const runbook = fixture('ledger-vm.md');

	it('has the first level-1 heading as its title and every heading as a section, in order', () => {
		expect(runbook.title).toBe('Ledger VM — On-call Runbook');
		expect(runbook.sections.map(s => [s.title, s.level])).toEqual([
			['Ledger VM — On-call Runbook', 1],
			['Services', 2],
			['Status at a glance', 3],
			['Restarting the API', 2],
			['Slow requests', 2],
			['Stuck settlement jobs', 2],
			['Verify a deploy', 2],
			['Disk', 2],
			['Restore notes', 2],
		]);
	});

	it('numbers steps by section and position, and remembers the file and fence line of each', () => {
		expect(steps(runbook).map(s => s.id)).toEqual([
			'3.1',
			'4.1',
			'4.2',
			'4.3',
			'5.1',
			'5.2',
			'5.3',
			'6.1',
			'6.2',
			'6.3',
			'6.4',
			'7.1',
			'7.2',
			'7.3',
			'8.1',
			'8.2',
			'9.1',
		]);
		const status = byId(runbook, '3.1');
		expect(status).toMatchObject({
			line: 18,
			file: 'test/fixtures/runbooks/ledger-vm.md',
			section: 'Status at a glance',
			kind: 'shell',
			language: 'bash',
		});
		expect(status.title).toBe('systemctl status ledger-api ledger-worker ledger-sync --no-…');
	});

	it('renders the services table as plain rows, and drops HTML comments', () => {
		expect(runbook.sections[1]!.explanation).toEqual([
			'Service | Unit | Port | Health',
			'API (uvicorn) | `ledger-api.service` | 9100 | `GET /health/live`',
			'Worker | `ledger-worker.service` | — | journald',
			'Sync | `ledger-sync.service` | — | `GET /health/sync`',
		]);
		expect(JSON.stringify(runbook)).not.toContain('TODO(anna)');
		expect(runbook.sections[0]!.explanation).toEqual(['Owner: payments-platform. Reviewed each quarter.']);
	});

	it('takes code blocks nested in numbered list items, with the list indentation removed and the item as the explanation', () => {
		const check = byId(runbook, '4.1');
		expect(check.code).toBe('# state and last lines of the journal\nsystemctl status ledger-api --no-pager');
		expect(check.explanation).toEqual(['1. Check what the unit says first:']);
		expect(check.title).toBe('systemctl status ledger-api --no-pager');
		expect(byId(runbook, '4.2')).toMatchObject({
			code: 'sudo systemctl restart ledger-api',
			explanation: ['2. Restart it:'],
		});
		expect(byId(runbook, '4.3')).toMatchObject({code: 'sudo journalctl -u ledger-api -f', longRunning: true});
		// Prose after a section's last block belongs to the section.
		expect(runbook.sections[3]!.explanation).toEqual(['Stop watching once `GET /health/live` answers 200.']);
	});

	it('keeps several blocks in one section apart, with comments and line continuations as written', () => {
		const slowest = byId(runbook, '5.2');
		expect(slowest.code).toBe(
			"# the ten slowest endpoints over the last 200 requests\ntail -n 200 /srv/ledger/logs/access.log \\\n  | awk '{print $NF, $7}' \\\n  | sort -rn \\\n  | head -10",
		);
		expect(slowest.title).toBe("tail -n 200 /srv/ledger/logs/access.log | awk '{print $NF,…");
		expect(slowest.title.length).toBeLessThanOrEqual(60);
		expect(slowest.explanation).toEqual([]);
		expect(byId(runbook, '5.1').explanation).toEqual(['Look at the access log first, then the database.']);
		// awk's $NF is inside single quotes: not a variable the block expects.
		expect(byId(runbook, '5.1').placeholders).toEqual([]);
	});

	it('classifies SQL (with a <job_id> placeholder), JSON and YAML blocks, and ~~~ fences in bullet lists', () => {
		expect(byId(runbook, '5.3')).toMatchObject({
			kind: 'sql',
			title: 'SELECT pid, now() - query_start AS running_for, left(query,…',
		});
		expect(byId(runbook, '6.1')).toMatchObject({
			kind: 'sql',
			explanation: [
				'- Jobs stuck in `processing` for more than an hour hold a lock on their batch.',
				'- List them:',
			],
		});
		expect(byId(runbook, '6.2').placeholders).toEqual([
			{token: '<job_id>', name: 'job_id', secret: false, style: 'angle'},
		]);
		expect(byId(runbook, '6.3')).toMatchObject({
			kind: 'sql',
			language: 'sql',
			code: "UPDATE settlement_jobs SET status = 'failed', updated_at = now() WHERE id = <job_id>;",
		});
		expect(byId(runbook, '6.4')).toMatchObject({
			kind: 'show',
			language: 'json',
			title: 'A healthy queue looks like this in `/health/sync`',
			placeholders: [],
		});
		expect(byId(runbook, '7.3')).toMatchObject({kind: 'show', language: 'yaml'});
	});

	it('finds the $OPS_VERIFY_TOKEN a curl needs, as a masked variable', () => {
		expect(byId(runbook, '7.1').placeholders).toEqual([
			{token: '$OPS_VERIFY_TOKEN', name: 'OPS_VERIFY_TOKEN', secret: true, style: 'variable'},
		]);
		expect(byId(runbook, '7.1').title).toBe('curl -fsS -H "x-ops-token: $OPS_VERIFY_TOKEN" http://127.0.…');
	});

	it('keeps only the commands of a console block, prompts removed', () => {
		expect(byId(runbook, '7.2')).toMatchObject({
			kind: 'shell',
			language: 'console',
			code: 'readlink -f /srv/ledger/current\ncat /srv/ledger/current/.gitsha',
		});
	});

	it('skips a block inside a blockquote but keeps the quote as prose', () => {
		expect(JSON.stringify(steps(runbook))).not.toContain('-mindepth 1 -delete');
		expect(runbook.sections[6]!.explanation).toEqual([
			'Careful: never run the cleanup below during business hours.',
		]);
	});

	it('shows an indented code block as prose, runs an unlabelled block of commands and shows unlabelled output', () => {
		const check = byId(runbook, '8.1');
		expect(check).toMatchObject({
			kind: 'shell',
			language: '',
			code: 'df -h /srv /var/lib/postgresql\ndu -sh /srv/ledger/logs/* | sort -rh | head -5',
		});
		expect(check.explanation).toEqual([
			'Check free space:',
			'    df -h /srv',
			'That indented block is only an illustration. The real check:',
		]);
		expect(byId(runbook, '8.2')).toMatchObject({kind: 'show', title: 'Unlabelled output is shown, not run'});
	});

	it('reads a setext heading as a section and a dated file name as a placeholder', () => {
		expect(runbook.sections[8]).toMatchObject({title: 'Restore notes', level: 2, line: 142});
		expect(byId(runbook, '9.1').placeholders).toEqual([
			{token: 'YYYY-MM-DD', name: 'YYYY-MM-DD', secret: false, style: 'word'},
		]);
	});
});

describe('a compose runbook (test/fixtures/runbooks/compose-vm.md)', () => {
	const runbook = fixture('compose-vm.md');

	it('skips YAML front matter and takes the setext title', () => {
		expect(runbook.title).toBe('Intake stack (compose)');
		expect(runbook.sections.map(s => s.title)).toEqual([
			'Intake stack (compose)',
			'Logs',
			'Re-run a failed import',
			'Rotate the webhook secret',
		]);
		expect(JSON.stringify(runbook)).not.toContain('intake-team');
	});

	it('renders a table written without outer pipes', () => {
		expect(runbook.sections[0]!.explanation).toEqual([
			'Two compose services, `web` and `poller`, on one VM. Everything lives in `/opt/intake`.',
			'Service | Restart | Health',
			'web | always | `GET /healthz`',
			'poller | always | —',
		]);
	});

	it('runs an unlabelled block that reads as commands; logs -f after the compose file flag runs until stopped', () => {
		expect(byId(runbook, '2.1')).toMatchObject({kind: 'shell', language: '', longRunning: false});
		expect(byId(runbook, '2.2')).toMatchObject({kind: 'shell', language: 'shell', longRunning: true});
	});

	it('finds a word placeholder (masked, it names a token) and an angle one in a continued curl', () => {
		const retry = byId(runbook, '3.1');
		expect(retry.placeholders).toEqual([
			{token: 'YOUR_API_TOKEN', name: 'YOUR_API_TOKEN', secret: true, style: 'word'},
			{token: '<run_id>', name: 'run_id', secret: false, style: 'angle'},
		]);
		// The numbered list before the block (step 3 of it comes after) explains it.
		expect(retry.explanation).toEqual([
			"1. Find the run id in the poller's log (`run=<run_id>`).",
			'2. Re-queue it with your personal API token:',
		]);
	});

	it('shows an SQL block with a psql command (\\x): the database connection takes SQL only', () => {
		expect(byId(runbook, '3.2')).toMatchObject({
			kind: 'show',
			reason: 'psql commands (`\\x`): run it in psql',
			title: "The run's state, as psql shows it",
		});
	});

	it('does not ask for variables the block reads or sets itself, nor for standard ones', () => {
		expect(byId(runbook, '4.1').placeholders.map(p => p.name)).toEqual(['NEW_WEBHOOK_SECRET']);
		expect(byId(runbook, '4.2').placeholders.map(p => p.name)).toEqual(['run_id']);
		expect(byId(runbook, '4.3').placeholders.map(p => p.name)).toEqual(['YYYY-MM-DD']);
	});
});

describe('line endings', () => {
	it('reads a CRLF file exactly like its LF twin', () => {
		const crlf = readFileSync('test/fixtures/runbooks/windows-crlf.md', 'utf8');
		expect(crlf).toContain('\r\n');
		const fromCrlf = parseRunbook(crlf, 'w.md');
		expect(fromCrlf).toEqual(parseRunbook(crlf.replaceAll('\r\n', '\n'), 'w.md'));
		expect(steps(fromCrlf).map(s => [s.id, s.code])).toEqual([
			['2.1', "curl -fsS http://127.0.0.1:9100/health/live \\\n  -o /dev/null -w '%{http_code}\\n'"],
			['2.2', 'systemctl is-active ledger-worker'],
		]);
		expect(JSON.stringify(fromCrlf)).not.toContain('\r');
	});
});

describe('Markdown details', () => {
	it('gives text before the first heading a section titled like the runbook', () => {
		const runbook = parse('Read this first.\n\n```bash\nuptime\n```\n\n# Real title\n\n## Part\n');
		expect(runbook.title).toBe('Real title');
		expect(runbook.sections[0]).toMatchObject({title: 'Real title', level: 0, explanation: []});
		expect(runbook.sections[0]!.steps[0]).toMatchObject({
			id: '1.1',
			section: 'Real title',
			explanation: ['Read this first.'],
		});
	});

	it('is titled by the file name when it has no level-1 heading', () => {
		expect(parse('## Only a part\n').title).toBe('inline.md');
	});

	it('closes a fence only with the same character, at least as long, and runs to the end when never closed', () => {
		const runbook = parse('# T\n\n````bash\necho "```"\n```\necho still inside\n````\n\n~~~\nls -l\n');
		expect(steps(runbook).map(s => s.code)).toEqual(['echo "```"\n```\necho still inside', 'ls -l']);
	});

	it('cleans emphasis and links in prose but keeps inline code', () => {
		const runbook = parse(
			'# T\n\n**Run** the [check](https://ops.example/check) and *then* `__keep__ **this**`:\n\n```bash\ntrue\n```\n',
		);
		expect(steps(runbook)[0]!.explanation).toEqual([
			'Run the check (https://ops.example/check) and then `__keep__ **this**`:',
		]);
	});

	it('keeps nested list items indented under their parent', () => {
		const runbook = parse('# T\n\n- first\n  - nested one\n    more of it\n- second\n\n```sh\ntrue\n```\n');
		expect(steps(runbook)[0]!.explanation).toEqual(['- first', '  - nested one more of it', '- second']);
	});

	it('reads info strings like {.bash} and "bash title=x", and treats a block of only comments as shown', () => {
		const runbook = parse(
			'# T\n\n```{.bash}\nls\n```\n\n```bash title="x"\nls\n```\n\n```bash\n# nothing to run here\n```\n',
		);
		expect(steps(runbook).map(s => [s.language, s.kind])).toEqual([
			['bash', 'shell'],
			['bash', 'shell'],
			['bash', 'show'],
		]);
	});

	it('treats unlabelled JSON, YAML, URLs and sentences as shown, and $-prompted sessions as commands', () => {
		const kinds = (code: string) => steps(parse(`# T\n\n\`\`\`\n${code}\n\`\`\`\n`))[0]!.kind;
		expect(kinds('{"ok": true}')).toBe('show');
		expect(kinds('retries: 3\ntimeout: 10s')).toBe('show');
		expect(kinds('https://status.example.com/incidents')).toBe('show');
		expect(kinds('cat the file and check its size.')).toBe('show');
		expect(kinds('# check first\nsudo systemctl status nginx')).toBe('shell');
		expect(kinds('./scripts/rollback.sh v5.3.0')).toBe('shell');
		expect(kinds('sudo -u postgres psql -d analytics -c "SELECT 1"')).toBe('shell');
		expect(kinds('BACKUP_DIR=/srv/backups')).toBe('shell');
		expect(kinds('$ uptime\n 10:00:00 up 3 days')).toBe('shell');
		expect(steps(parse('# T\n\n```\n$ uptime\n 10:00:00 up 3 days\n```\n'))[0]!.code).toBe('uptime');
	});

	it('reads user@host prompts and root prompts in console blocks, and drops output that looks like a comment', () => {
		const runbook = parse(
			'# T\n\n```console\ndeploy@vm1:~$ df -h /\nFilesystem Size\n# systemctl restart nginx\n# all good now\n```\n',
		);
		expect(steps(runbook)[0]!.code).toBe('df -h /\nsystemctl restart nginx');
	});

	it('classifies SQL dialect names as SQL and other languages as shown', () => {
		const runbook = parse(
			'# T\n\n```psql\nSELECT 1;\n```\n\n```pgsql\nSELECT 2;\n```\n\n```python\nprint(1)\n```\n\n```sql\n-- only a comment\n```\n',
		);
		expect(steps(runbook).map(s => s.kind)).toEqual(['sql', 'sql', 'show', 'show']);
	});

	it('does not take "# comment" lines inside code, nor #hashtags, as headings', () => {
		const runbook = parse('# T\n\n```bash\n# not a heading\nls\n```\n\n#hashtag is prose\n');
		expect(runbook.sections.map(s => s.title)).toEqual(['T']);
		expect(runbook.sections[0]!.explanation).toEqual(['#hashtag is prose']);
	});
});

describe('the shipped example (examples/runbooks/app-vm.md, run on the demo and the lab by the integration tests)', () => {
	const runbook = parseRunbook(
		readFileSync('examples/runbooks/app-vm.md', 'utf8'),
		'examples/runbooks/app-vm.md',
	);
	const all = steps(runbook);

	it('asks only for the app directory, the service URL, the ops token (masked), a job id and a backup day', () => {
		const asked = new Map(all.flatMap(step => step.placeholders).map(p => [p.name, p]));
		expect([...asked.keys()].sort()).toEqual([
			'APP_DIR',
			'APP_URL',
			'OPS_VERIFY_TOKEN',
			'YYYY-MM-DD',
			'job_id',
		]);
		expect([...asked.values()].filter(p => p.secret).map(p => p.name)).toEqual(['OPS_VERIFY_TOKEN']);
	});

	it('has shell and SQL steps, one shown response, one step that follows a log, and no block run from the blockquote', () => {
		expect(all.filter(s => s.kind === 'sql').map(s => s.id)).toEqual(['7.2', '7.3']);
		expect(all.filter(s => s.kind === 'show').map(s => s.language)).toEqual(['json']);
		expect(all.filter(s => s.longRunning).map(s => s.code)).toEqual([
			'tail -n 20 -f "$APP_DIR/logs/web/access.log"',
		]);
		expect(all.some(s => s.code.includes('-delete'))).toBe(false);
	});

	it('changes the system in exactly one step, the marked restart', () => {
		const changing = all.filter(s =>
			/\b(restart|stop|start|rm|delete|UPDATE|DELETE|INSERT)\b/.test(s.code.replace(/--.*$/gm, '')),
		);
		expect(changing.map(s => s.id)).toEqual(['7.4']);
		expect(changing[0]!.explanation.join(' ')).toContain('changes the system');
	});
});
