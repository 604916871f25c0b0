// ssh2 is loaded when the first connection is made, not when a runtime is built, and before
// anything that waits for the connection (load-order.ts). Only its client and key parser: the
// package's index also loads its SSH server, key generator and HTTP agents, which pg-ops never uses.
import type {Client, utils} from 'ssh2';
import {loadFirst} from '../load-order.js';

export type Ssh2 = {Client: typeof Client; utils: {parseKey: typeof utils.parseKey}};

let loading: Promise<Ssh2> | undefined;

export function loadSsh2(): Promise<Ssh2> {
	return (loading ??= loadFirst(
		Promise.all([import('ssh2/lib/client.js'), import('ssh2/lib/protocol/keyParser.js')]).then(
			([client, keyParser]) => ({
				Client: exportsOf<typeof Client>(client),
				utils: {parseKey: exportsOf<{parseKey: typeof utils.parseKey}>(keyParser).parseKey},
			}),
		),
	));
}

// CommonJS imported dynamically: Node and the bundle both give its exports as the default export.
function exportsOf<T>(module: unknown): T {
	return ((module as {default?: T}).default ?? module) as T;
}
