// restore-backup: check the chosen backup is intact before anything stops, dump the current database
// to a safety file, stop the configured services, restore, start them and verify. When the restore or
// anything after it fails, the undo puts the safety dump back and starts the services again.
import type {NamedEnvironment, ServiceConfig} from '../config/schema.js';
import {formatAge} from '../duration.js';
import {formatKb} from '../format/units.js';
import {quoteShell, shellCommand} from '../shell.js';
import type {Action, Plan, ShellAction, SqlAction, Step} from './plan.js';
import {serviceAction, serviceLogs, serviceUpChecks} from './restart.js';

type BackupsConfig = NonNullable<NamedEnvironment['backups']>;
type DatabaseConfig = NonNullable<NamedEnvironment['database']>;

export type BackupFile = {name: string; bytes: number; /** Epoch seconds. */ modifiedAt: number};
export type BackupListing = {
	/** The host's clock, epoch seconds: ages are the host's. */ hostNow: number;
	/** Newest first. */ files: BackupFile[];
};
export type TableRows = {table: string; rows: number};

export type RestoreFacts = {
	listing: BackupListing;
	chosen: BackupFile;
	/** Rows per table in the chosen backup, or why they were not counted. */
	rowCounts: TableRows[] | string;
	/** The state of each service that will be stopped, where the manager says. */
	serviceStates: Record<string, string | undefined>;
	/** When the plan was made: it names the safety dump. */
	now: Date;
};

export const safetyDumpPrefix = 'pg-ops-safety-';
export const passwordSecret = 'dbPassword';
const listedInSummary = 8;
// An identifier as pg_dump writes it (jobs, public.jobs, public."Jobs"): anything else is left out of the row check.
const dumpedTableName = /^(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")(?:\.(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+"))?$/;

// Rows per table in a plain SQL dump: COPY blocks (pg_dump's default), one-row INSERTs (--inserts) and
// multi-row INSERTs with one tuple per line (--rows-per-insert, and the demo's own backups).
export const rowCountProgram = String.raw`function seen(t) { if (!(t in n)) { n[t] = 0; order[++k] = t } }
copy { if ($0 == "\\.") copy = 0; else n[t]++; next }
/^COPY [^ ]+ .*FROM stdin;$/ { t = $2; seen(t); copy = 1; next }
/^INSERT INTO [^ ]+ / { t = $3; seen(t); if ($0 ~ / VALUES \(/) n[t]++; multi = ($0 ~ / VALUES$/); next }
multi && /^\t\(/ { n[t]++ }
multi && /;$/ { multi = 0 }
END { for (i = 1; i <= k; i++) print order[i], n[order[i]] }`;

/** One exec: the host's clock, then "mtime size path" for each backup and safety dump in the directory. */
export function backupListingCommand(backups: BackupsConfig): string {
	return `date +%s && find -H ${quoteShell(backups.dir)} -maxdepth 1 -type f \\( -name ${quoteShell(backups.pattern)} -o -name ${quoteShell(`${safetyDumpPrefix}*.sql.gz`)} \\) -exec stat -c '%Y %s %n' {} +`;
}

export function parseBackupListing(output: string): BackupListing {
	const [clock = '', ...lines] = output.trim().split('\n');
	const files = lines.flatMap(line => {
		const match = /^(\d+) (\d+) (.+)$/.exec(line);
		if (!match) return [];
		const path = match[3]!;
		return [
			{name: path.slice(path.lastIndexOf('/') + 1), bytes: Number(match[2]), modifiedAt: Number(match[1])},
		];
	});
	files.sort((a, b) => b.modifiedAt - a.modifiedAt || b.name.localeCompare(a.name));
	return {hostNow: Number(clock.trim()) || 0, files};
}

/** Why a requested name cannot be a backup in backups.dir, or undefined when it can. */
export function backupNameProblem(name: string): string | undefined {
	if (
		name === '' ||
		name.includes('/') ||
		name.includes('..') ||
		name.startsWith('-') ||
		/[\s\0]/.test(name)
	) {
		return `"${name}" is not a backup's file name: give just the name of a file in the backups directory (no "/", "..", spaces or leading "-")`;
	}
	return undefined;
}

