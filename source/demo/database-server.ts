// The demo's PostgreSQL: PGlite (in memory) behind a loopback socket server, so the ordinary
// `pg` client and psql talk to it. Loaded only by the supervisor.
import {PGlite} from '@electric-sql/pglite';
import {PGLiteSocketServer} from '@electric-sql/pglite-socket';
import {demoDatabaseScript} from './seed-data.js';

export interface DatabaseServer {
	host: string;
	port: number;
	stop(): Promise<void>;
}

export async function startDatabaseServer(now: Date): Promise<DatabaseServer> {
	const db = await PGlite.create();
	await db.exec(demoDatabaseScript(now));
	// Several clients share one engine: the socket server queues their queries.
	const server = new PGLiteSocketServer({db, host: '127.0.0.1', port: 0, maxConnections: 16});
	await server.start();
	const port = Number(server.getServerConn().split(':').pop());
	return {
		host: '127.0.0.1',
		port,
		async stop() {
			await server.stop();
			await db.close();
		},
	};
}
