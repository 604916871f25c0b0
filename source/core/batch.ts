import {quoteShell} from './shell.js';

// One shell script per host per refresh: every shell probe is a section with its own markers
// and exit code, so a single exec (one SSH round trip) feeds all the panes. Each section's output
// is cut on the host past maxSectionBytes, so one command flooding its output (100 MB from a
// broken systemctl) costs its own pane, named, and never the batch's other sections.
/**
 * `privileged`: the command needs root (docker's socket): run through sudo -n where the environment uses sudo.
 * `timeoutSeconds`: this section's own limit (a team's check), shorter than the batch's.
 */
export type BatchSection = {id: string; command: string; privileged?: boolean; timeoutSeconds?: number};
/** `cut`: the section printed more than maxSectionBytes; its output is only the start and its exit code unknown. */
export type SectionResult = {id: string; output: string; exitCode: number; cut?: boolean};

/** Exit code of a section that `timeout` stopped. */
export const sectionTimedOut = 124;
/** The most one section may print; past it the section is cut (and its pane says so). */
export const maxSectionBytes = 256 * 1024;

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
	// head -c (GNU, BusyBox, BSD) keeps the start; a command writing on past it ends on SIGPIPE. The
	// exit line travels through the cut too: a section without it was cut.
	lines.push(
		`if head -c 1 </dev/null >/dev/null 2>&1; then __cap="head -c ${maxSectionBytes + 64}"; else __cap=cat; fi`,
	);
	for (const {id, command, timeoutSeconds} of sections) {
		const own =
			sectionTimeoutSeconds && timeoutSeconds !== undefined && timeoutSeconds < sectionTimeoutSeconds
				? `\${__limit:+timeout -k 1 ${Math.max(1, Math.floor(timeoutSeconds))}}`
				: '$__limit';
		const run = sectionTimeoutSeconds
			? `${own} ${isSimpleCommand(command) ? command : `sh -c ${quoteShell(command)}`} 2>&1 </dev/null`
			: `( ${command} ) 2>&1 </dev/null`;
		lines.push(
			`printf '\\n@@${nonce}:begin:%s\\n' '${id}'`,
			`{ ${run}; printf '\\n@@${nonce}:exit:%s\\n' "$?"; } | $__cap`,
			`printf '\\n@@${nonce}:end:%s\\n' '${id}'`,
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
	const pattern = new RegExp(`\\n@@${nonce}:begin:([^\\n]+)\\n([\\s\\S]*?)\\n@@${nonce}:end:\\1\\n`, 'g');
	const exitLine = new RegExp(`(?:^|\\n)@@${nonce}:exit:(\\d+)\\n$`);
	for (const match of ('\n' + output).matchAll(pattern)) {
		const [, id, body] = match;
		const exit = exitLine.exec(body!);
		if (!exit) {
			results.set(id!, {id: id!, output: body!, exitCode: -1, cut: true});
			continue;
		}
		// The exit line starts on a fresh line; a command's own final newline is not part of its output.
		const own = body!.slice(0, exit.index).replace(/\n$/, '');
		results.set(id!, {id: id!, output: own, exitCode: Number(exit[1])});
	}
	return results;
}

/**
 * A section's reading for its probe, or an error that names it: it never ran to its end (the
 * batch was cut off, the host's output went past what pg-ops reads) or it flooded its output.
 */
export function sectionOf(
	results: Map<string, SectionResult>,
	id: string,
	where: string,
	batchCut = false,
): SectionResult {
	const found = results.get(id);
	if (!found)
		throw new Error(
			batchCut
				? `no output for ${id}: the batch's output on ${where} went past what pg-ops reads and was cut before it`
				: `no output for ${id}: the batch on ${where} ended early`,
		);
	if (found.cut)
		throw new Error(
			`${id} printed more than ${maxSectionBytes / 1024} KiB on ${where}: cut and not read (a command flooding its output)`,
		);
	return found;
}

/** A section's output, or an error naming the command's failure when it exited non-zero. */
export function requireSuccess(result: SectionResult, what: string): string {
	if (result.exitCode === 0) return result.output;
	if (result.exitCode === sectionTimedOut) throw new Error(`${what} timed out on the host`);
	const detail = result.output.trim().split('\n').filter(Boolean).slice(-2).join(' / ');
	const hint = result.exitCode === 127 ? ' (command not found on the host)' : '';
	throw new Error(`${what} exited with ${result.exitCode}${hint}${detail ? `: ${detail}` : ''}`);
}
