// A real CommonMark parser (markdown-it, a devDependency used only in tests) as an oracle for the
// runbook reader's structure: which fenced blocks and headings a document has, where, and what.
import MarkdownIt from 'markdown-it';
import {parseRunbook} from '../../source/core/runbooks/parse.js';

export type Found = {
	fences: Array<{line: number; content: string}>;
	headings: Array<{line: number; level: number}>;
};

const md = new MarkdownIt('commonmark');

/** markdown-it's fenced blocks (not those inside a blockquote: pg-ops skips them on purpose) and headings. */
export function reference(text: string, {frontMatter = true}: {frontMatter?: boolean} = {}): Found {
	const found: Found = {fences: [], headings: []};
	let quoted = 0;
	for (const token of md.parse(frontMatter ? withoutFrontMatter(text) : text, {})) {
		if (token.type === 'blockquote_open') quoted++;
		if (token.type === 'blockquote_close') quoted--;
		if (token.type === 'fence' && quoted === 0)
			found.fences.push({
				line: token.map![0] + 1,
				content: token.content.replace(/\n+$/, '').replace(/(\n\s*)+$/, ''),
			});
		if (token.type === 'heading_open')
			found.headings.push({line: token.map![0] + 1, level: Number(token.tag.slice(1))});
	}
	return found;
}

/** What pg-ops found: one entry per fenced block (marked alternatives share their block), every heading. */
export function pgOps(text: string): Found {
	const runbook = parseRunbook(text, 'oracle.md');
	const fences = new Map<number, string>();
	for (const step of runbook.sections.flatMap(section => section.steps))
		if (!step.fromInlineCode) fences.set(step.line, (step.written ?? step.code).replace(/(\n\s*)+$/, ''));
	return {
		fences: [...fences].map(([line, content]) => ({line, content})),
		headings: runbook.sections
			.filter(section => section.level > 0)
			.map(s => ({line: s.line, level: s.level})),
	};
}

/** Front matter blanked (line numbers kept), as static-site generators take it off before CommonMark reads the rest. */
function withoutFrontMatter(text: string): string {
	const lines = text.split('\n');
	if (lines[0]?.trim() !== '---') return text;
	const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
	return end === -1 ? text : [...lines.slice(0, end + 1).map(() => ''), ...lines.slice(end + 1)].join('\n');
}
