// The demo's PostgreSQL engine in a thread of its own (dist/demo/database-worker.js, started by
// database-server.ts): PGlite opens and runs queries synchronously for up to seconds at a time, and
// in the supervisor's main thread that would stall its port's answers while the engine starts.
// Messages: to the main thread {log}, {ready: port}, {failed: message}, {stopped}; from it {stop}.
import {parentPort, workerData} from 'node:worker_threads';
import type {PGlite} from '@electric-sql/pglite';
import {PGLiteSocketServer} from '@electric-sql/pglite-socket';
import {abandonSnapshotBuild, openDemoDatabase} from './database-snapshot.js';

const {dataDir, now} = workerData as {dataDir: string; now: number};
const port = parentPort!;
let engine: {db: PGlite; server: PGLiteSocketServer} | undefined;

port.on('message', (message: {stop?: true}) => {
	if (!message.stop) return;
	void (async () => {
		if (engine) {
			await engine.server.stop().catch(() => undefined);
			await engine.db.close().catch(() => undefined);
		} else abandonSnapshotBuild();
		port.postMessage({stopped: true});
	})();
});

try {
	const db = await openDemoDatabase(dataDir, new Date(now), line => port.postMessage({log: line}));
	// Several clients share one engine: the socket server queues their queries.
	const server = new PGLiteSocketServer({db, host: '127.0.0.1', port: 0, maxConnections: 16});
	await server.start();
	engine = {db, server};
	port.postMessage({ready: Number(server.getServerConn().split(':').pop())});
} catch (error) {
	port.postMessage({failed: error instanceof Error ? (error.stack ?? error.message) : String(error)});
}
