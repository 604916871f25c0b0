// Resolves a secret from where the config says it lives: a local environment variable or a local
// command (a password manager). The value is never logged; errors name the source, never the value.
import {spawn} from 'node:child_process';
import {traced} from './trace.js';
import {afterFirstLoads} from './load-order.js';
import type {SecretSource} from '../core/config/schema.js';

export async function resolveSecret(
	source: SecretSource | {env?: string; command?: string},
	what: string,
	timeoutMs = 15_000,
): Promise<string> {
	if ('env' in source && source.env) {
		const value = process.env[source.env];
		if (value === undefined || value === '')
			throw new Error(
				`${what}: environment variable ${source.env} is not set (export it, or use command: to read it from a password manager)`,
			);
		return value;
	}
	if ('command' in source && source.command)
		return traced(`secret command (${what})`, runSecretCommand(source.command, what, timeoutMs));
	throw new Error(`${what}: no env or command configured`);
}

async function runSecretCommand(command: string, what: string, timeoutMs: number): Promise<string> {
	// Spawning holds up the thread: over SSH, once ssh2 has loaded and the handshake started (load-order.ts).
	await afterFirstLoads();
	return new Promise((resolve, reject) => {
		const child = spawn('/bin/sh', ['-c', command], {stdio: ['ignore', 'pipe', 'pipe']});
		let out = '';
		let err = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (err += c.toString()));
		child.on('error', e => reject(new Error(`${what}: could not run its command: ${e.message}`)));
		child.on('close', code => {
			clearTimeout(timer);
			const value = out.trim().split('\n')[0]?.trim() ?? '';
			if (code !== 0)
				return reject(
					new Error(
						`${what}: its command exited with ${code ?? 'a signal'}${err.trim() ? `: ${err.trim().split('\n')[0]}` : ''}`,
					),
				);
			if (!value) return reject(new Error(`${what}: its command printed nothing`));
			resolve(value);
		});
	});
}
