// A request that got no answer, in words: the service's HTTP client and the Prometheus client share
// the wording (adapters/http-client.ts) and differ only where Prometheus names things its own way.
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {describeNetworkError, HttpClient} from '../../source/adapters/http-client.js';
import {PrometheusClient} from '../../source/adapters/prometheus.js';

const coded = (code: string) => Object.assign(new Error(`raw ${code}`), {code});
const servers: http.Server[] = [];
const clients: Array<{close(): Promise<void>}> = [];

afterEach(async () => {
	await Promise.all(clients.splice(0).map(c => c.close()));
	for (const server of servers.splice(0)) server.closeAllConnections();
	await Promise.all(servers.map(s => new Promise(resolve => s.close(resolve))));
});

/** The URL of a port nothing listens on: one the system just gave out and that was closed again. */
async function closedPortUrl(): Promise<string> {
	const server = http.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return `http://127.0.0.1:${port}`;
}

/** A server on 127.0.0.1 that takes requests and never answers them. */
async function hungServerUrl(): Promise<string> {
	const server = http.createServer(() => {});
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('describeNetworkError', () => {
	it("names a timeout, the known codes (also when undici wraps them as the cause), else the error's own message", () => {
		expect(describeNetworkError(Object.assign(new Error('x'), {name: 'TimeoutError'}), 1500)).toBe(
			'no answer within 1.5s',
		);
		expect(describeNetworkError(coded('UND_ERR_HEADERS_TIMEOUT'), 2000)).toBe('no answer within 2s');
		expect(describeNetworkError(coded('ECONNREFUSED'), 1000)).toBe(
			'connection refused (is the service running?)',
		);
		expect(describeNetworkError(new Error('fetch failed', {cause: coded('ENOTFOUND')}), 1000)).toBe(
			'host not found',
		);
		expect(describeNetworkError(coded('UND_ERR_SOCKET'), 1000)).toBe('connection reset');
		expect(describeNetworkError(coded('EAI_AGAIN'), 1000)).toBe('raw EAI_AGAIN');
		expect(describeNetworkError('plain', 1000)).toBe('plain');
	});

	it("a client's own words come first; a code that is an Object property name is no word", () => {
		expect(describeNetworkError(coded('ECONNREFUSED'), 1000, {ECONNREFUSED: 'connection refused'})).toBe(
			'connection refused',
		);
		expect(describeNetworkError(coded('EAI_AGAIN'), 1000, {EAI_AGAIN: 'host not found'})).toBe(
			'host not found',
		);
		expect(describeNetworkError(coded('ENOTFOUND'), 1000, {EAI_AGAIN: 'host not found'})).toBe(
			'host not found',
		);
		expect(describeNetworkError(coded('toString'), 1000)).toBe('raw toString');
	});
});

describe('a request that got no answer', () => {
	it("the HTTP client: GET and the URL, the hint that the service may be down, the tunnel's own error", async () => {
		const closed = await closedPortUrl();
		const client = new HttpClient({
			baseUrl: closed,
			timeoutMs: 2000,
			explainFailure: () => 'app-1: connect ECONNREFUSED 10.0.0.9:8080',
		});
		clients.push(client);
		await expect(client.get('/healthz?probe=1')).rejects.toThrow(
			new Error(
				`GET ${closed}/healthz: connection refused (is the service running?) (through the SSH tunnel: app-1: connect ECONNREFUSED 10.0.0.9:8080)`,
			),
		);
	});

	it('Prometheus: named with its URL, a refused connection without the service hint', async () => {
		const closed = await closedPortUrl();
		const client = new PrometheusClient({url: closed, timeoutMs: 2000});
		clients.push(client);
		await expect(client.query('up')).rejects.toThrow(
			new Error(`Prometheus at ${closed} did not answer: connection refused`),
		);
	});

	it('both give up at their timeout and say so', async () => {
		const url = await hungServerUrl();
		const service = new HttpClient({baseUrl: url, timeoutMs: 300});
		const prometheus = new PrometheusClient({url, timeoutMs: 300});
		clients.push(service, prometheus);
		await expect(service.get('/healthz')).rejects.toThrow(
			new Error(`GET ${url}/healthz: no answer within 0.3s`),
		);
		await expect(prometheus.query('up')).rejects.toThrow(
			new Error(`Prometheus at ${url} did not answer: no answer within 0.3s`),
		);
	});
});
