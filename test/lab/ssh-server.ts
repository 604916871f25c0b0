// Starting the machine's own sshd for the fleet's stand-in hosts: a child process in the foreground (-D),
// ready once it greets on its ports; and `greets`, which tells when anything on a port speaks SSH.
import {spawn} from 'node:child_process';
import {closeSync, openSync} from 'node:fs';
import net from 'node:net';
import {waitUntil} from '../../source/demo/processes.js';
import {lastLines} from './log-tail.js';
import {terminateAll} from './process-table.js';
import {ensurePrivilegeSeparationDir, sshdBinary} from './sshd-config.js';

// Generous: on a busy 2-core machine (load ~20) an sshd takes seconds to fork for each greeting.
const readyTimeoutMs = 60_000;

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
	// A port that greeted once stays bound (sshd holds its listeners): ask only the others again. Asking
	// all of them until every one answered in the same round almost never succeeded under load.
	const waiting = new Set(ports);
	const ready = await waitUntil(
		async () => {
			if (exited !== undefined) return true;
			const answered = await Promise.all([...waiting].map(async port => [port, await greets(port)] as const));
			for (const [port, greeted] of answered) if (greeted) waiting.delete(port);
			return waiting.size === 0;
		},
		readyTimeoutMs,
		50,
	);
	if (ready && exited === undefined && child.pid) return child.pid;
	if (child.pid) await terminateAll([child.pid]);
	throw new Error(
		`sshd ${exited ?? `did not answer on 127.0.0.1:${[...waiting].join(', ')} within ${readyTimeoutMs / 1000} s`}; last lines of ${logFile}:\n${lastLines(logFile)}`,
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
		// A forked sshd on a busy machine can take seconds to send its banner.
		socket.setTimeout(5000, () => done(false));
		socket.on('data', chunk => {
			banner += chunk.toString('latin1');
			if (banner.includes('\n')) done(banner.startsWith('SSH-2.0-'));
		});
		socket.once('error', () => done(false));
		socket.once('close', () => done(false));
	});
}
