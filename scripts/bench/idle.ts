// The console's own CPU and memory while nobody touches it: the built CLI in a real terminal (tmux),
// read from /proc after the first frame. Only pg-ops' process counts, not the commands it runs.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';

/** env: the environment to open (default: the config's only or last one); ready: what on screen says the first data arrived. */
export async function measureIdleConsole(
	config: string,
	seconds: number,
	options: {env?: string; ready?: RegExp} = {},
): Promise<{cpuPercent: number; rssMb: number; peakRssMb: number}> {
	const socket = `pgops-bench-${process.pid}`;
	const tmux = (...args: string[]) =>
		execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		});
	const cli = path.resolve('dist/cli.js');
	tmux(
		'new-session',
		'-d',
		'-s',
		'idle',
		'-x',
		'100',
		'-y',
		'30',
		`exec ${process.execPath} ${cli} --config ${config}${options.env ? ` --env ${options.env}` : ''}`,
	);
	try {
		const deadline = Date.now() + 30_000;
		const ready = options.ready ?? /5 SLO[^\n]*(ok|WARNING|CRITICAL)/;
		while (!ready.test(tmux('capture-pane', '-p', '-t', 'idle'))) {
			if (Date.now() > deadline)
				throw new Error(
					`the console showed no panes within 30 s:\n${tmux('capture-pane', '-p', '-t', 'idle')}`,
				);
			await new Promise(resolve => setTimeout(resolve, 200));
		}
		const pid = Number(tmux('list-panes', '-t', 'idle', '-F', '#{pane_pid}').trim());
		const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
		const cpuTicks = () => {
			const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
			return Number(fields[11]) + Number(fields[12]); // utime + stime
		};
		const statusKb = (field: string) =>
			Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
		const rssMb = () => statusKb('VmRSS') / 1024;
		// VmHWM: the highest resident size since the process started (connecting to every host included).
		const peakMb = () => statusKb('VmHWM') / 1024;
		const startTicks = cpuTicks();
		const started = Date.now();
		while (Date.now() - started < seconds * 1000) await new Promise(resolve => setTimeout(resolve, 1000));
		const elapsed = (Date.now() - started) / 1000;
		return {
			cpuPercent: ((cpuTicks() - startTicks) / ticksPerSecond / elapsed) * 100,
			rssMb: rssMb(),
			peakRssMb: peakMb(),
		};
	} finally {
		try {
			tmux('send-keys', '-t', 'idle', 'q');
			await new Promise(resolve => setTimeout(resolve, 1000));
			tmux('kill-server');
		} catch {
			// already gone
		}
	}
}
