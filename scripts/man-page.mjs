// Turns pg-ops' help text (source/cli/help.ts) into a man page (roff), so `man pg-ops` says what
// `pg-ops --help` says. The help's sections map to the page's: the first line is the NAME's
// description, Usage the SYNOPSIS (one entry per command, its description beside it), Options the
// OPTIONS, the paragraph after them the DESCRIPTION, Examples the EXAMPLES.

/** The man page for `help` (the text --help prints) of pg-ops `version`. */
export function renderManPage(help, version) {
	const lines = help.replace(/^\n/, '').split('\n');
	const description = lines[0].trim();
	const sections = splitSections(lines.slice(1));
	const usage = entries(sections.Usage ?? [], line => line.startsWith('    $ '));
	const [optionLines, afterOptions] = splitAtBlank(sections.Options ?? []);
	const examples = (sections.Examples ?? []).map(line => line.trim()).filter(Boolean);
	return [
		`.TH PG\\-OPS 1 "" "pg-ops ${escape(version)}" "User Commands"`,
		'.SH NAME',
		`pg\\-ops \\- ${escape(description.replace(/^A /, 'a '))}`,
		'.SH SYNOPSIS',
		...usage.flatMap(({head, body}) => ['.TP', `.B ${escape(head.replace(/^\$ /, ''))}`, escape(body)]),
		'.SH DESCRIPTION',
		escape(paragraph(afterOptions)),
		'.SH OPTIONS',
		...entries(optionLines, line => /^ {4}-/.test(line)).flatMap(({head, body}) => [
			'.TP',
			`.B ${escape(head)}`,
			escape(body),
		]),
		'.SH EXAMPLES',
		'.nf',
		...examples.map(line => escape(line)),
		'.fi',
		'.SH FILES',
		'The configuration is looked up as',
		'.BR \\-\\-config ,',
		'then',
		'.IR ./pg-ops.yaml ,',
		'then',
		'.IR ~/.config/pg-ops/pg-ops.yaml .',
		'.SH SEE ALSO',
		'The documents shipped with pg\\-ops: README.md and docs/ (CONFIG.md, PROCEDURES.md,',
		'INCIDENTS.md, MAINTENANCE.md, RUNBOOKS.md) in the installed package;',
		'.BR "pg-ops examples"',
		'lists the example configurations and runbooks.',
		'',
	]
		.filter(line => line !== '')
		.join('\n')
		.concat('\n');
}

/** The help's sections by their heading ("  Usage", "  Options", "  Examples"), each its lines. */
function splitSections(lines) {
	const sections = {};
	let current;
	for (const line of lines) {
		const heading = /^ {2}([A-Z][a-z]+)$/.exec(line);
		if (heading) sections[(current = heading[1])] = [];
		else if (current) sections[current].push(line);
	}
	return sections;
}

function splitAtBlank(lines) {
	const trimmed = [...lines];
	while (trimmed.length && !trimmed[0].trim()) trimmed.shift();
	const blank = trimmed.findIndex(line => !line.trim());
	return blank < 0 ? [trimmed, []] : [trimmed.slice(0, blank), trimmed.slice(blank + 1)];
}

/**
 * Entries of a two-column block: a line for which `starts` holds opens one; its left column (up to
 * the description column) is the head, the right column the body; following lines add to both.
 */
function entries(lines, starts) {
	const column = descriptionColumn(lines.filter(starts));
	const result = [];
	for (const line of lines) {
		if (!line.trim()) continue;
		if (starts(line)) result.push({head: '', body: ''});
		const entry = result.at(-1);
		if (!entry) continue;
		// A line whose text runs across the column is all head (a long command line), and so is one
		// whose text past the column is more of the command ([--env NAME]).
		const wholeHead =
			line.length > column &&
			(line[column - 1] !== ' ' || (line.slice(0, column).trim() !== '' && line[column] === '['));
		const left = wholeHead ? line.trim() : line.slice(0, column).trim();
		const right = wholeHead ? '' : line.slice(column).trim();
		entry.head = [entry.head, left].filter(Boolean).join(' ');
		entry.body = [entry.body, right].filter(Boolean).join(' ');
	}
	return result;
}

/** Where the descriptions start: the column most entry lines put theirs at (after a gap of two spaces). */
function descriptionColumn(lines) {
	const counts = new Map();
	for (const line of lines) {
		const gap = /\S( {2,})\S/.exec(line);
		if (!gap) continue;
		const column = gap.index + 1 + gap[1].length;
		counts.set(column, (counts.get(column) ?? 0) + 1);
	}
	return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 20;
}

function paragraph(lines) {
	return lines
		.map(line => line.trim())
		.filter(Boolean)
		.join(' ');
}

/** Text as roff shows it: backslashes and hyphens escaped, no line taken for a request. */
function escape(text) {
	const escaped = text.replaceAll('\\', '\\e').replaceAll('-', '\\-');
	return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}
