// The line-level rules of Markdown the runbook reader needs: tabs as columns, YAML front matter
// (its `title:` names the runbook), fence openers and closers as CommonMark has them, link
// reference definitions, and MkDocs admonitions (`!!! note "Title"` with an indented body).

export function expandTabs(line: string): string {
	const lead = /^[ \t]*/.exec(line)![0];
	if (!lead.includes('\t')) return line;
	let width = 0;
	for (const c of lead) width = c === '\t' ? width + 4 - (width % 4) : width + 1;
	return ' '.repeat(width) + line.slice(lead.length);
}

/** YAML front matter (--- … --- on the first lines) is metadata, not prose; its `title:` is the runbook's title. */
export function frontMatter(lines: string[]): {end: number; title?: string} {
	if (lines[0]?.trim() !== '---') return {end: 0};
	const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
	if (end === -1) return {end: 0};
	const title = lines
		.slice(1, end)
		.map(line => /^title:\s*(.+?)\s*$/.exec(line)?.[1])
		.find(Boolean)
		?.replace(/^(['"])(.*)\1$/, '$2');
	return {end: end + 1, title: title || undefined};
}

/** ``` or ~~~ (three or more) and the info string; a backtick fence's info has no backtick. */
export function fenceOpener(trimmed: string): {opener: string; info: string} | undefined {
	const fence = /^(`{3,}|~{3,})(.*)$/.exec(trimmed);
	if (!fence || (fence[1]![0] === '`' && fence[2]!.includes('`'))) return undefined;
	return {opener: fence[1]!, info: fence[2]!};
}

/** The same character, at least as many, nothing after, indented at most 3 spaces past the container's `base` column. */
export function closesFence(line: string, opener: string, base = 0): boolean {
	const trimmed = line.trim();
	const indent = line.length - line.trimStart().length;
	return (
		indent - base <= 3 &&
		trimmed.length >= opener.length &&
		trimmed[0] === opener[0] &&
		new RegExp(`^\\${opener[0]}{${opener.length},}\\s*$`).test(trimmed)
	);
}

/** A fence indented inside a list item: its content loses that indentation too. */
export function stripIndent(line: string, indent: number): string {
	const lead = line.length - line.trimStart().length;
	return line.slice(Math.min(lead, indent));
}

/** `[label]: https://…` (with an optional title): it defines a link's target and is never shown. */
export const linkReferenceDefinition = /^\[[^\]]+\]:\s*\S+(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$/;

// Marks the line that was an admonition's title, so the reader keeps it a paragraph of its own.
const admonitionMark = '\u0001';

/** The title of an admonition (as withoutAdmonitionMarkers left it), or undefined for any other line. */
export function admonitionTitle(line: string): string | undefined {
	const trimmed = line.trimStart();
	return trimmed.startsWith(admonitionMark) ? trimmed.slice(1) : undefined;
}

const admonition = /^( *)(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"([^"]*)")?\s*$/;

/**
 * MkDocs admonitions: the `!!! note "Title"` line becomes the prose "Note: Title", and its body
 * (indented four spaces more) is read as if it were not indented, so its fenced blocks are steps
 * and its text is prose. Line numbers do not move.
 */
export function withoutAdmonitionMarkers(lines: string[]): string[] {
	const out: string[] = [];
	let body: number | undefined;
	for (const line of lines) {
		const indent = line.length - line.trimStart().length;
		if (body !== undefined && (line.trim() === '' || indent >= body)) {
			out.push(line.trim() === '' ? '' : ' '.repeat(indent - 4) + line.trimStart());
			continue;
		}
		body = undefined;
		const marker = admonition.exec(line);
		if (!marker) {
			out.push(line);
			continue;
		}
		const kind = marker[2]!.charAt(0).toUpperCase() + marker[2]!.slice(1);
		const title = marker[3] === undefined ? `${kind}:` : marker[3] === '' ? '' : `${kind}: ${marker[3]}`;
		out.push(title === '' ? '' : `${marker[1]}${admonitionMark}${title}`);
		body = marker[1]!.length + 4;
	}
	return out;
}
