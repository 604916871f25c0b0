// rotate-token: back up the env file, write the new value atomically keeping mode and owner,
// restart the services that read it, verify the new value is accepted and the old one refused,
// then hand the new value on (a local command) or show it once. Pure: the engine gathers the facts.
import type {NamedEnvironment, ServiceConfig} from '../config/schema.js';
import {usesSudo} from '../privilege.js';
import {quoteShell, shellScript} from '../shell.js';
import type {Action, Plan, ShellAction, Step} from './plan.js';
import {restartAfterChangeStep} from './restart.js';
import {secretDigest} from './basis.js';

export type SecretEntry = NamedEnvironment['secrets'][number];

export type RotateTokenFacts = {
	entry: SecretEntry;
	/** The services in entry.restart, resolved. */
	services: ServiceConfig[];
	/** Where the backup goes: FILE.pg-ops-backup-<UTC stamp>-<random>. */
	backupPath: string;
	/** The env file or its directory is not writable by the login user: write through sudo where the environment uses it. */
	needsPrivilege: boolean;
	/** Whether the key has a value in the file now (assumed when the value was not read, in read-only mode). */
	hasOldValue: boolean;
	/** The new value was typed by the operator rather than generated. */
	typed: boolean;
	/** Where commands run, for the summary ("local", "deploy@app-1"). */
	hostLabel: string;
};

/** The names of the plan secrets; their values live only in plan.secrets. */
export const newTokenSecret = 'newToken';
export const oldTokenSecret = 'oldToken';

/** `unique`: a few random characters from the caller, so two rotations in the same second get two backups (the step refuses to write over one). */
export function backupPathFor(envFile: string, now: Date, unique: string): string {
	return `${envFile}.pg-ops-backup-${now
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z')}-${unique}`;
}

