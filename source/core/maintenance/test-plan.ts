// The Test step: the team's own command (maintenance.test) as a plan of kind 'test-command', so it
// runs through the one engine (preview, confirmation, lock, audit); and its exit code and output read
// back from the finished run.
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
		steps: [{
			id: 'test',
			title: 'run the test command',
			// A test reads; pg-ops can't know more of a team's command than that, and has nothing to undo.
			mutates: false,
			action: {kind: 'shell', command: test.command, privileged: test.privileged, timeoutSeconds: test.timeoutSeconds},
		}],
		secrets: {},
		restsOn: [],
	};
}

/** The exit code and output from a finished run's step output ("exit 3: ..." when it failed; null when it timed out or was signalled). */
export function testOutcome(succeeded: boolean, stepOutput: string): {exitCode: number | null; output: string[]} {
	let exitCode: number | null = 0;
	let text = stepOutput;
	if (!succeeded) {
		const match = /^(?:exit|exited with) (\d+)(?::\s?|\s|$)/.exec(stepOutput);
		exitCode = match ? Number(match[1]) : null;
		if (match) text = stepOutput.slice(match[0].length);
	}
	const lines = text.split('\n').filter((line, i, all) => line.length > 0 || (i > 0 && i < all.length - 1));
	return {exitCode, output: lines.length > keptOutputLines ? [`… ${lines.length - keptOutputLines} earlier lines`, ...lines.slice(-keptOutputLines)] : lines};
}
