// Markdown prose as plain text for a terminal: emphasis, links and HTML tags taken off, inline
// code kept as written (it is usually a command or a path the reader needs to see), table rows as
// "a | b | c".

const tags =
	/<\/?(?:a|b|i|u|em|strong|br|p|div|span|sup|sub|kbd|code|img|details|summary|small|mark)\b[^>]*>/gi;

export function inlineText(markdown: string): string {
	// Code spans stand aside while emphasis is taken off, so **`flag`:** loses its stars and keeps its backticks.
	const spans: string[] = [];
	const shielded = markdown.replace(
		/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g,
		span => `\u0000${spans.push(span) - 1}\u0000`,
	);
	return plain(shielded)
		.replace(/\u0000(\d+)\u0000/g, (_, index: string) => spans[Number(index)]!)
		.replace(/\s+/g, ' ')
		.trim();
}

function plain(text: string): string {
	return text
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_, label: string, url: string) =>
			url.startsWith('#') || url === label ? label : `${label} (${url})`,
		)
		.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
		.replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
		.replace(tags, '')
		.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
		.replace(/(^|[\s(])([*_])(?=\S)([^*_]*?\S)\2(?=[\s).,:;!?]|$)/g, '$1$3')
		.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
		.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

/** "| a | b |" as "a | b"; the cells' own inline Markdown is cleaned too. */
export function tableRow(line: string): string {
	const cells = line
		.trim()
		.replace(/^\|/, '')
		.replace(/(?<!\\)\|$/, '')
		.split(/(?<!\\)\|/);
	return cells.map(cell => inlineText(cell.replace(/\\\|/g, '|'))).join(' | ');
}

export function isTableDelimiter(line: string): boolean {
	return line.includes('|') && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line);
}

/**
 * The words with which the prose right before a block says its command wants a person
 * ("a semi-interactive script", "you will be asked which records to keep"), if it does.
 */
export function saysInteractive(explanation: readonly string[]): string | undefined {
	for (const text of explanation.slice(-2)) {
		const words =
			/(?<!non-|not |non )\b(?:semi-)?interactive(?:ly)?\b(?! mode is not)/i.exec(text) ??
			/\byou(?:'ll| will) be (?:asked|prompted)\b|\bprompts you\b/i.exec(text);
		if (words) return `"${words[0]}"`;
	}
	return undefined;
}
