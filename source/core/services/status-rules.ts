// How a team's status command's exit code and output say which state a service is in (the
// `command` manager's rules), read the same way by the pane and by a plan's check.
import {sectionTimedOut} from '../batch.js';

export type StatusRules = {
	/** Exit code (as text) → state; a code not listed means failed. */
	exitCodes: Readonly<Record<string, string>>;
	/** First match wins, before the exit code is looked at. */
	output: ReadonlyArray<{match: string; state: string}>;
};

// Output is read only this far: a status command that prints megabytes is not read whole.
const readLimit = 64 * 1024;

export function stateFromStatus(
	rules: StatusRules,
	exitCode: number | undefined,
	output: string,
): {state: string; detail?: string} {
	const text = output.slice(0, readLimit);
	const firstLine = text
		.split('\n')
		.map(line => line.trim())
		.find(Boolean)
		?.slice(0, 160);
	if (exitCode === sectionTimedOut) return {state: 'unknown', detail: 'the status command timed out'};
	if (exitCode === 127) return {state: 'unknown', detail: 'the status command was not found on the host'};
	for (const rule of rules.output)
		if (new RegExp(rule.match).test(text)) return {state: rule.state, detail: firstLine};
	const mapped = exitCode === undefined ? undefined : rules.exitCodes[String(exitCode)];
	if (mapped) return {state: mapped, detail: firstLine};
	return {state: 'failed', detail: firstLine ?? `exit ${exitCode ?? 'unknown'}`};
}
