import {quoteShell} from './shell.js';

// One shell script per host per refresh: every shell probe is a section with its own markers
// and exit code, so a single exec (one SSH round trip) feeds all the panes.
export type BatchSection = {id: string; command: string};
export type SectionResult = {id: string; output: string; exitCode: number};

/** Exit code of a section that `timeout` stopped. */
export const sectionTimedOut = 124;

export function buildBatchScript(
	sections: BatchSection[],
	nonce: string,
	prelude = '',
	sectionTimeoutSeconds?: number,
): string {
	const lines = [prelude];
	// Each section under its own `timeout` where the host has one, so one hung command costs its
	// own pane, not every shell pane of the batch.
	if (sectionTimeoutSeconds)
		lines.push(
			`if command -v timeout >/dev/null 2>&1; then __limit="timeout -k 1 ${Math.max(1, Math.floor(sectionTimeoutSeconds))}"; else __limit=; fi`,
		);
	for (const {id, command} of sections) {
		lines.push(
			`printf '\\n@@${nonce}:begin:%s\\n' '${id}'`,
			sectionTimeoutSeconds
				? `$__limit ${isSimpleCommand(command) ? command : `sh -c ${quoteShell(command)}`} 2>&1 </dev/null`
				: `( ${command} ) 2>&1 </dev/null`,
			`printf '\\n@@${nonce}:end:%s:%s\\n' '${id}' "$?"`,
		);
	}
	return lines.filter(Boolean).join('\n') + '\n';
}

// Shell builtins have no program for `timeout` to run: a command starting with one needs its own shell.
const builtinsOnly = new Set([
	'cd',
	'exit',
	'export',
	'set',
	'unset',
	'read',
	'eval',
	'exec',
	'.',
	'source',
	'alias',
	'return',
	'shift',
	'trap',
	'wait',
	'umask',
	'ulimit',
	'type',
	'hash',
	'local',
	'command',
	'readonly',
	'times',
	'getopts',
	'jobs',
	'fg',
	'bg',
]);

/**
 * One program with its arguments (no pipe, list, redirection, substitution or variable): `timeout`
 * can run it directly, saving a shell per section on every host at every refresh (a fleet's hosts
 * run this batch every few seconds).
 */
export function isSimpleCommand(command: string): boolean {
	if (!/^[^|&;<>()`$\n\\]+$/.test(command)) return false;
	const first = command.trimStart().split(/\s/, 1)[0] ?? '';
	return first !== '' && !first.includes('=') && !builtinsOnly.has(first) && !/^['"]/.test(first);
}

/** Splits a batch's output into sections; a section with no end marker (the batch was cut off) is left out. */
export function parseBatchOutput(output: string, nonce: string): Map<string, SectionResult> {
	const results = new Map<string, SectionResult>();
	const pattern = new RegExp(
		`\\n@@${nonce}:begin:([^\\n]+)\\n([\\s\\S]*?)\\n@@${nonce}:end:\\1:(\\d+)\\n`,
		'g',
	);
	for (const match of ('\n' + output).matchAll(pattern)) {
		const [, id, body, code] = match;
		// The end marker starts on a fresh line; a command's own final newline is not part of its output.
		results.set(id!, {id: id!, output: body!.replace(/\n$/, ''), exitCode: Number(code)});
	}
	return results;
}

/** A section's output, or an error naming the command's failure when it exited non-zero. */
export function requireSuccess(result: SectionResult, what: string): string {
	if (result.exitCode === 0) return result.output;
	if (result.exitCode === sectionTimedOut) throw new Error(`${what} timed out on the host`);
	const detail = result.output.trim().split('\n').filter(Boolean).slice(-2).join(' / ');
	const hint = result.exitCode === 127 ? ' (command not found on the host)' : '';
	throw new Error(`${what} exited with ${result.exitCode}${hint}${detail ? `: ${detail}` : ''}`);
}
