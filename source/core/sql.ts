// Identifiers from config are validated by the schema and quoted here; values always go as parameters.
export function quoteIdent(identifier: string): string {
	if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(identifier))
		throw new Error(`not a SQL identifier: ${identifier}`);
	return identifier
		.split('.')
		.map(part => `"${part}"`)
		.join('.');
}
