// A JSON field path as a team writes it in a check: parsed once, read from each answer.
import {describe, expect, it} from 'vitest';
import {formatJsonPath, parseJsonPath, readJsonPath} from '../../source/core/checks/json-path.js';

const path = (text: string) => {
	const parsed = parseJsonPath(text);
	if ('error' in parsed) throw new Error(parsed.error);
	return parsed.path;
};

describe('JSON paths', () => {
	it('reads names, dots, indexes and quoted keys', () => {
		const answer = {
			git_sha: 'abc',
			model: {version: 7},
			slots: [{sha: 'x'}, {sha: 'y'}],
			checks: {'db ready': {ok: true}},
		};
		expect(readJsonPath(answer, path('git_sha'))).toBe('abc');
		expect(readJsonPath(answer, path('model.version'))).toBe(7);
		expect(readJsonPath(answer, path('slots[1].sha'))).toBe('y');
		expect(readJsonPath(answer, path('checks["db ready"].ok'))).toBe(true);
		expect(formatJsonPath(path('checks["db ready"].ok'))).toBe('checks["db ready"].ok');
	});

	it('says where a path cannot be read', () => {
		expect(parseJsonPath('model..version')).toEqual({
			error: 'cannot read "model..version" at character 6 ("..version")',
		});
		expect(parseJsonPath('slots[x]')).toMatchObject({error: expect.stringContaining('character 6')});
		expect(parseJsonPath('')).toEqual({error: 'an empty path'});
	});

	it('a field that is not there is undefined, never a prototype property', () => {
		expect(readJsonPath({a: 1}, path('b'))).toBeUndefined();
		expect(readJsonPath({a: 1}, path('constructor'))).toBeUndefined();
		expect(readJsonPath({a: [1]}, path('a.length'))).toBeUndefined();
		expect(readJsonPath('text', path('a'))).toBeUndefined();
	});
});
