// Markdown structure found in runbooks written elsewhere (issue 14): front matter that names the
// runbook, link reference definitions, MkDocs admonitions, and numbered items whose only content
// is a command in inline code.
import {describe, expect, it} from 'vitest';
import {parseRunbook} from '../../source/core/runbooks/parse.js';

const parse = (text: string) => parseRunbook(text, 'docs/r.md');
const steps = (text: string) => parse(text).sections.flatMap(section => section.steps);

describe('structure', () => {
	it("front matter's title: names the runbook", () => {
		const runbook = parse(
			'---\ntitle: "Etcd member down"\nweight: 20\n---\n\n## Check\n\n```sh\netcdctl endpoint health\n```\n',
		);
		expect(runbook.title).toBe('Etcd member down');
		expect(runbook.sections.map(s => s.title)).toEqual(['Check']);
	});

	it('link reference definitions are not prose', () => {
		const runbook = parse(
			'# R\n\nSee the [dashboard][dash].\n\n[dash]: https://grafana.example.com/d/abc "Dash"\n',
		);
		expect(runbook.sections[0]!.explanation).toEqual(['See the dashboard.']);
	});

	it('a !!! note admonition reads as its title and its body, whose blocks are steps', () => {
		const runbook = parse(
			'# R\n\n!!! warning "Primary only"\n    Run this on the primary:\n\n    ```bash\n    patronictl list\n    ```\n\nAfter.\n',
		);
		const [step] = runbook.sections[0]!.steps;
		expect(step).toMatchObject({line: 6, kind: 'shell', code: 'patronictl list'});
		expect(step!.explanation).toEqual(['Warning: Primary only', 'Run this on the primary:']);
		expect(runbook.sections[0]!.explanation).toEqual(['After.']);
	});
});

describe('numbered items whose only content is a command in inline code', () => {
	it('are steps of their own, marked as from inline code, with their placeholders asked for', () => {
		const found = steps(
			'# Promote\n\n## Steps\n\n1. Run `app promote --id <run_id>`\n2. `kubectl -n web rollout status deploy/web`\n3. Check the dashboard for `errors`.\n4. Then run `app verify`:\n\n   ```sh\n   app verify --all\n   ```\n',
		);
		expect(found.map(s => [s.id, s.line, s.kind, s.code, s.fromInlineCode ?? false])).toEqual([
			['2.1', 5, 'shell', 'app promote --id <run_id>', true],
			['2.2', 6, 'shell', 'kubectl -n web rollout status deploy/web', true],
			['2.3', 10, 'shell', 'app verify --all', false],
		]);
		expect(found[0]!.placeholders.map(p => p.name)).toEqual(['run_id']);
	});

	it('not bullet items, nor inline code that is not a command', () => {
		expect(steps('# R\n\n- Run `systemctl restart x`\n1. Open `Settings`\n')).toEqual([]);
	});
});
