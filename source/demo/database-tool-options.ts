// The command lines the demo's pg_dump and psql stand-ins understand: the flags pg-ops' restore-backup
// uses, in their short and long forms. Anything else is refused by name rather than silently ignored.

export type ConnectionOptions = {host?: string; port?: number; user?: string; database?: string};

export type PgDumpOptions = {connection: ConnectionOptions; clean: boolean; ifExists: boolean};
export type PsqlOptions = {
	connection: ConnectionOptions;
	singleTransaction: boolean;
	variables: Record<string, string>;
};

export class UnsupportedOptionError extends Error {}

const connectionFlags: Record<string, keyof ConnectionOptions> = {
	'-h': 'host',
	'--host': 'host',
	'-p': 'port',
	'--port': 'port',
	'-U': 'user',
	'--username': 'user',
	'-d': 'database',
	'--dbname': 'database',
};
// Accepted and meaningless here: there is never a prompt, and no ~/.psqlrc is read.
const ignoredFlags = new Set(['-w', '--no-password', '-X', '--no-psqlrc', '-q', '--quiet']);

export function parsePgDumpArgs(args: string[]): PgDumpOptions {
	const options: PgDumpOptions = {connection: {}, clean: false, ifExists: false};
	parse('pg_dump', args, options.connection, flag => {
		if (flag === '-c' || flag === '--clean') options.clean = true;
		else if (flag === '--if-exists') options.ifExists = true;
		else return false;
		return true;
	});
	return options;
}

export function parsePsqlArgs(args: string[]): PsqlOptions {
	const options: PsqlOptions = {connection: {}, singleTransaction: false, variables: {}};
	parse('psql', args, options.connection, (flag, next) => {
		if (flag === '-1' || flag === '--single-transaction') options.singleTransaction = true;
		else if (flag === '-v' || flag === '--set' || flag === '--variable') {
			const [name, ...value] = next().split('=');
			options.variables[name!] = value.join('=');
		} else return false;
		return true;
	});
	return options;
}

/** Walks the arguments; `own` handles the tool's own flags (and may take a value with next()), returning false for unknown ones. */
function parse(
	tool: string,
	args: string[],
	connection: ConnectionOptions,
	own: (flag: string, next: () => string) => boolean,
): void {
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		const [flag, inline] =
			arg.startsWith('--') && arg.includes('=')
				? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
				: [arg, undefined];
		const next = () => {
			if (inline !== undefined) return inline;
			const value = args[++i];
			if (value === undefined)
				throw new UnsupportedOptionError(`${tool} (pg-ops demo stand-in): ${flag} needs a value`);
			return value;
		};
		const field = connectionFlags[flag!];
		if (field) {
			const value = next();
			if (field === 'port') connection.port = Number(value);
			else connection[field] = value;
		} else if (!ignoredFlags.has(flag!) && !own(flag!, next)) {
			throw new UnsupportedOptionError(
				`${tool} (pg-ops demo stand-in): ${arg} is not supported; this stand-in knows only what pg-ops' restore-backup uses`,
			);
		}
	}
}
