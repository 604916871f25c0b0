// Setup file of the 'pure' test project, whose files share a worker and its loaded modules
// (isolate: false): a file there must leave the worker as it found it, and start no process and no
// server (those files stay in 'suite', one fresh worker each). Whatever a file leaves behind, the next
// file in that worker would inherit, so it fails the file that left it, naming what.
import childProcess from 'node:child_process';
import {syncBuiltinESMExports} from 'node:module';
import net from 'node:net';
import type {EventEmitter} from 'node:events';
import {beforeAll, vi} from 'vitest';

const refuse = (what: string) => () => {
	throw new Error(
		`${what} in a file of the 'pure' project (shared workers): move the file to the suite project in vitest.config.ts`,
	);
};

// Patched once per worker: every file it runs after this one sees the same guards.
const guarded = Symbol.for('pg-ops.shared-worker-guard');
const processWithMark = process as typeof process & {[guarded]?: true};
if (!processWithMark[guarded]) {
	processWithMark[guarded] = true;
	// Every spawn, exec and execFile goes through ChildProcess#spawn (internal, so untyped).
	(childProcess.ChildProcess.prototype as unknown as {spawn: unknown}).spawn =
		refuse('a child process started');
	for (const name of ['spawnSync', 'execSync', 'execFileSync'] as const)
		(childProcess as Record<string, unknown>)[name] = refuse(`child_process.${name}`);
	syncBuiltinESMExports();
	net.Server.prototype.listen = refuse('a server listening') as typeof net.Server.prototype.listen;
}

/**
 * Ink apps still mounted: each subscribes to signal-exit, whose emitter lives on process. (Raw
 * process listeners are not compared: a module may add one for good when it is first imported, as
 * conf's when-exit does.)
 */
const mountedInkApps = () => {
	const emitter = (process as {__signal_exit_emitter__?: EventEmitter}).__signal_exit_emitter__;
	return emitter ? emitter.listenerCount('exit') + emitter.listenerCount('afterexit') : 0;
};

const before = {
	env: {...process.env},
	cwd: process.cwd(),
	exitCode: process.exitCode,
	inkApps: mountedInkApps(),
};

// As the teardown of the first beforeAll: it runs after the file's own afterAll hooks and teardowns.
beforeAll(() => () => {
	const left: string[] = [];
	const names = new Set([...Object.keys(before.env), ...Object.keys(process.env)]);
	for (const name of names)
		if (before.env[name] !== process.env[name]) left.push(`process.env.${name} changed`);
	if (process.cwd() !== before.cwd) left.push(`cwd changed to ${process.cwd()}`);
	if (process.exitCode !== before.exitCode) left.push(`process.exitCode set to ${process.exitCode}`);
	const inkApps = mountedInkApps() - before.inkApps;
	if (inkApps > 0) left.push(`${inkApps} Ink app(s) left mounted`);
	if (vi.isFakeTimers()) left.push('fake timers left on');
	if (left.length > 0) throw new Error(`this file leaves its shared worker changed: ${left.join('; ')}`);
});
