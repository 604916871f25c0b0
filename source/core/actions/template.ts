// {{name}} placeholders in a team's action: found for validation, and filled with the checked input
// values the way each place needs them: shell-quoted in a command, a bind parameter in SQL, encoded
// in a URL path. A value is never pasted into text as it is. Pure.
import {quoteShell} from '../shell.js';

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
	return [...text.matchAll(placeholder)].map(match => match[1]!);
}

/** A command with each {{name}} replaced by its value, shell-quoted (one word, whatever it holds). */
export function fillCommand(text: string, values: Readonly<Record<string, string>>): string {
	return text.replace(placeholder, (_, name: string) => quoteShell(valueOf(values, name)));
}

/** A path with each {{name}} replaced by its value, URL-encoded. */
export function fillPath(text: string, values: Readonly<Record<string, string>>): string {
	return text.replace(placeholder, (_, name: string) => encodeURIComponent(valueOf(values, name)));
}

/** A value compared with (a verification's `equals`, sent as a parameter or compared as text): the values as they are. */
export function fillValue(text: string, values: Readonly<Record<string, string>>): string {
	return text.replace(placeholder, (_, name: string) => valueOf(values, name));
}

/** SQL with each {{name}} a bind parameter ($1, $2, ...; one per name) and the parameters in order. */
export function fillSql(
	text: string,
	values: Readonly<Record<string, string>>,
): {sql: string; params: string[]} {
	const order: string[] = [];
	const sql = text.replace(placeholder, (_, name: string) => {
		valueOf(values, name);
		if (!order.includes(name)) order.push(name);
		return `$${order.indexOf(name) + 1}`;
	});
	return {sql, params: order.map(name => values[name]!)};
}

function valueOf(values: Readonly<Record<string, string>>, name: string): string {
	const value = values[name];
	// The schema refuses a placeholder naming no input; this is the planner's own guard.
	if (value === undefined) throw new Error(`no value for {{${name}}}`);
	return value;
}