export function isSafetyDump(name: string): boolean {
	return name.startsWith(safetyDumpPrefix);
}

/** The requested backup, else the newest one that isn't a safety dump (restoring a safety dump is asked for by name). */
export function chooseBackup(
	listing: BackupListing,
	backups: BackupsConfig,
	requested?: string,
): {ok: true; file: BackupFile} | {ok: false; reason: string} {
	const where = `${backups.dir} (${backups.pattern})`;
	if (requested !== undefined) {
		const problem = backupNameProblem(requested);
		if (problem) return {ok: false, reason: problem};
		const file = listing.files.find(f => f.name === requested);
		return file
			? {ok: true, file}
			: {
					ok: false,
					reason: `no backup "${requested}" in ${where}; have: ${listing.files.map(f => f.name).join(', ') || 'none'}`,
				};
	}
	const newest = listing.files.find(f => !isSafetyDump(f.name));
	return newest ? {ok: true, file: newest} : {ok: false, reason: `no backups in ${where}`};
}

/** Reads the whole backup once: "table rows" per table it fills. Fails (pipefail) when the file does not decompress. */
export function rowCountCommand(file: string): string {
	return `bash -o pipefail -c ${quoteShell(`gunzip -c ${quoteShell(file)} | awk ${quoteShell(rowCountProgram)}`)}`;
}

export function parseRowCounts(output: string): TableRows[] {
	return output
		.trim()
		.split('\n')
		.flatMap(line => {
			const match = /^(\S+) (\d+)$/.exec(line.trim());
			return match && dumpedTableName.test(match[1]!) ? [{table: match[1]!, rows: Number(match[2])}] : [];
		});
}

/** pg-ops-safety-20261123T051500Z.sql.gz: sorts by time, and says what made it. */
export function safetyDumpName(now: Date): string {
	return `${safetyDumpPrefix}${now
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replaceAll('-', '')
		.replaceAll(':', '')}.sql.gz`;
}

