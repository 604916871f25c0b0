import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {formatRunbookList} from '../../source/core/runbooks/format.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';

const list = (file: string) => formatRunbookList(parseRunbook(readFileSync(file, 'utf8'), file));

describe('formatRunbookList', () => {
	it('lists sections and steps with their kind, what they ask for and whether they run until stopped', () => {
		expect(list('test/fixtures/runbooks/compose-vm.md')).toBe(
			[
				'Intake stack (compose)',
				'test/fixtures/runbooks/compose-vm.md: 4 sections, 7 steps (6 on the host, 0 SQL, 1 shown only)',
				'',
				'1   Intake stack (compose)',
				'',
				'2     Logs',
				'  2.1    [host]  cd /opt/intake',
				'  2.2    [host]  docker compose -f compose.prod.yml logs…  (runs until stopped)',
				'',
				'3     Re-run a failed import',
				'  3.1    [host]  curl -fsS -X POST -H "Authorization: Bearer YOUR_API_TOKEN"…',
				'                 asks: YOUR_API_TOKEN (masked), run_id',
				"  3.2    [shown] The run's state, as psql shows it",
				'                 psql commands (`\\x`): run it in psql',
				'',
				'4     Rotate the webhook secret',
				'  4.1    [host]  read -r current < /opt/intake/webhook.secret',
				'                 asks: NEW_WEBHOOK_SECRET (masked)',
				'  4.2    [host]  cat > /opt/intake/job.env <<EOF',
				'                 asks: run_id',
				'  4.3    [host]  for part in a b; do',
				'                 asks: YYYY-MM-DD',
				'',
			].join('\n'),
		);
	});

	it('marks shown blocks and indents subsections', () => {
		const text = list('test/fixtures/runbooks/ledger-vm.md');
		expect(text).toContain('\n2     Services\n3       Status at a glance\n  3.1    [host]  systemctl status');
		expect(text).toContain('  6.4    [shown] A healthy queue looks like this in `/health/sync`\n');
		expect(text).toContain('  4.3    [host]  sudo journalctl -u ledger-api -f  (runs until stopped)\n');
		expect(text).toContain(
			'  7.1    [host]  curl -fsS -H "x-ops-token: $OPS_VERIFY_TOKEN" http://127.0.…\n                 asks: OPS_VERIFY_TOKEN (masked)\n',
		);
	});

	it('keeps every line within 80 columns', () => {
		for (const file of [
			'test/fixtures/runbooks/ledger-vm.md',
			'test/fixtures/runbooks/compose-vm.md',
			'examples/runbooks/app-vm.md',
		]) {
			for (const line of list(file).split('\n').slice(2)) expect(line.length, line).toBeLessThanOrEqual(80);
		}
	});

	it('wraps a long list of placeholders', () => {
		const code = Array.from({length: 8}, (_, i) => `echo <placeholder_number_${i + 1}>`).join('\n');
		const text = formatRunbookList(parseRunbook(`# T\n\n\`\`\`bash\n${code}\n\`\`\`\n`, 't.md'));
		const asks = text.split('\n').filter(line => line.startsWith('                 '));
		expect(asks.length).toBeGreaterThan(1);
		expect(asks.join(' ').replace(/\s+/g, ' ').trim()).toBe(
			`asks: ${Array.from({length: 8}, (_, i) => `placeholder_number_${i + 1}`).join(', ')}`,
		);
		for (const line of asks) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('says so when a runbook has no steps', () => {
		expect(formatRunbookList(parseRunbook('# Just notes\n\nNothing to run.\n', 'notes.md'))).toBe(
			'Just notes\nnotes.md: 1 section, 0 steps (0 on the host, 0 SQL, 0 shown only)\n\n1   Just notes\n',
		);
	});
});
