// Loopback ports chosen at run time: held open together while choosing, so the lab's parts never get the same one.
import net from 'node:net';

export async function freeLoopbackPorts(count: number): Promise<number[]> {
	const servers = await Promise.all(Array.from({length: count}, () => listenOnAnyPort()));
	const ports = servers.map(server => (server.address() as net.AddressInfo).port);
	await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))));
	return ports;
}

function listenOnAnyPort(): Promise<net.Server> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}