export function planRestoreBackup(env: NamedEnvironment, facts: RestoreFacts, password?: string): Plan {
	const backups = env.backups!;
	const db = env.database!;
	const withPassword = Boolean(db.password);
	const file = joinPath(backups.dir, facts.chosen.name);
	const safety = joinPath(backups.dir, safetyDumpName(facts.now));
	const stopped = backups.stop
		.map(name => env.services.find(s => s.name === name))
		.filter((s): s is ServiceConfig => s !== undefined);
	const counts = Array.isArray(facts.rowCounts) && facts.rowCounts.length > 0 ? facts.rowCounts : undefined;
	const timeoutSeconds = backups.timeoutSeconds;
	const toolShell = (script: string) => pipefailShell(script, withPassword, timeoutSeconds);
	const restoreFrom = (from: string) =>
		toolShell(
			`gunzip -c ${quoteShell(from)} | ${databaseTool([backups.psql, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', ...connectionArgs(db)], withPassword)} >/dev/null`,
		);
	const partial = `${safety}.partial`;
	const answers = answersStep(env, counts);

	const steps: Step[] = [
		{
			id: 'check-backup',
			title: `check ${facts.chosen.name} is an intact gzip file`,
			mutates: false,
			action: {kind: 'shell', command: shellCommand(['gunzip', '-t', file]), timeoutSeconds},
		},
		{
			id: 'safety-dump',
			title: `dump the current database to ${safety}`,
			mutates: true,
			// A partial file first, renamed once complete: a dump cut short never looks like a safety net.
			action: toolShell(
				`umask 077 && ${databaseTool([backups.pgDump, '--clean', '--if-exists', ...connectionArgs(db)], withPassword)} | gzip > ${quoteShell(partial)} && mv ${quoteShell(partial)} ${quoteShell(safety)}`,
			),
			verify: [
				{
					title: 'the safety dump is an intact gzip file',
					action: {kind: 'shell', command: shellCommand(['gunzip', '-t', safety]), timeoutSeconds},
				},
			],
			// The finished dump is the safety net and stays; only an unfinished one is cleared away.
			undo: {
				title: 'remove an unfinished safety dump, if any (a finished one is kept)',
				action: {kind: 'shell', command: shellCommand(['rm', '-f', partial])},
			},
		},
		...stopped.map((service): Step => ({
			id: `stop-${service.name}`,
			title: `stop ${service.name}`,
			mutates: true,
			action: serviceAction(service, 'stop'),
			// Back up means up: the undo counts only when the service answers again.
			undo: {
				title: `start ${service.name}`,
				action: serviceAction(service, 'start'),
				verify: serviceUpChecks(service),
			},
		})),
		{
			id: 'restore',
			title: `restore ${facts.chosen.name} into ${db.name}`,
			mutates: true,
			action: restoreFrom(file),
			verify: counts
				? [
						{
							title: `the tables hold the backup's rows (${counts.map(c => `${c.table} ${c.rows}`).join(', ')})`,
							action: rowCountCheck(counts),
						},
					]
				: undefined,
			undo: {
				title: `restore the safety dump ${safetyDumpName(facts.now)}`,
				action: restoreFrom(safety),
				verify: [{title: 'the database answers again', action: answers.action}],
			},
		},
		...stopped.map((service): Step => ({
			id: `start-${service.name}`,
			title: `start ${service.name}`,
			mutates: true,
			action: serviceAction(service, 'start'),
			verify: serviceUpChecks(service),
			// Stopped again so the safety dump goes back with nothing writing; the undo of the stop starts it after.
			undo: {
				title: `stop ${service.name} while the safety dump goes back`,
				action: serviceAction(service, 'stop'),
			},
			...logsOf(service),
		})),
		answers,
	];

	return {
		procedure: 'restore-backup',
		title: `restore ${facts.chosen.name}`,
		env: env.name,
		summary: summary(env, facts, safety, stopped),
		steps,
		secrets: password === undefined ? {} : {[passwordSecret]: password},
		restsOn: ['services'],
		basis: [
			{
				fact: 'the backup to restore',
				value: `${facts.chosen.name} (${facts.chosen.bytes} bytes, modified ${new Date(facts.chosen.modifiedAt * 1000).toISOString()})`,
			},
		],
		// Once the backup is in and its rows checked, starting the services is the short way back; undoing would restore again.
		finishOnceDone: 'restore',
	};
}

function summary(
	env: NamedEnvironment,
	facts: RestoreFacts,
	safety: string,
	stopped: ServiceConfig[],
): string[] {
	const backups = env.backups!;
	const db = env.database!;
	const age = (f: BackupFile) => `${formatAge(facts.listing.hostNow - f.modifiedAt)} ago`;
	const shown = facts.listing.files.slice(0, listedInSummary);
	const lines = [`backups in ${backups.dir} (${backups.pattern}), newest first:`];
	const width = Math.max(...shown.map(f => f.name.length));
	for (const f of shown)
		lines.push(
			`  ${f.name.padEnd(width)}  ${formatKb(f.bytes / 1024).padStart(5)}  ${age(f).padStart(8)}${f.name === facts.chosen.name ? '  <- restore this one' : isSafetyDump(f.name) ? '  (safety dump)' : ''}`,
		);
	if (facts.listing.files.length > shown.length)
		lines.push(`  ... and ${facts.listing.files.length - shown.length} older`);
	lines.push(
		`${facts.chosen.name} (${formatKb(facts.chosen.bytes / 1024)}, ${age(facts.chosen)}) replaces the data in ${db.name} at ${db.host}:${db.port} (as ${db.user}, as the host sees it)`,
	);
	lines.push(
		Array.isArray(facts.rowCounts) && facts.rowCounts.length > 0
			? `it holds ${facts.rowCounts.map(c => `${c.table}: ${c.rows} rows`).join(', ')}; after the restore the tables must hold exactly these`
			: `its rows were not counted (${typeof facts.rowCounts === 'string' ? facts.rowCounts : 'no table data found in it'}): after the restore only that the database answers is checked`,
	);
	lines.push(
		`first the current database is dumped to ${safety} (kept; --backup ${safety.slice(safety.lastIndexOf('/') + 1)} puts it back later)`,
	);
	if (stopped.length > 0)
		lines.push(
			`stopped during the restore and started after it: ${stopped.map(s => `${s.name} (${facts.serviceStates[s.name] ?? 'state unknown'})`).join(', ')}`,
		);
	lines.push(
		'if the restore or anything after it fails, the safety dump is restored and the services are started again',
	);
	lines.push(
		'tables the backup does not hold are left as they are: it must drop what it recreates (pg_dump --clean --if-exists)',
	);
	return lines;
}

