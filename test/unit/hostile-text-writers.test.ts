// Nothing reaches the terminal or a document without the sanitiser's final guard: the console
// renders through ui/SafeText.tsx, plain output goes through adapters/plain-output.ts, documents through
// writeNewFile. This checks the sources so a new component or mode can't bypass them unnoticed.
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeNewFile} from '../../source/engine/state-file.js';

const root = path.resolve(import.meta.dirname, '../../source');

function sources(dir = root): string[] {
	return readdirSync(dir).flatMap(name => {
		const file = path.join(dir, name);
		if (statSync(file).isDirectory()) return name === 'demo' ? [] : sources(file); // the demo is a simulated server, not pg-ops
		return /\.tsx?$/.test(name) ? [file] : [];
	});
}

const relative = (file: string) => path.relative(root, file);

describe('hostile text has no way around the sanitiser', () => {
	it("no component renders with ink's own Text", () => {
		const offenders = sources().filter(
			file =>
				relative(file) !== 'ui/SafeText.tsx' &&
				/import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(readFileSync(file, 'utf8')),
		);
		expect(offenders.map(relative)).toEqual([]);
	});

	it('nothing writes to stdout or stderr except the plain-output writers', () => {
		// The console's entries switch the alternate screen (constant sequences of pg-ops' own); the
		// spinner draws its frames with its own escape codes and the label through visible().
		const allowed: Record<string, RegExp> = {
			'adapters/plain-output.ts': /process\.std(out|err)\.write\(visible\(/,
			// OSC 52: the clipboard sequence pg-ops makes, its text base64 inside it.
			'adapters/clipboard.ts': /process\.stdout\.write\(osc52\(/,
			// A secret's prompt (made visible) and the newline after what was typed unseen.
			'adapters/secret-input.ts': /process\.stderr\.write\((visible\(|'\\n'\))/,
			'ui/run-console.tsx': /process\.stdout\.write\('\\x1b\[\?1049[hl](\\x1b\[H)?'\)/,
			'ui/runbooks/run-runbook.tsx': /process\.stdout\.write\('\\x1b\[\?1049[hl](\\x1b\[H)?'\)/,
			'ui/progress.ts': /process\.stderr\.write\((visible\(|frameLine\(|hideCursor\)|clearLineShowCursor\))/,
		};
		const offenders = sources().flatMap(file => {
			const lines = readFileSync(file, 'utf8').split('\n');
			return lines
				.filter(line => /process\.std(out|err)\.write\(|console\.(log|error|warn|info)\(/.test(line))
				.filter(line => !allowed[relative(file)]?.test(line))
				.map(line => `${relative(file)}: ${line.trim()}`);
		});
		expect(offenders).toEqual([]);
	});

	it('a review or summary file gets the text with its escapes visible, lines and tabs kept', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-writers-'));
		try {
			const file = writeNewFile(dir, 'review.md', '# a\u001b]0;pwned\u0007\n\tline\r\n', 'review');
			expect(readFileSync(file, 'utf8')).toBe('# a␛]0;pwned␇\n\tline\n');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
