import {describe, expect, it} from 'vitest';
import {
	describeHiddenCharacters,
	hasHiddenCharacters,
	visible,
	visibleCommand,
	visibleJson,
	visibleLine,
	visibleLines,
	VisibleStream,
} from '../../source/core/safe-text.js';

const ESC = '\x1b';
const BEL = '\x07';

/** Any character a terminal acts on or hides, after the sanitiser: there must be none, whatever the shape. */
function assertInert(text: string): void {
	// eslint-disable-next-line no-control-regex
	expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
}

describe('the sanitiser', () => {
	const attacks: Record<string, string> = {
		'OSC 0 title, BEL': `${ESC}]0;pwned${BEL}`,
		'OSC 52 clipboard, ST': `${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2gK${ESC}\\`,
		'SGR 8 conceal': `echo version-ok${ESC}[8m; touch /tmp/x ${ESC}[0m`,
		'SGR green': `${ESC}[32mall good${ESC}[0m`,
		'CSI cursor up and erase': `${ESC}[1A${ESC}[2K`,
		DCS: `${ESC}Pq#0;2;0;0;0${ESC}\\`,
		'C1 CSI': '\u009b31mred',
		'C1 OSC': '\u009d0;title\u009c',
		'lone ESC': `a${ESC}b`,
		'carriage return': 'ok\r[FAILED] over the border',
		backspace: 'rm -rf /\b\b\b\b\b\b\bls    ',
		DEL: 'a\x7fb',
		NUL: 'a\x00b',
		'right-to-left override': 'file\u202Egpj.exe',
		isolates: '\u2066a\u2069 \u2067b\u2069 \u2068c\u2069',
		'tag characters': 'ok\u{E0041}\u{E0042}',
	};
	for (const [name, attack] of Object.entries(attacks))
		it(`makes ${name} visible in every shape`, () => {
			for (const shape of ['line', 'lines', 'command', 'screen'] as const) {
				const out = visible(attack, shape);
				assertInert(out);
				expect(hasHiddenCharacters(out.replace(/[\n\t]/g, ''))).toBe(false);
				// Idempotent: a second pass (a writer's guard after the adapter's) changes nothing.
				expect(visible(out, shape)).toBe(out);
			}
		});

	it('shows each sequence as readable placeholders', () => {
		expect(visibleLine(`${ESC}]0;pwned${BEL}`)).toBe('␛]0;pwned␇');
		expect(visibleLine(`x${ESC}[8m; touch /tmp/x ${ESC}[0m`)).toBe('x␛[8m; touch /tmp/x ␛[0m');
		expect(visibleLine('ok\rFAILED')).toBe('ok␍FAILED');
		expect(visibleLine('\u009b31m')).toBe('⟨U+009B⟩31m');
		expect(visibleLine('a\u202Eb')).toBe('a⟨U+202E⟩b');
		expect(visibleLine('a\x7fb\x08')).toBe('a␡b␈');
	});

	it('handles line ends and tabs per shape', () => {
		expect(visibleLine('one\ntwo\tthree\r\n')).toBe('one␤two three␍␤');
		expect(visibleLines('one\r\ntwo\tx\rthree\n')).toBe('one\ntwo\tx␍three\n');
		expect(visibleCommand('echo a\tb\r\nls\n')).toBe('echo a␉b␍\nls\n');
		expect(visible('a\tb\nabcdefghi\tj', 'screen')).toBe('a       b\nabcdefghi       j');
	});

	it('leaves ordinary text, accents and emoji alone (the same string, not a copy)', () => {
		const text = 'api  active  3d 4h  café ✓ 日本 👍\nnext line\twith a tab';
		expect(visibleLines(text)).toBe(text);
	});

	it('makes every string of a JSON value visible, keys too', () => {
		const body = {
			jobs: [{name: `result${ESC}]52;c;AAAA${BEL}`, age: 3, ok: true, note: null}],
			[`k${ESC}`]: 'line\nbreak',
		};
		expect(visibleJson(body)).toEqual({
			jobs: [{name: 'result␛]52;c;AAAA␇', age: 3, ok: true, note: null}],
			'k␛': 'line␤break',
		});
	});

	it('streams: a CRLF split across pieces is one line end, a lone CR is shown', () => {
		const stream = new VisibleStream();
		const out = [
			stream.push('one\r'),
			stream.push('\ntwo\r'),
			stream.push('x'),
			stream.push('\r'),
			stream.end(),
		];
		expect(out.join('')).toBe('one\ntwo␍x␍');
	});

	it('says where a command hides characters', () => {
		expect(describeHiddenCharacters(`echo ok\nls${ESC}[8m x`)).toEqual([
			'ESC (U+001B, shown as ␛) at line 2, column 3',
		]);
		expect(describeHiddenCharacters('a\tb\nc')).toEqual([]);
		expect(describeHiddenCharacters('x\u202Ey')[0]).toMatch(/^right-to-left override \(U\+202E/);
	});
});