/** A typed value must survive an env file as systemd and shells read it: no spaces, quotes, `$`, `#` or backslashes. */
export function typedTokenProblem(value: string): string | undefined {
	if (value.length < 16) return 'a typed token needs at least 16 characters';
	if (!/^[\x21-\x7e]+$/.test(value) || /["'`$#\\]/.test(value))
		return 'a typed token may not contain spaces, quotes, $, # or backslashes (env files do not agree on how to read them)';
	return undefined;
}

/** The value of KEY from the last `KEY=...` or `export KEY=...` line, unquoted; undefined when there is none. */
export function valueFromEnvLine(line: string, key: string): string | undefined {
	const match = new RegExp(`^\\s*(?:export\\s+)?${key}=(.*)$`).exec(line.replace(/\r?\n$/, ''));
	if (!match) return undefined;
	const value = match[1]!.trim();
	return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** `values`: the new value, and the old one when it was read (never in read-only mode: that plan is refused anyway). */
export function planRotateToken(
	env: NamedEnvironment,
	facts: RotateTokenFacts,
	values: {newToken: string; oldToken?: string},
): Plan {
	const {entry, backupPath} = facts;
	const sudo = usesSudo(env);
	const file = quoteShell(entry.envFile);
	const backup = quoteShell(backupPath);
	const asFile = (command: string, extra: Partial<ShellAction> = {}): ShellAction => ({
		kind: 'shell',
		command,
		privileged: facts.needsPrivilege,
		...extra,
	});
	const restoreBackup = asFile(
		shellScript([
			`t=${file}.pg-ops-restore.$$`,
			`cp -p ${backup} "$t" && mv -f "$t" ${file} || { rm -f "$t"; exit 1; }`,
		]),
	);
	const putBack = {title: `put the backup ${backupPath} back`, action: restoreBackup};
	// The refusal check needs the old value: without it the http check would fall back to the configured token.
	const checksRefusal = facts.hasOldValue && values.oldToken !== undefined;

	const steps: Step[] = [
		{
			id: 'backup-env-file',
			title: `back up ${entry.envFile}`,
			mutates: true,
			// Never over an existing backup: two runs in the same second must not lose the first one's copy.
			action: asFile(shellScript([`test ! -e ${backup} && cp -p ${file} ${backup}`])),
			// The last undo: the file must be back to the backup's bytes; only then is the (identical) backup removed.
			undo: {
				title: `check ${entry.envFile} equals its backup, then remove the backup`,
				action: asFile(
					shellScript([`if [ -e ${backup} ]; then cmp -s ${backup} ${file} && rm -f ${backup}; fi`]),
				),
			},
		},
		{
			id: 'write-new-value',
			title: `write the new ${entry.key} into ${entry.envFile} (atomically, keeping mode and owner)`,
			mutates: true,
			action: asFile(writeValueScript(entry.envFile, entry.key), {stdinSecret: newTokenSecret}),
			verify: [
				{
					title: `${entry.envFile} holds the new ${entry.key}`,
					action: asFile(holdsValueScript(entry.envFile, entry.key), {stdinSecret: newTokenSecret}),
				},
			],
			undo: putBack,
		},
		...facts.services.map(service =>
			restartAfterChangeStep(
				service,
				putBack,
				sudo,
				checksRefusal && entry.verify
					? [
							{
								title: `${entry.verify.http} accepts the old value again`,
								action: {
									kind: 'until',
									check: {
										kind: 'http',
										path: entry.verify.http,
										token: {secret: 'oldToken'},
										expectStatus: [200],
									},
									timeoutSeconds: 15,
									intervalMs: 500,
								},
							},
						]
					: [],
			),
		),
	];
	if (entry.verify) steps.push(verifyStep(entry.verify, checksRefusal));
	if (entry.handOff) {
		steps.push({
			id: 'hand-off',
			title: `hand the new ${entry.key} to \`${entry.handOff.command}\` on this machine`,
			mutates: false,
			action: {kind: 'local', command: entry.handOff.command, stdinSecret: newTokenSecret},
		});
	}
	// The backup holds the old value: once the new one is verified (and handed off) it is only a copy of a secret.
	steps.push({
		id: 'remove-backup',
		title: `remove the backup ${backupPath} (it holds the old value)`,
		mutates: true,
		tidy: true,
		action: asFile(shellScript([`rm -f ${backup}`])),
	});

	return {
		procedure: 'rotate-token',
		title: `rotate ${entry.key}`,
		env: env.name,
		summary: summaryOf(facts, checksRefusal),
		steps,
		secrets: values.oldToken
			? {[newTokenSecret]: values.newToken, [oldTokenSecret]: values.oldToken}
			: {[newTokenSecret]: values.newToken},
		restsOn: ['services'],
		// The value it replaces: another operator's rotation meanwhile must not be undone unseen.
		basis: [
			{
				fact: `${entry.key} in ${entry.envFile} on ${facts.hostLabel}`,
				value: secretDigest(values.oldToken),
				secret: true,
			},
		],
		revealAfterSuccess: entry.handOff ? undefined : {label: `the new ${entry.key}`, secret: newTokenSecret},
	};
}

/** The verify endpoint asked until it accepts the new value (up to verify.withinSeconds after the restarts). */
function verifyStep(
	{http: path, withinSeconds}: {http: string; withinSeconds: number},
	hasOldValue: boolean,
): Step {
	const accepted: Action = {
		kind: 'until',
		check: {kind: 'http', path, token: {secret: newTokenSecret}, expectStatus: [200]},
		timeoutSeconds: withinSeconds,
		intervalMs: 500,
	};
	return {
		id: 'verify-token',
		title: `${path} accepts the new value${hasOldValue ? ' and refuses the old one' : ''}`,
		mutates: false,
		action: accepted,
		verify: hasOldValue
			? [
					{
						title: 'the old value is refused',
						action: {kind: 'http', path, token: {secret: oldTokenSecret}, expectStatus: [401, 403]},
					},
				]
			: [],
	};
}

// Reads the new value from standard input (never the command line), replaces the KEY line (or appends
// one) in a temp file beside the original, gives it the original's mode and owner, and renames it over.
function writeValueScript(envFile: string, key: string): string {
	const file = quoteShell(envFile);
	return shellScript([
		`f=${file}`,
		'IFS= read -r new',
		'[ -n "$new" ] || { echo "no new value on standard input" >&2; exit 1; }',
		'tmp=$(mktemp "$f.pg-ops-new.XXXXXX") || exit 1',
		'found=',
		`while IFS= read -r line || [ -n "$line" ]; do case $line in ${key}=*) printf "%s\\n" "${key}=$new"; found=1;; "export ${key}="*) printf "%s\\n" "export ${key}=$new"; found=1;; *) printf "%s\\n" "$line";; esac; done < "$f" > "$tmp" && { [ -n "$found" ] || printf "%s\\n" "${key}=$new" >> "$tmp"; } && chmod --reference="$f" "$tmp" && chown --reference="$f" "$tmp" && mv -f "$tmp" "$f" || { rm -f "$tmp"; exit 1; }`,
	]);
}

// Compares in the shell (builtins only), so the value never appears in any process's arguments.
function holdsValueScript(envFile: string, key: string): string {
	return shellScript([
		'IFS= read -r new',
		`while IFS= read -r line || [ -n "$line" ]; do case $line in "${key}=$new"|"export ${key}=$new") exit 0;; esac; done < ${quoteShell(envFile)}`,
		`echo ${quoteShell(`${key} in ${envFile} does not hold the new value`)} >&2`,
		'exit 1',
	]);
}

function summaryOf(facts: RotateTokenFacts, checksRefusal: boolean): string[] {
	const {entry} = facts;
	const restarts = facts.services.map(s => s.name).join(', ');
	return [
		`${entry.key} in ${entry.envFile} on ${facts.hostLabel}${facts.hasOldValue ? '' : ' (no value there now: it will be added)'}`,
		`new value: ${facts.typed ? 'the one typed' : '32 random bytes, hex (64 characters)'}; it is written from standard input, never on a command line`,
		`backup first: ${facts.backupPath} (same mode and owner)${facts.needsPrivilege ? '; the file is written as root (sudo)' : ''}`,
		restarts
			? `then restart ${restarts}, which read it at start-up`
			: 'no services to restart: running services keep the old value (the verification will fail and the change be undone)',
		entry.verify
			? `verify: ${entry.verify.http} accepts the new value${checksRefusal ? ' and refuses the old one (401/403)' : ''}`
			: 'not verified over HTTP: this secret has no verify.http',
		'on failure: the backup is put back and the services restarted; after success the backup, which holds the old value, is removed',
		entry.handOff
			? `after success: the new value goes to \`${entry.handOff.command}\` on this machine (standard input)`
			: 'after success: the new value is shown once, for the places outside the host that need it',
	];
}
