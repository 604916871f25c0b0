// Issue 11 item 13: a configuration file that is an attack or a mistake costs one line of error,
// never a stack trace, a hang or the machine's memory: an alias bomb, a file far too large, a key
// twice, escapes in a key. The CLI is run as a user would run it.
import {mkdtempSync, rmSync, truncateSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {ConfigError, maxAliasExpansion, parseConfig} from '../../source/core/config/parse.js';
import {loadConfigFile, maxConfigBytes} from '../../source/adapters/config-file.js';
import {runCli} from '../support/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-config-hostile-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const bomb = [
	'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
	...'bcdefghi'.split('').map((name, i) => {
		const previous = 'abcdefghi'[i]!;
		return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`;
	}),
	'environments:',
	'  x: {transport: local, services: *i}',
	'',
].join('\n');

function refusal(text: string): string {
	try {
		parseConfig(text, 'pg-ops.yaml');
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as Error).message;
	}
	throw new Error('expected the configuration to be refused');
}

describe('hostile configuration files', () => {
	it('an alias bomb (9^9 copies) is one line naming the cause, in the parser and through the CLI', () => {
		expect(refusal(bomb)).toBe(
			`pg-ops.yaml:1:1: invalid YAML: its aliases (*name) expand to more than ${maxAliasExpansion} copies; pg-ops refuses such a file (an alias bomb?)`,
		);
		const file = path.join(dir, 'bomb.yaml');
		writeFileSync(file, bomb);
		const result = runCli(['status', '--config', file, '--env', 'x']);
		expect(result.code).toBe(1);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toContain('alias bomb?');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it("aliases a real configuration uses (one environment's settings shared by 500 others) are fine", () => {
		const others = Array.from({length: 500}, (_, i) => `  env${i + 1}: *defaults`).join('\n');
		const text = `environments:\n  env0: &defaults {transport: local, probeTimeoutSeconds: 5}\n${others}\n`;
		const environments = parseConfig(text, 'pg-ops.yaml').environments;
		expect(Object.keys(environments)).toHaveLength(501);
		expect(environments.env500!.probeTimeoutSeconds).toBe(5);
	});

	it('a file larger than the cap is refused before it is read, in one line', () => {
		const file = path.join(dir, 'huge.yaml');
		writeFileSync(file, 'environments:\n');
		truncateSync(file, maxConfigBytes + 1); // sparse: the test writes nothing of it
		expect(() => loadConfigFile(file)).toThrow(
			`${file}: 8.0 MiB, more than the 8 MiB a configuration may have (is it the right file?)`,
		);
		const result = runCli(['status', '--config', file, '--env', 'x']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			`pg-ops: ${file}: 8.0 MiB, more than the 8 MiB a configuration may have (is it the right file?)\n`,
		);
	});

	it('a key twice in one mapping is named with its line (checked in one pass, not key against key)', () => {
		expect(
			refusal('environments:\n  a: {transport: local}\n  b: {transport: local}\n  a: {transport: local}\n'),
		).toBe(
			'pg-ops.yaml:4:3: invalid YAML: the key "a" appears twice in one mapping (map keys must be unique)',
		);
	});

	it('escapes in a key are shown, not emitted, in the error', () => {
		const message = refusal('environments:\n  x:\n    transport: local\n    "evil\\e]0;pwned\\a": 1\n');
		expect(message).toContain('environments.x.evil␛]0;pwned␇: unknown field');
		expect(message).not.toMatch(/[\u001b\u0007]/);
	});
});
