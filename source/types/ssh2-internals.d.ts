// The parts of ssh2 pg-ops loads directly (adapters/ssh/ssh2-loader.ts): the files its index
// requires, typed as the index exports them.
declare module 'ssh2/lib/client.js' {
	import type {Client} from 'ssh2';
	const client: typeof Client;
	export default client;
}
declare module 'ssh2/lib/protocol/keyParser.js' {
	import type {utils} from 'ssh2';
	const keyParser: {parseKey: typeof utils.parseKey};
	export default keyParser;
}
