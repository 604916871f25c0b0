// The Test step: the team's own command (maintenance.test) as a plan of kind 'test-command', so it
// runs through the one engine (preview, confirmation, lock, audit); and its exit code and output kept
// from the finished run.
import type {NamedEnvironment} from '../config/schema.js';
import type {Plan} from '../procedures/plan.js';

/** How many output lines the record keeps (the last ones: where a test runner prints its verdict). */
export const keptOutputLines = 60;

export function planTestCommand(env: NamedEnvironment): Plan | undefined {
	const test = env.maintenance.test;
	if (!test) return undefined;
	return {
		procedure: 'test-command',
		title: 'maintenance test command',
		env: env.name,
		summary: [
			`runs maintenance.test.command on ${env.name}'s host${test.privileged ? ' (privileged)' : ''}, for up to ${test.timeoutSeconds}s`,
			'its output and exit code are kept in the window; a non-zero exit fails the Test step (run it again, or skip it with a reason)',
		],
		steps: [
			{
				id: 'test',
				title: 'run the test command',
				// The team's own command: pg-ops can't know that it only reads, so it counts as a change and
				// the runner refuses it in read-only mode (there is nothing to undo).
				mutates: true,
				action: {
					kind: 'shell',
					command: test.command,
					privileged: test.privileged,
					timeoutSeconds: test.timeoutSeconds,
				},
			},
		],
		secrets: {},
		restsOn: [],
	};
}

/**
 * The exit code and the output to keep. `exitCode` is the run's own field (undefined when the command
 * did not end by itself: a timeout, a signal), null in the record then. A failed step's output starts
 * with the engine's "exit N: ", which the kept output leaves out (the code is kept on its own).
 */
export function testOutcome(
	succeeded: boolean,
	stepOutput: string,
	exitCode?: number,
): {exitCode: number | null; output: string[]} {
	const code = exitCode ?? (succeeded ? 0 : null);
	const prefix = `exit ${code}`;
	let text = stepOutput;
	if (!succeeded && code !== null && text.startsWith(prefix))
		text = text.slice(prefix.length).replace(/^:\s?/, '');
	const lines = text.split('\n').filter((line, i, all) => line.length > 0 || (i > 0 && i < all.length - 1));
	return {
		exitCode: code,
		output:
			lines.length > keptOutputLines
				? [`… ${lines.length - keptOutputLines} earlier lines`, ...lines.slice(-keptOutputLines)]
				: lines,
	};
}
