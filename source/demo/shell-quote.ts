// POSIX single-quoting, for paths that end up in generated shell scripts and commands.

/** 'it'\''s' style: safe for any path, including spaces and quotes. */
export function shellQuote(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}
