// The demo's PostgreSQL: PGlite on a data directory of the demo's own (database-snapshot.ts) behind a
// loopback socket server, so the ordinary `pg` client and psql talk to it; the engine runs in a
// thread of its own (database-worker.ts). Loaded only by the supervisor. Its port listens at once:
// while PGlite starts, every client is told what a real PostgreSQL says then (FATAL 57P03 "the
// database system is starting up"), so the demo's services and the console can start meanwhile and
// their panes say so; once PGlite is up, connections are carried to its socket server.
import net from 'node:net';
import {Worker} from 'node:worker_threads';
import {builtDemoScript} from './package-paths.js';

export interface DatabaseServer {
	host: string;
	port: number;
	/** Settles when PGlite answers queries (or failed to start). */
	ready: Promise<void>;
	stop(): Promise<void>;
}

const host = '127.0.0.1';

export async function startDatabaseServer(options: {
	dataDir: string;
	now: Date;
	log: (line: string) => void;
}): Promise<DatabaseServer> {
	let enginePort: number | undefined;
	const sockets = new Set<net.Socket>();
	const front = net.createServer(socket => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		if (enginePort !== undefined) carry(socket, enginePort);
		else answerStartingUp(socket);
	});
	await new Promise<void>((resolve, reject) => {
		front.once('error', reject);
		front.listen(0, host, () => resolve());
	});
	const port = (front.address() as net.AddressInfo).port;

	const worker = new Worker(builtDemoScript('database-worker'), {
		workerData: {dataDir: options.dataDir, now: options.now.getTime()},
	});
	let stopped: () => void = () => {};
	const ready = new Promise<void>((resolve, reject) => {
		worker.on('message', (message: {log?: string; ready?: number; failed?: string; stopped?: true}) => {
			if (message.log !== undefined) options.log(message.log);
			if (message.ready !== undefined) {
				enginePort = message.ready;
				resolve();
			}
			if (message.failed !== undefined)
				reject(new Error(`the demo database did not start: ${message.failed}`));
			if (message.stopped) stopped();
		});
		worker.once('error', reject);
		worker.once('exit', code => reject(new Error(`the demo database's thread ended (exit code ${code})`)));
	});
	ready.catch(() => undefined);

	return {
		host,
		port,
		ready,
		async stop() {
			front.close();
			for (const socket of sockets) socket.destroy();
			// The engine closes its data directory cleanly (or gives up a snapshot half made), then the thread ends.
			const done = new Promise<void>(resolve => (stopped = resolve));
			worker.postMessage({stop: true});
			await Promise.race([done, new Promise(resolve => setTimeout(resolve, 5000))]);
			await worker.terminate();
		},
	};
}

/** Joins a client's socket to PGlite's socket server, both ways. */
function carry(socket: net.Socket, port: number): void {
	const upstream = net.connect(port, host);
	upstream.on('error', () => socket.destroy());
	socket.on('close', () => upstream.destroy());
	upstream.on('close', () => socket.destroy());
	socket.pipe(upstream);
	upstream.pipe(socket);
}

const sslRequestCode = 80877103;
const cancelRequestCode = 80877102;

/**
 * Reads the client's start-up message and answers as PostgreSQL does while it starts: SSL refused
 * ('N', so the client goes on in plain text), then an ErrorResponse FATAL 57P03, and the end.
 */
function answerStartingUp(socket: net.Socket): void {
	let buffered = Buffer.alloc(0);
	socket.on('data', chunk => {
		buffered = Buffer.concat([buffered, chunk]);
		while (buffered.length >= 8) {
			const length = buffered.readInt32BE(0);
			if (buffered.length < length) return;
			const code = buffered.readInt32BE(4);
			buffered = buffered.subarray(length);
			if (code === sslRequestCode) {
				socket.write('N');
				continue;
			}
			if (code !== cancelRequestCode) socket.write(startingUpError());
			socket.end();
			return;
		}
	});
}

function startingUpError(): Buffer {
	const fields = Buffer.from(
		['SFATAL', 'VFATAL', 'C57P03', 'Mthe database system is starting up']
			.map(field => `${field}\0`)
			.join('') + '\0',
	);
	const header = Buffer.alloc(5);
	header.write('E', 0);
	header.writeInt32BE(4 + fields.length, 1);
	return Buffer.concat([header, fields]);
}
