// Quoting for commands pg-ops builds: every value from config goes through quoteShell.
export function quoteShell(value: string): string {
	if (/^[A-Za-z0-9_./:=@%+-]+$/.test(value)) return value;
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function shellCommand(args: string[]): string {
	return args.map(quoteShell).join(' ');
}

/** Always single-quoted ('it'\''s'), for generated scripts where a reader expects every path quoted. */
export function quoteShellAlways(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** One shell command for a script, so sudo (when privileged) applies to all of it. */
export function shellScript(lines: string[]): string {
	return `sh -c ${quoteShell(lines.join('; '))}`;
}
