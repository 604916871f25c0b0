// A team's Markdown runbook as sections and steps: headings (ATX and setext) are sections, fenced
// blocks are steps, the prose before a block is its explanation. Line-based and forgiving, like
// the Markdown people actually write: fences inside list items, tables, HTML comments, CRLF.
import {secretDirectives} from './placeholder-forms.js';
import {inlineText, isTableDelimiter, tableRow} from './prose.js';
import {RunbookBuilder} from './runbook-builder.js';
import {documentDialect} from './sql-dialect.js';
import type {Runbook} from './types.js';
import {visibleRunbook} from './visible-runbook.js';

type OpenEntry = {kind: 'paragraph' | 'item' | 'quote'; text: string; prefix: string; lines: number};

export function parseRunbook(text: string, file: string): Runbook {
	const lines = text
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map(expandTabs);
	const book = new RunbookBuilder(file, {
		secretNames: secretDirectives(text),
		dialect: documentDialect(text),
	});
	let open: OpenEntry | undefined;
	let listIndent: number | undefined;
	let itemIndents: number[] = [];
	let afterBlank = true;
	let inTable = false;
	let inComment = false;

	const close = () => {
		if (open)
			book.prose(
				open.prefix,
				open.kind === 'quote' ? inlineText(open.text.replace(/^(>\s?)+/, '')) : inlineText(open.text),
			);
		open = undefined;
	};
	const endList = () => {
		listIndent = undefined;
		itemIndents = [];
	};

	for (let i = frontMatterEnd(lines); i < lines.length; i++) {
		const raw = lines[i]!;
		const trimmed = raw.trim();
		const indent = raw.length - raw.trimStart().length;
		if (inComment) {
			inComment = !raw.includes('-->');
			continue;
		}
		if (trimmed === '') {
			close();
			afterBlank = true;
			inTable = false;
			continue;
		}
		const wasAfterBlank = afterBlank;
		afterBlank = false;
		if (trimmed.startsWith('<!--')) {
			close();
			inComment = !trimmed.includes('-->');
			continue;
		}
		const fence = /^(`{3,}|~{3,})(.*)$/.exec(trimmed);
		if (
			fence &&
			!(fence[1]![0] === '`' && fence[2]!.includes('`')) &&
			(indent <= 3 || (listIndent !== undefined && indent <= listIndent + 3))
		) {
			close();
			const content: string[] = [];
			let j = i + 1;
			for (; j < lines.length && !closesFence(lines[j]!, fence[1]!); j++)
				content.push(stripIndent(lines[j]!, indent));
			while (content.length > 0 && content[content.length - 1]!.trim() === '') content.pop();
			book.block(fence[2]!, content, i + 1);
			i = j;
			continue;
		}
		if (/^ {0,3}>/.test(raw)) {
			const inner = trimmed.replace(/^(>\s?)+/, '');
			const quotedFence = /^(`{3,}|~{3,})/.exec(inner.trim());
			if (quotedFence) {
				// Blocks quoted in a blockquote are examples inside a remark: neither run nor shown as steps.
				close();
				for (
					i++;
					i < lines.length &&
					/^ {0,3}>/.test(lines[i]!) &&
					!closesFence(lines[i]!.trim().replace(/^(>\s?)+/, ''), quotedFence[1]!);
					i++
				);
				continue;
			}
			if (inner.trim() === '') close();
			else if (open?.kind === 'quote') open.text += ` ${inner}`;
			else {
				close();
				open = {kind: 'quote', text: inner, prefix: '', lines: 1};
			}
			continue;
		}
		const atx = /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(trimmed);
		if (atx && indent <= 3) {
			close();
			endList();
			book.heading(inlineText(atx[2] ?? ''), atx[1]!.length, i + 1);
			continue;
		}
		if (
			/^ {0,3}(=+|-+)\s*$/.test(raw) &&
			open?.kind === 'paragraph' &&
			open.prefix === '' &&
			listIndent === undefined
		) {
			const title = inlineText(open.text);
			const line = i + 1 - open.lines;
			open = undefined;
			book.heading(title, trimmed.startsWith('=') ? 1 : 2, line);
			continue;
		}
		if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(raw)) {
			close();
			endList();
			continue;
		}
		if (indent >= 4 && listIndent === undefined && (open === undefined || wasAfterBlank)) {
			// An indented code block: shown as prose, never run (only fenced blocks are steps).
			close();
			book.prose('    ', raw.slice(4).trimEnd());
			continue;
		}
		if (isTableDelimiter(raw)) {
			if (open?.kind === 'paragraph' && open.text.includes('|')) {
				book.prose(open.prefix, tableRow(open.text));
				open = undefined;
			}
			inTable = true;
			continue;
		}
		if (trimmed.startsWith('|') || (inTable && trimmed.includes('|'))) {
			close();
			inTable = true;
			book.prose(listIndent === undefined ? '' : '  '.repeat(itemIndents.length), tableRow(trimmed));
			continue;
		}
		const item = /^( *)([-*+]|\d{1,9}[.)])( +|$)(.*)$/.exec(raw);
		if (
			item &&
			!(
				open?.kind === 'paragraph' &&
				!wasAfterBlank &&
				/^\d/.test(item[2]!) &&
				item[2] !== '1.' &&
				item[2] !== '1)'
			)
		) {
			close();
			while (itemIndents.length > 0 && itemIndents[itemIndents.length - 1]! >= indent) itemIndents.pop();
			const prefix = '  '.repeat(itemIndents.length);
			itemIndents.push(indent);
			listIndent = indent + item[2]!.length + Math.min(item[3]!.length || 1, 4);
			const marker = /^\d/.test(item[2]!) ? item[2]! : '-';
			open = {kind: 'item', text: `${marker} ${item[4]!}`, prefix, lines: 1};
			continue;
		}
		if (open && !wasAfterBlank) {
			open.text += ` ${trimmed}`;
			open.lines++;
			continue;
		}
		if (listIndent !== undefined && indent === 0) endList();
		close();
		open = {
			kind: 'paragraph',
			text: trimmed,
			prefix: listIndent === undefined ? '' : '  '.repeat(itemIndents.length),
			lines: 1,
		};
	}
	close();
	return visibleRunbook(book.finish());
}

function expandTabs(line: string): string {
	const lead = /^[ \t]*/.exec(line)![0];
	if (!lead.includes('\t')) return line;
	let width = 0;
	for (const c of lead) width = c === '\t' ? width + 4 - (width % 4) : width + 1;
	return ' '.repeat(width) + line.slice(lead.length);
}

/** YAML front matter (--- … --- on the first lines) is metadata, not prose. */
function frontMatterEnd(lines: string[]): number {
	if (lines[0]?.trim() !== '---') return 0;
	const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
	return end === -1 ? 0 : end + 1;
}

function closesFence(line: string, opener: string): boolean {
	const trimmed = line.trim();
	return (
		trimmed.length >= opener.length &&
		trimmed[0] === opener[0] &&
		new RegExp(`^\\${opener[0]}{${opener.length},}\\s*$`).test(trimmed)
	);
}

/** A fence indented inside a list item: its content loses that indentation too. */
function stripIndent(line: string, indent: number): string {
	const lead = line.length - line.trimStart().length;
	return line.slice(Math.min(lead, indent));
}
