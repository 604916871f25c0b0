// A local listener on 127.0.0.1 (port chosen at run time) whose connections are carried to an
// address as a remote host sees it. pg and undici connect to it like to any server; the listener's
// port stays the same across SSH reconnects, so clients need no new settings.
import net from 'node:net';
import type {Duplex} from 'node:stream';

export class LocalTunnel {
	private readonly server: net.Server;
	private readonly sockets = new Set<net.Socket>();
	private listening?: Promise<number>;
	/** Why the last connection through the tunnel could not be carried (the SSH side's words). */
	lastError?: string;

	constructor(
		readonly description: string,
		private readonly open: () => Promise<Duplex>,
	) {
		this.server = net.createServer(socket => void this.carry(socket));
	}

	/** The local port, once listening. */
	port(): Promise<number> {
		this.listening ??= new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port));
		});
		return this.listening;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		if (this.listening) await new Promise<void>(resolve => this.server.close(() => resolve()));
	}

	private async carry(socket: net.Socket): Promise<void> {
		this.sockets.add(socket);
		socket.setNoDelay(true);
		socket.once('close', () => this.sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		try {
			const remote = await this.open();
			this.lastError = undefined;
			// The client may have given up while the channel opened: close the channel too.
			if (socket.destroyed) return void remote.destroy();
			remote.on('error', () => socket.destroy());
			remote.once('close', () => socket.destroy());
			socket.once('close', () => remote.destroy());
			socket.pipe(remote).pipe(socket);
		} catch (error) {
			// The client only sees its connection closed; the cause is kept for its error message.
			this.lastError = (error as Error).message;
			socket.destroy();
		}
	}
}