/** The restore's check: no table whose row count differs from the backup's (a returned row names one that does). */
function rowCountCheck(counts: TableRows[]): SqlAction {
	const rows = counts
		.map((c, i) => `($${i * 2 + 1}::text, $${i * 2 + 2}::bigint, (SELECT count(*) FROM ONLY ${c.table}))`)
		.join(', ');
	return {
		kind: 'sql',
		statements: [
			{
				sql: `SELECT name, expected, actual FROM (VALUES ${rows}) AS counted(name, expected, actual) WHERE expected <> actual`,
				params: counts.flatMap(c => [c.table, c.rows]),
			},
		],
		transaction: false,
		expectRows: 0,
	};
}

/** Last: the restored database answers pg-ops' own connection, with the services running on it. */
function answersStep(env: NamedEnvironment, counts: TableRows[] | undefined): Step {
	const table = env.backups!.checkTable ?? env.etl?.table ?? counts?.[0]?.table;
	const action: Action = {
		kind: 'sql',
		statements: [
			{sql: table ? `SELECT count(*) AS rows FROM ONLY ${table}` : 'SELECT 1 AS answers', params: []},
		],
		transaction: false,
		expectRows: 1,
	};
	return {
		id: 'check-database',
		title: table ? `the restored database answers (${table} can be read)` : 'the restored database answers',
		mutates: false,
		action,
	};
}

export function connectionArgs(db: DatabaseConfig): string[] {
	// --no-password: never wait for a prompt nobody can answer; the password comes from stdin, or ~/.pgpass on the host.
	return ['--no-password', '-h', db.host, '-p', String(db.port), '-U', db.user, '-d', db.name];
}

/**
 * A database tool's command line in a pipefailShell script: the password (read from stdin into a
 * shell variable that is not exported) goes into this tool's environment alone, never into gzip's,
 * gunzip's, mv's or anything else the pipeline starts, and never onto a command line.
 */
export function databaseTool(argv: string[], withPassword: boolean): string {
	return `${withPassword ? 'PGPASSWORD="$pgops_password" ' : ''}${shellCommand(argv)}`;
}

/** bash with pipefail (a failed pg_dump or gunzip fails the pipeline); with a password, it is read from stdin for databaseTool. */
export function pipefailShell(script: string, withPassword: boolean, timeoutSeconds: number): ShellAction {
	const body = withPassword ? `IFS= read -r pgops_password; ${script}` : script;
	return {
		kind: 'shell',
		command: `bash -o pipefail -c ${quoteShell(body)}`,
		stdinSecret: withPassword ? passwordSecret : undefined,
		timeoutSeconds,
	};
}

export function joinPath(dir: string, name: string): string {
	return `${dir.replace(/\/+$/, '')}/${name}`;
}

function logsOf(service: ServiceConfig): Pick<Step, 'diagnose'> {
	const action = serviceLogs(service);
	return action ? {diagnose: {title: `last log lines of ${service.name}`, action}} : {};
}
