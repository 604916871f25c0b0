// Fake fleet hosts for engine tests: a host that counts what it is asked and answers the refresh
// batch as a real one prints it, and the runtime over a set of them.
import type {ExecResult, Host, HostConnectionState} from '../../source/adapters/host.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {runtimeOf} from '../../source/engine/runtime.js';

export type FakeHost = Host & {
	/** Batches (and other scripts) it was asked to run. */
	calls: number;
	/** What the engine last asked of idleCloseAfter (undefined: keep the connection open). */
	idleMs?: number;
	/** What it reports as its connection, when made with `reportsConnection`; the test may change it. */
	connection?: HostConnectionState['status'];
};

/**
 * A host that runs every script through `exec` and counts them. With `reportsConnection` it reports
 * a connection state as SSH hosts do (failed until the test sets `connection`); without, it has none.
 */
export function fakeHost(
	name: string,
	exec: (script: string) => Promise<ExecResult>,
	options: {reportsConnection?: boolean} = {},
): FakeHost {
	const host: FakeHost = {
		label: `deploy@${name}`,
		transport: 'ssh',
		calls: 0,
		exec: async script => {
			host.calls++;
			return exec(script);
		},
		idleCloseAfter: ms => {
			host.idleMs = ms;
		},
		...(options.reportsConnection
			? {connectionState: () => ({status: host.connection ?? 'failed', attempt: 1})}
			: {}),
		close: async () => {},
	};
	return host;
}

/** The runtime over these hosts (by name, in this order), as pg-ops builds it for a fleet. */
export function fleetOf(hosts: Record<string, FakeHost>, env: NamedEnvironment) {
	return runtimeOf({
		env,
		hosts: Object.entries(hosts).map(([name, host]) => ({name, host})),
		readOnly: false,
	});
}

/** A host's output for a refresh batch: each section the script asks for, framed by the script's markers, printing `output(id)`. */
export function batchReply(script: string, output: (id: string) => string): ExecResult {
	const nonce = /@@([0-9a-f]+):begin/.exec(script)?.[1];
	const ids = [...script.matchAll(/:begin:%s\\n' '([^']+)'/g)].map(m => m[1]!);
	const stdout = nonce
		? ids
				.map(id => `\n@@${nonce}:begin:${id}\n${output(id)}\n@@${nonce}:exit:0\n\n@@${nonce}:end:${id}\n`)
				.join('')
		: '';
	return {stdout, stderr: '', exitCode: 0, timedOut: false, durationMs: 1};
}

export type Reading = {worker?: string; used?: number; release?: string};

/**
 * The batch's output from a host running api and worker under systemd (worker `active` unless
 * said), with / `used` percent full (40) and the slot's current link at `release` (blue).
 */
export function answer(script: string, reading: Reading = {}): ExecResult {
	const used = reading.used ?? 40;
	const output: Record<string, string> = {
		'services.systemd': `Id=api.service\nLoadState=loaded\nActiveState=active\nSubState=running\n\nId=worker.service\nLoadState=loaded\nActiveState=${reading.worker ?? 'active'}\nSubState=running\n`,
		'disk.df': `Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda1 1000 ${used * 10} ${1000 - used * 10} ${used}% /`,
		'slot.link': `/opt/app/releases/${reading.release ?? 'blue'}\nabc123`,
	};
	return batchReply(script, id => output[id] ?? '');
}

/** A host that never answers (a blackholed one, until the caller's deadline). */
export const never = () => new Promise<never>(() => {});

/** A host whose sshd refuses the connection: every batch fails at once, saying so. */
export const refused = (name: string) => async (): Promise<never> => {
	throw new Error(`deploy@${name}: connection refused (is sshd running there, on that port?)`);
};
