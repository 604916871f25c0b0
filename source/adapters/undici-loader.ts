// undici is loaded on the first request, not when a runtime is built: a command that makes no HTTP
// request never compiles it, and one that does loads it while its SSH connection is being set up.
import type {Agent, Dispatcher} from 'undici';

type Undici = typeof import('undici');

let loading: Promise<Undici> | undefined;

export function loadUndici(): Promise<Undici> {
	// CommonJS: imported dynamically, Node and the bundle both give its exports as the default export.
	return (loading ??= import('undici').then(
		module => ((module as {default?: Undici}).default ?? module) as Undici,
	));
}

/** A connection pool made on first use; close() closes it only if it was made. */
export class LazyAgent {
	private agent?: Promise<Dispatcher>;

	constructor(private readonly options: Agent.Options) {}

	get(): Promise<Dispatcher> {
		return (this.agent ??= loadUndici().then(undici => new undici.Agent(this.options)));
	}

	async close(): Promise<void> {
		if (this.agent) await (await this.agent).close();
	}
}
