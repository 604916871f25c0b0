// ssh2 is loaded when the first connection is made, not when a runtime is built, and before
// anything that waits for the connection (load-order.ts).
import {loadFirst} from '../load-order.js';

type Ssh2 = typeof import('ssh2');

let loading: Promise<Ssh2> | undefined;

export function loadSsh2(): Promise<Ssh2> {
	// CommonJS: imported dynamically, Node and the bundle both give its exports as the default export.
	return (loading ??= loadFirst(
		import('ssh2').then(module => ((module as {default?: Ssh2}).default ?? module) as Ssh2),
	));
}
