// Rows a query returned as text the way psql prints them (aligned columns, a row count), for a
// runbook's SELECT whose rows are the answer. Long values and long results are cut, and say so.

const maxRows = 50;
const maxCell = 60;

export function formatSqlRows(rows: Array<Record<string, unknown>>): string {
	const count = `(${rows.length} row${rows.length === 1 ? '' : 's'})`;
	if (rows.length === 0) return count;
	const columns = [...new Set(rows.flatMap(row => Object.keys(row)))];
	const shown = rows.slice(0, maxRows).map(row => columns.map(column => cell(row[column])));
	const widths = columns.map((column, i) =>
		Math.max([...column].length, ...shown.map(cells => [...cells[i]!].length)),
	);
	const line = (cells: string[]) =>
		` ${cells.map((text, i) => text + ' '.repeat(widths[i]! - [...text].length)).join(' | ')}`.trimEnd();
	const lines = [line(columns), widths.map(w => '-'.repeat(w + 2)).join('+'), ...shown.map(line)];
	if (rows.length > maxRows) lines.push(` … ${rows.length - maxRows} more`);
	lines.push(count);
	return lines.join('\n');
}

function cell(value: unknown): string {
	let text: string;
	if (value === null || value === undefined) text = '';
	else if (value instanceof Date) text = value.toISOString();
	else if (typeof value === 'object') text = JSON.stringify(value);
	else text = String(value);
	text = text.replace(/\s+/g, ' ');
	const chars = [...text];
	return chars.length > maxCell ? `${chars.slice(0, maxCell - 1).join('')}…` : text;
}
