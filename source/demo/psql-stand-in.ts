// STAND-IN FOR psql (pg-ops demo): the demo's PostgreSQL is PGlite, which has no psql, so this runs a
// SQL script from standard input through the ordinary `pg` client, as ONE multi-statement query: the
// server runs it as one transaction (with or without --single-transaction) and it stops at the first
// error, as psql -v ON_ERROR_STOP=1 --single-transaction does. Query results are not printed.
// psql's \restrict and \unrestrict lines (pg_dump 15.14 and later) are skipped; COPY ... FROM stdin and
// other backslash commands are refused, since the script goes to the server as it is.

export class UnsupportedScriptError extends Error {}

type Client = {query(text: string): Promise<unknown>};

/** The script as the server will get it, or an error naming the first line the stand-in cannot run. */
export function scriptForServer(text: string): string {
	const lines = text.split('\n');
	const kept: string[] = [];
	for (const [index, line] of lines.entries()) {
		if (/^\\(restrict|unrestrict)\b/.test(line)) continue;
		if (/^\\/.test(line))
			throw new UnsupportedScriptError(
				`psql (pg-ops demo stand-in): line ${index + 1}: the backslash command ${line.split(/\s/)[0]} is not supported`,
			);
		if (/^COPY\s.*\bFROM\s+stdin\b/i.test(line))
			throw new UnsupportedScriptError(
				`psql (pg-ops demo stand-in): line ${index + 1}: COPY ... FROM stdin is not supported; dump with INSERTs (the stand-in pg_dump does)`,
			);
		kept.push(line);
	}
	return kept.join('\n');
}

/** Runs the script; on an error, rolls back whatever transaction the script had opened (PGlite's session is shared). */
export async function runScript(client: Client, script: string): Promise<void> {
	if (script.trim() === '') return;
	try {
		await client.query(script);
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	}
}
