// PGOPS_TRACE=1: when each phase of a command happened, in milliseconds since Node started, and the
// process's CPU time so far, on standard error (`pg-ops trace   123.4 ms (cpu   98 ms)  ssh: logged in
// (deploy@db1:22)`), to find where a start-up's time goes (README, "Cost"). Phases are fixed words
// with host labels, ports and pane names: never a command's text, its output, a secret or a server's
// answer. Through the plain-text writers' guard like every other line pg-ops prints (a host label
// comes from a file).
import {performance} from 'node:perf_hooks';
import {printErr} from './plain-output.js';

const tracing = Boolean(process.env.PGOPS_TRACE);

export function trace(phase: string): void {
	if (!tracing) return;
	const {user, system} = process.cpuUsage();
	const cpu = ((user + system) / 1000).toFixed(0).padStart(4);
	printErr(`pg-ops trace ${performance.now().toFixed(1).padStart(7)} ms (cpu ${cpu} ms)  ${phase}\n`);
}

/** Traces when `promise` settles (its phase "done" or "failed"); returns it unchanged. */
export function traced<T>(phase: string, promise: Promise<T>): Promise<T> {
	if (!tracing) return promise;
	trace(`${phase}: started`);
	return promise.then(
		value => {
			trace(`${phase}: done`);
			return value;
		},
		(error: unknown) => {
			trace(`${phase}: failed`);
			throw error;
		},
	);
}
