// undici is loaded on the first request, not when a runtime is built: a command that makes no HTTP
// request never compiles it, and one that does loads it while its SSH connection is being set up.
// Only its HTTP client is loaded (the Agent and the request API): the package's index also loads
// fetch, WebSocket, the HTTP cache and the mocks, which doubles what every start compiles.
import {setFlagsFromString} from 'node:v8';
import type {Agent, Dispatcher} from 'undici';
import {traced} from './trace.js';
import {afterFirstLoads} from './load-order.js';

type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
	method?: Dispatcher.HttpMethod;
	dispatcher?: Dispatcher;
};

export type UndiciClient = {
	Agent: typeof Agent;
	/** undici's request(url, options): on `options.dispatcher`, else on one Agent shared by this process. */
	request(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData>;
};

let loading: Promise<UndiciClient> | undefined;

export function loadUndici(): Promise<UndiciClient> {
	return (loading ??= traced(
		'http: undici load',
		(async () => {
			// undici parses HTTP with llhttp, compiled to WebAssembly when the first connection opens. V8
			// compiles it at once with its baseline compiler, then again optimised on a background thread,
			// and Node waits for that thread before a process exits: up to a second after a short command
			// (status, run) had printed everything. The baseline code parses the few small answers pg-ops
			// reads as well. Only this process's WebAssembly is concerned: the demo's PGlite runs in
			// processes of its own.
			setFlagsFromString('--liftoff-only');
			// Over SSH, after ssh2: the handshake goes first (load-order.ts).
			await afterFirstLoads();
			const [agent, dispatcher, api] = await Promise.all([
				import('undici/lib/dispatcher/agent.js'),
				import('undici/lib/dispatcher/dispatcher.js'),
				import('undici/lib/api/index.js'),
			]);
			const AgentClass = exportsOf<typeof Agent>(agent);
			// What undici's index does: the request API is a mixin of every dispatcher.
			Object.assign(exportsOf<typeof Dispatcher>(dispatcher).prototype, exportsOf<object>(api));
			let shared: Dispatcher | undefined;
			return {
				Agent: AgentClass,
				request(url, options) {
					const target = new URL(url);
					const on = options.dispatcher ?? (shared ??= new AgentClass());
					return on.request({
						...options,
						origin: target.origin,
						path: target.pathname + target.search,
						method: options.method ?? 'GET',
					});
				},
			};
		})(),
	));
}

// CommonJS imported dynamically: Node and the bundle both give its exports as the default export.
function exportsOf<T>(module: unknown): T {
	return ((module as {default?: T}).default ?? module) as T;
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
