// The runbook corpus (test/fixtures/runbooks/*.md, written for pg-ops in the styles of public
// runbooks: Kubernetes alerts, database operators, cloud migrations, Redis, etcd and PostgreSQL
// recovery notes, incident write-ups with transcripts): each one's `--list --json` is what a careful
// operator reads in it, judged by hand and kept beside it as NAME.expected.json.
import {readdirSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {runbookListJson} from '../../source/core/runbooks/format-json.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';

const dir = 'test/fixtures/runbooks';
const runbooks = readdirSync(dir).filter(name => name.endsWith('.md'));

describe('the runbook corpus', () => {
	it('has at least 15 runbooks, each with its expected reading', () => {
		expect(runbooks.length).toBeGreaterThanOrEqual(15);
		for (const name of runbooks) expect(readdirSync(dir)).toContain(name.replace(/\.md$/, '.expected.json'));
	});

	for (const name of runbooks) {
		it(name, () => {
			const file = `${dir}/${name}`;
			const expected = JSON.parse(readFileSync(file.replace(/\.md$/, '.expected.json'), 'utf8'));
			expect(runbookListJson(parseRunbook(readFileSync(file, 'utf8'), file))).toEqual(expected);
		});
	}

	it('no shown step lists commands, every shown step says why, and every runnable one has commands', () => {
		for (const name of runbooks) {
			const file = `${dir}/${name}`;
			for (const step of runbookListJson(parseRunbook(readFileSync(file, 'utf8'), file)).sections.flatMap(
				s => s.steps,
			)) {
				if (step.kind === 'shown')
					expect([step.commands, typeof step.reason], `${name} ${step.id}`).toEqual([[], 'string']);
				else expect(step.commands.length, `${name} ${step.id}`).toBeGreaterThan(0);
			}
		}
	});
});
