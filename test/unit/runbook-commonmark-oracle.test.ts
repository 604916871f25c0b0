// The runbook reader's structure checked against a real CommonMark parser (markdown-it, used only
// in tests): every fenced block and heading pg-ops finds, with its line and content, the reference
// finds too, on the CommonMark spec's fenced-code and heading examples and on the runbook corpus.
// The differences pg-ops makes on purpose are listed here with the reason. For the corpus, YAML
// front matter is taken off before markdown-it reads it, as the static-site generators that use it do.
import {readdirSync, readFileSync} from 'node:fs';
import spec from 'commonmark-spec';
import {describe, expect, it} from 'vitest';
import {pgOps, reference} from '../support/commonmark-oracle.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';

/** Spec examples pg-ops reads differently on purpose. */
const specDifferences: Record<number, string> = {
	96: 'a document that opens with --- … --- is YAML front matter to pg-ops (runbooks in static-site repos have it), two setext headings to CommonMark',
};

/** Corpus runbooks pg-ops reads differently on purpose, and why. */
const corpusDifferences: Record<string, string> = {
	'mkdocs-admonitions.md':
		'MkDocs admonition bodies (indented four spaces under !!! note) are read as the text and blocks they are; CommonMark sees indented code',
	'hugo-front-matter.md':
		'front matter (--- title: … ---) is metadata to pg-ops, a thematic break and a setext heading to CommonMark',
};

describe('the CommonMark spec: fenced code blocks and headings', () => {
	const examples = spec.tests.filter(test =>
		['Fenced code blocks', 'ATX headings', 'Setext headings'].includes(test.section),
	);

	it('has the examples (the spec lists them with → for a tab)', () => {
		expect(examples.length).toBeGreaterThanOrEqual(70);
	});

	for (const example of examples) {
		const text = example.markdown.replace(/→/g, '\t');
		it(`example ${example.number} (${example.section})`, () => {
			// The spec's own text is read as it is: no front matter taken off first.
			const expected = reference(text, {frontMatter: false});
			if (specDifferences[example.number]) expect(pgOps(text)).not.toEqual(expected);
			else expect(pgOps(text)).toEqual(expected);
		});
	}
});

describe('the runbook corpus (test/fixtures/runbooks)', () => {
	const files = readdirSync('test/fixtures/runbooks').filter(name => name.endsWith('.md'));

	for (const name of files) {
		it(name, () => {
			const text = readFileSync(`test/fixtures/runbooks/${name}`, 'utf8');
			if (corpusDifferences[name]) expect(pgOps(text)).not.toEqual(reference(text));
			else expect(pgOps(text)).toEqual(reference(text));
		});
	}
});

describe('structure that CommonMark and pg-ops now agree on', () => {
	const agree = (text: string) => expect(pgOps(text)).toEqual(reference(text));

	it('a fence opening on a list-marker line is a block of that item; its closing fence closes it', () => {
		const text =
			'# R\n\n1. ```bash\n   systemctl restart app\n   ```\n2. Then check it.\n\n```sh\nuptime\n```\n';
		agree(text);
		const steps = parseRunbook(text, 'r.md').sections[0]!.steps;
		expect(steps.map(s => [s.line, s.code])).toEqual([
			[3, 'systemctl restart app'],
			[8, 'uptime'],
		]);
	});

	it('a closing fence indented four spaces or more is content, not a close', () => {
		agree('# R\n\n```sh\necho a\n    ```\necho b\n```\n');
		expect(parseRunbook('```sh\necho a\n    ```\necho b\n```\n', 'r.md').sections[0]!.steps[0]!.code).toBe(
			'echo a\n    ```\necho b',
		);
	});

	it('### ### is a level-3 heading with no text', () => {
		agree('### ###\n');
		expect(parseRunbook('# T\n\n### ###\n', 'r.md').sections[1]).toMatchObject({level: 3, title: ''});
	});
});
