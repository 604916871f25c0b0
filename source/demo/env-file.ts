// KEY=VALUE env files as systemd's EnvironmentFile= reads them (comments and blank lines skipped).

export function parseEnvFile(text: string): Record<string, string> {
	const values: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const trimmed = line.trim();
		if (!trimmed || trimmed.startsWith('#')) continue;
		const equals = trimmed.indexOf('=');
		if (equals <= 0) continue;
		let value = trimmed.slice(equals + 1).trim();
		if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
		values[trimmed.slice(0, equals).trim()] = value;
	}
	return values;
}

export function formatEnvFile(values: Record<string, string>, header: string): string {
	return `${header
		.split('\n')
		.map(line => `# ${line}`)
		.join('\n')}\n${Object.entries(values)
		.map(([key, value]) => `${key}=${value}`)
		.join('\n')}\n`;
}
