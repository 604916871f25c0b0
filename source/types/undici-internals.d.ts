// The parts of undici pg-ops loads directly (adapters/undici-loader.ts): the files its index
// requires, typed as the index exports them.
declare module 'undici/lib/dispatcher/agent.js' {
	import type {Agent} from 'undici';
	const agent: typeof Agent;
	export default agent;
}
declare module 'undici/lib/dispatcher/dispatcher.js' {
	import type {Dispatcher} from 'undici';
	const dispatcher: typeof Dispatcher;
	export default dispatcher;
}
declare module 'undici/lib/api/index.js' {
	const api: object;
	export default api;
}
