// A team's Markdown runbook as sections and steps: headings (ATX and setext) are sections, fenced
// blocks are steps, the prose before a block is its explanation. Line-based and forgiving, like
// the Markdown people actually write: fences inside list items, tables, HTML comments, CRLF.
import {secretDirectives} from './placeholder-forms.js';
import {inlineText, isTableDelimiter, tableRow} from './prose.js';
import {
	admonitionTitle,
	closesFence,
	expandTabs,
	fenceOpener,
	frontMatter,
	linkReferenceDefinition,
	stripIndent,
	withoutAdmonitionMarkers,
} from './markdown-lines.js';
import {RunbookBuilder} from './runbook-builder.js';
import {documentDialect} from './sql-dialect.js';
import type {Runbook} from './types.js';
import {visibleRunbook} from './visible-runbook.js';

type OpenEntry = {
	kind: 'paragraph' | 'item' | 'quote';
	text: string;
	prefix: string;
	lines: number;
	/** 1-based line it starts on. */
	line: number;
};

// `1. Run \`app promote --id <run_id>\``: a numbered item whose only content is a command in inline code.
const inlineCommandItem =
	/^\d{1,9}[.)] (?:(?:then|now|next|first|finally|and)[,:]?\s+)?(?:(run|execute|exec|type|enter|issue|invoke|call)(?:\s+(?:the following|this|the command|it))?\s*:?\s*|(?:[A-Za-z][\w'-]*\s+){0,5}[\w'-]+:\s*)?(`+)\s?([^`]+?)\s?\2\s*\.?$/i;

export function parseRunbook(text: string, file: string): Runbook {
	const lines = withoutAdmonitionMarkers(
		text
			.replace(/^\uFEFF/, '')
			.replace(/\r\n?/g, '\n')
			.split('\n')
			.map(expandTabs),
	);
	const front = frontMatter(lines);
	const book = new RunbookBuilder(file, {
		secretNames: secretDirectives(text),
		dialect: documentDialect(text),
		title: front.title,
	});
	let open: OpenEntry | undefined;
	let listIndent: number | undefined;
	let itemIndents: number[] = [];
	// The content column of each open list item, outermost first: a fence belongs to the deepest one it reaches.
	let contentIndents: number[] = [];
	let afterBlank = true;
	let inTable = false;
	let inComment = false;

	const close = () => {
		if (open)
			book.prose(
				open.prefix,
				open.kind === 'quote' ? inlineText(open.text.replace(/^(>\s?)+/, '')) : inlineText(open.text),
			);
		const command = open?.kind === 'item' ? inlineCommandItem.exec(open.text) : null;
		// "Run `x`" says x is a command; bare `x` must read as one.
		if (command && open) book.inlineCommand(command[3]!, open.line, command[1] !== undefined);
		open = undefined;
	};
	const openFence = (info: string, opener: string, at: number, indent: number, base: number) => {
		close();
		const content: string[] = [];
		let j = at + 1;
		for (; j < lines.length && !closesFence(lines[j]!, opener, base); j++)
			content.push(stripIndent(lines[j]!, indent));
		while (content.length > 0 && content[content.length - 1]!.trim() === '') content.pop();
		book.block(info, content, at + 1);
		return j;
	};
	const endList = () => {
		listIndent = undefined;
		itemIndents = [];
		contentIndents = [];
	};

	for (let i = front.end; i < lines.length; i++) {
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
		const fence = fenceOpener(trimmed);
		// The container a fence is in: the deepest open list item whose content column it reaches (else the document).
		const base = Math.max(0, ...contentIndents.filter(column => column <= indent));
		if (fence && indent - base <= 3) {
			// Its closing fence may be indented up to 3 spaces more than that container's content column.
			i = openFence(fence.info, fence.opener, i, indent, base);
			continue;
		}
		const admonition = admonitionTitle(raw);
		if (admonition !== undefined) {
			close();
			book.prose(listIndent === undefined ? '' : '  '.repeat(itemIndents.length), admonition);
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
				open = {kind: 'quote', text: inner, prefix: '', lines: 1, line: i + 1};
			}
			continue;
		}
		const atx = /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(trimmed);
		if (atx && indent <= 3) {
			close();
			endList();
			// `### ###` is a level-3 heading with no text: the second ### is its closing sequence.
			const title = (atx[2] ?? '').replace(/(?:^|[ \t]+)#+[ \t]*$/, '');
			book.heading(inlineText(title), atx[1]!.length, i + 1);
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
		if (open === undefined && indent <= 3 && linkReferenceDefinition.test(trimmed)) continue;
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
			while (itemIndents.length > 0 && itemIndents[itemIndents.length - 1]! >= indent) {
				itemIndents.pop();
				contentIndents.pop();
			}
			const prefix = '  '.repeat(itemIndents.length);
			itemIndents.push(indent);
			listIndent = indent + item[2]!.length + Math.min(item[3]!.length || 1, 4);
			contentIndents.push(listIndent);
			const itemFence = fenceOpener(item[4]!);
			if (itemFence) {
				// ``1. ```bash``: the item's content is the block itself.
				i = openFence(itemFence.info, itemFence.opener, i, listIndent, listIndent);
				continue;
			}
			const marker = /^\d/.test(item[2]!) ? item[2]! : '-';
			open = {kind: 'item', text: `${marker} ${item[4]!}`, prefix, lines: 1, line: i + 1};
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
			line: i + 1,
		};
	}
	close();
	return visibleRunbook(book.finish());
}
