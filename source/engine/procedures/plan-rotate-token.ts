// Facts for rotate-token (read-only): which secret, whether its env file needs root to write, and the
// current value (read on the host; it goes only into the plan's secrets, never into a summary or command).
import {randomBytes} from 'node:crypto';
import {privileged, sudoWantsPassword, usesSudo} from '../../core/privilege.js';
import type {Plan} from '../../core/procedures/plan.js';
import {
	backupPathFor,
	planRotateToken,
	typedTokenProblem,
	valueFromEnvLine,
	type SecretEntry,
} from '../../core/procedures/rotate-token.js';
import {quoteShell, shellScript} from '../../core/shell.js';
import {SudoPasswordError} from '../../adapters/ssh/errors.js';
import {batchPrelude} from '../refresh.js';
import type {Runtime} from '../runtime.js';
import {PlanError, type ProcedureOptions} from './options.js';

export async function planRotateTokenFor(runtime: Runtime, options: ProcedureOptions): Promise<Plan> {
	const {env} = runtime;
	const entry = pickSecret(runtime, options.secret);
	if (options.token !== undefined) {
		const problem = typedTokenProblem(options.token);
		if (problem) throw new PlanError(problem);
	}
	const access = await exec(runtime, accessScript(entry.envFile), false);
	if (access === 'missing') throw new PlanError(`${entry.envFile} does not exist on ${runtime.host.label}`);
	const needsPrivilege = access !== 'writable';
	// A plan that read-only mode will refuse needs no secret on this machine.
	const oldToken = runtime.readOnly
		? undefined
		: valueFromEnvLine(await exec(runtime, keyLineCommand(entry), needsPrivilege), entry.key);
	const newToken = options.token ?? randomBytes(32).toString('hex');
	if (oldToken !== undefined && oldToken === newToken)
		throw new PlanError(`the typed value is the one ${entry.key} already has`);
	const services = entry.restart.map(name => env.services.find(s => s.name === name)!);
	return planRotateToken(
		env,
		{
			entry,
			services,
			backupPath: backupPathFor(entry.envFile, new Date(), randomBytes(3).toString('hex')),
			needsPrivilege,
			hasOldValue: runtime.readOnly || Boolean(oldToken),
			typed: options.token !== undefined,
			hostLabel: runtime.host.label,
		},
		{newToken, oldToken: oldToken || undefined},
	);
}

/** `--secret KEY`, or `--secret ENVFILE:KEY` when one key lives in several env files. */
function pickSecret(runtime: Runtime, wanted: string | undefined): SecretEntry {
	const {env} = runtime;
	if (env.secrets.length === 0)
		throw new PlanError(`${env.name} has no secrets configured (secrets: [{key, envFile, restart, verify}])`);
	if (wanted === undefined) return env.secrets[0]!;
	const matches = env.secrets.filter(s => s.key === wanted || `${s.envFile}:${s.key}` === wanted);
	if (matches.length === 1) return matches[0]!;
	const known = env.secrets.map(s => `${s.envFile}:${s.key}`).join(', ');
	if (matches.length === 0) throw new PlanError(`no secret "${wanted}" in ${env.name} (have: ${known})`);
	throw new PlanError(`${wanted} is in several env files; name one as ENVFILE:KEY (have: ${known})`);
}

// As the login user: whether the file and its directory (the temp file and rename live there) are writable.
function accessScript(envFile: string): string {
	const file = quoteShell(envFile);
	return `if [ ! -e ${file} ]; then echo missing; elif [ -w ${file} ] && [ -w "$(dirname ${file})" ]; then echo writable; else echo needs-root; fi`;
}

// Only the key's own line leaves the host, not the rest of the file's secrets.
function keyLineCommand(entry: SecretEntry): string {
	// grep exits 1 for "no such line" (a key to add), 2 for an unreadable file: only the latter is an error.
	return shellScript([
		`l=$(grep -E ${quoteShell(`^[[:space:]]*(export[[:space:]]+)?${entry.key}=`)} ${quoteShell(entry.envFile)}); [ $? -le 1 ] || exit 2`,
		'printf "%s\\n" "$l" | tail -n 1',
	]);
}

async function exec(runtime: Runtime, command: string, asRoot: boolean): Promise<string> {
	const full = privileged(command, asRoot && usesSudo(runtime.env));
	const result = await runtime.host.exec(`${batchPrelude(runtime.env)}${full}`, {
		timeoutMs: runtime.env.probeTimeoutSeconds * 1000,
	});
	const output = `${result.stdout}${result.stderr}`;
	if (result.exitCode !== 0 && sudoWantsPassword(output))
		throw new SudoPasswordError(runtime.host.label, command);
	if (result.exitCode !== 0 || result.timedOut)
		throw new PlanError(
			`could not read the facts on ${runtime.host.label}: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
		);
	return result.stdout.trim();
}
