// Issue 11 items 2 and 14 at the HTTP boundary, against real servers on 127.0.0.1: an answer far
// larger than the clients read (streamed without a length, or announcing one) fails the request
// with a clear error after at most the cap has arrived, and the server sees its connection closed;
// a webhook that answers gigabytes costs 64 KiB; strings in a JSON answer (the ops service's,
// Prometheus') reach pg-ops with their escapes visible.
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {HttpClient, maxHttpBodyBytes} from '../../source/adapters/http-client.js';
import {PrometheusClient} from '../../source/adapters/prometheus.js';
import {postWebhook} from '../../source/adapters/webhook.js';

const servers: http.Server[] = [];
const clients: Array<{close(): Promise<void>}> = [];

afterEach(async () => {
	await Promise.all(clients.splice(0).map(c => c.close()));
	for (const server of servers.splice(0)) server.closeAllConnections();
	await Promise.all(servers.map(s => new Promise(resolve => s.close(resolve))));
	delete process.env.PGOPS_TEST_HOSTILE_WEBHOOK;
});

/** Bytes the server managed to write before the client hung up, per request. */
type Sent = {bytes: number; closed: Promise<void>};

async function serve(
	handler: (res: http.ServerResponse, sent: Sent) => void,
): Promise<{url: string; sent: Sent[]}> {
	const sent: Sent[] = [];
	const server = http.createServer((req, res) => {
		req.resume();
		let done!: () => void;
		const record: Sent = {bytes: 0, closed: new Promise(resolve => (done = resolve))};
		sent.push(record);
		res.on('close', () => done());
		handler(res, record);
	});
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent};
}

/** Writes 1 MiB chunks until the client stops reading (or `total` is reached). */
function flood(res: http.ServerResponse, sent: Sent, total = 450 * 1024 * 1024): void {
	const chunk = Buffer.alloc(1024 * 1024, 'x');
	const write = () => {
		while (sent.bytes < total && !res.destroyed) {
			sent.bytes += chunk.length;
			if (!res.write(chunk)) return void res.once('drain', write);
		}
		res.end();
	};
	write();
}

describe('answers larger than pg-ops reads', () => {
	it('a 450 MB answer without a length: the request fails once the cap has arrived, the connection is closed', async () => {
		const {url, sent} = await serve((res, record) => {
			res.writeHead(200, {'content-type': 'application/json'});
			flood(res, record);
		});
		const client = new HttpClient({baseUrl: url, timeoutMs: 60_000});
		clients.push(client);
		await expect(client.get('/ops/model-health')).rejects.toThrow(
			`GET ${url}/ops/model-health: the answer is larger than 8 MiB, the most pg-ops reads from one request (is it the right URL?)`,
		);
		await sent[0]!.closed;
		// What was written before the close: the cap and what the socket buffers held, far from 450 MB.
		expect(sent[0]!.bytes).toBeLessThan(maxHttpBodyBytes + 32 * 1024 * 1024);
	});

	it('an answer announcing 450 MB is refused before its body is read', async () => {
		const {url} = await serve(res => {
			res.writeHead(200, {'content-type': 'application/json', 'content-length': String(450 * 1024 * 1024)});
			res.write('{');
		});
		const client = new HttpClient({baseUrl: url, timeoutMs: 60_000});
		clients.push(client);
		await expect(client.get('/ops/jobs')).rejects.toThrow('the answer is larger than 8 MiB');
	});

	it('Prometheus: the same, with its own cap and name', async () => {
		const {url, sent} = await serve((res, record) => {
			res.writeHead(200, {'content-type': 'application/json'});
			flood(res, record);
		});
		const client = new PrometheusClient({url, timeoutMs: 60_000, maxBodyBytes: 1024 * 1024});
		clients.push(client);
		await expect(client.query('up')).rejects.toThrow(
			`Prometheus at ${url}: the answer is larger than 1 MiB, the most pg-ops reads from one request`,
		);
		await sent[0]!.closed;
	});

	it('a webhook answering 450 MB: the message is posted, the answer read no further than 64 KiB', async () => {
		const {url, sent} = await serve((res, record) => {
			res.writeHead(200);
			flood(res, record);
		});
		process.env.PGOPS_TEST_HOSTILE_WEBHOOK = url;
		const outcome = await postWebhook(
			{webhook: {url: {env: 'PGOPS_TEST_HOSTILE_WEBHOOK'}, format: 'slack', timeoutSeconds: 30}},
			{text: 'hello', env: 'demo', kind: 'incident'},
		);
		expect(outcome).toEqual({ok: true, status: 200});
		await sent[0]!.closed;
		expect(sent[0]!.bytes).toBeLessThan(32 * 1024 * 1024);
	});
});

describe('strings in JSON answers', () => {
	it("the ops service's: every string, keys too, arrives with its escapes visible", async () => {
		const {url} = await serve(res => {
			res.writeHead(200, {'content-type': 'application/json'});
			res.end(
				JSON.stringify({
					pipeline_blockers: ['\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2gK\u0007ok'],
					jobs_freshness: {'job\u001b[8m': {stale: false}},
				}),
			);
		});
		const client = new HttpClient({baseUrl: url, timeoutMs: 10_000});
		clients.push(client);
		const answer = await client.get('/ops/model-health');
		expect(answer.body).toEqual({
			pipeline_blockers: ['␛]52;c;Y3VybCBldmlsLnNoIHwgc2gK␇ok'],
			jobs_freshness: {'job␛[8m': {stale: false}},
		});
		expect(answer.text).not.toContain('\u001b'); // the raw JSON escapes stay text: \u001b
	});

	it("Prometheus' error text arrives visible in the error", async () => {
		const {url} = await serve(res => {
			res.writeHead(400, {'content-type': 'application/json'});
			res.end(
				JSON.stringify({status: 'error', errorType: 'bad_data', error: 'parse error \u001b]0;pwned\u0007'}),
			);
		});
		const client = new PrometheusClient({url, timeoutMs: 10_000});
		clients.push(client);
		await expect(client.query('up')).rejects.toThrow('bad query: parse error ␛]0;pwned␇');
	});
});
