// Starting and stopping the lab's sshd: a child process in the foreground (-D) logging to
// DIR/sshd.log, ready once it greets on its port; stopping it drops every session, as a dying VM sshd does.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, openSync, readFileSync} from 'node:fs';
import net from 'node:net';
import {isDemoProcess, processCommandLine, waitUntil} from '../../source/demo/processes.js';
import type {LabPaths} from './lab-paths.js';
import {lastLines} from './log-tail.js';
import {descendantsOf, listProcesses, terminateAll} from './process-table.js';
import {ensurePrivilegeSeparationDir, sshdBinary} from './sshd-config.js';

const readyTimeoutMs = 10_000;

export async function startSshd(paths: LabPaths, port: number): Promise<number> {
	return startSshdProcess({config: paths.sshdConfig, log: paths.sshdLog, ports: [port]});
}

/** sshd -D with this config, logging to `log`; returns its pid once every port greets. */
export async function startSshdProcess({
	config,
	log: logFile,
	ports,
}: {
	config: string;
	log: string;
	ports: number[];
}): Promise<number> {
	ensurePrivilegeSeparationDir();
	const log = openSync(logFile, 'a');
	const child = spawn(sshdBinary, ['-D', '-e', '-f', config], {
		detached: true,
		stdio: ['ignore', log, log],
		env: {PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C'},
	});
	closeSync(log);
	let exited: string | undefined;
	child.once(
		'exit',
		(code, signal) => (exited = signal ? `was killed by ${signal}` : `exited with code ${code}`),
	);
	child.once('error', error => (exited = `could not start: ${error.message}`));
	child.unref();
	const ready = await waitUntil(
		async () => exited !== undefined || (await Promise.all(ports.map(greets))).every(Boolean),
		readyTimeoutMs,
		50,
	);
	if (ready && exited === undefined && child.pid) return child.pid;
	if (child.pid) await terminateAll([child.pid]);
	throw new Error(
		`sshd ${exited ?? `did not answer on 127.0.0.1:${ports.join(', ')} within ${readyTimeoutMs / 1000} s`}; last lines of ${logFile}:\n${lastLines(logFile)}`,
	);
}

/** Ends the lab's sshd and every session it serves (also sessions of an earlier sshd of this lab). */
export async function stopSshdProcesses(
	paths: LabPaths,
	user: string | undefined,
	knownPid?: number,
): Promise<boolean> {
	const processes = listProcesses();
	// Also one whose pid file and lab.json are gone (a crashed lab): its command line names this lab's config.
	const byCommandLine = processes
		.filter(
			entry =>
				entry.comm.startsWith('sshd') &&
				entry.state !== 'Z' &&
				(processCommandLine(entry.pid) ?? '').includes(`-f ${paths.sshdConfig}`),
		)
		.map(entry => entry.pid);
	const listeners = [knownPid, readPidFile(paths.sshdPidFile), ...byCommandLine].filter(
		(pid): pid is number => pid !== undefined && isDemoProcess(pid, paths.sshdConfig),
	);
	const sessions = new Set<number>();
	for (const listener of listeners)
		for (const entry of descendantsOf(listener, processes))
			if (entry.comm.startsWith('sshd')) sessions.add(entry.pid);
	if (user)
		for (const entry of processes) if (isSessionOf(entry.pid, entry.comm, user)) sessions.add(entry.pid);
	const ended = await terminateAll([...new Set(listeners), ...sessions]);
	return ended > 0;
}

// OpenSSH titles a session's processes "sshd: USER [priv]" and "sshd: USER@notty" (sshd-session: from 9.8).
function isSessionOf(pid: number, comm: string, user: string): boolean {
	if (!comm.startsWith('sshd')) return false;
	const title = processCommandLine(pid) ?? '';
	return (
		title.startsWith(`sshd: ${user} `) ||
		title.startsWith(`sshd: ${user}@`) ||
		title.startsWith(`sshd-session: ${user}`)
	);
}

/** True once something on the port speaks SSH. */
export function greets(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect({host: '127.0.0.1', port});
		let banner = '';
		const done = (answer: boolean) => {
			socket.destroy();
			resolve(answer);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('data', chunk => {
			banner += chunk.toString('latin1');
			if (banner.includes('\n')) done(banner.startsWith('SSH-2.0-'));
		});
		socket.once('error', () => done(false));
		socket.once('close', () => done(false));
	});
}

function readPidFile(file: string): number | undefined {
	if (!existsSync(file)) return undefined;
	const pid = Number(readFileSync(file, 'utf8').trim());
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
