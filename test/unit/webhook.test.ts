// The webhook adapter against a real HTTP server on 127.0.0.1: both formats, and every failure
// said without the URL (it carries its own token).
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {postWebhook} from '../../source/adapters/webhook.js';
import type {NotifyConfig} from '../../source/core/config/schema.js';

type Received = {path: string; headers: http.IncomingHttpHeaders; body: string};
let server: http.Server;
let base: string;
let received: Received[] = [];
let reply: (res: http.ServerResponse) => void = res => res.end('ok');

beforeAll(async () => {
	server = http.createServer((req, res) => {
		let body = '';
		req.on('data', c => (body += c));
		req.on('end', () => {
			received.push({path: req.url!, headers: req.headers, body});
			reply(res);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

afterEach(() => {
	received = [];
	reply = res => res.end('ok');
	delete process.env.PGOPS_TEST_WEBHOOK;
});

const token = 'T0KEN-s3cr3t-abc';
const notify = (format: 'slack' | 'json' = 'slack', timeoutSeconds = 10): NotifyConfig => ({
	webhook: {url: {env: 'PGOPS_TEST_WEBHOOK'}, format, timeoutSeconds},
});
const message = {text: 'restarting the orchestrator', env: 'demo', kind: 'incident' as const};

describe('postWebhook', () => {
	it('slack format: {"text": ...} as JSON', async () => {
		process.env.PGOPS_TEST_WEBHOOK = `${base}/hooks/${token}`;
		expect(await postWebhook(notify('slack'), message)).toEqual({ok: true, status: 200});
		expect(received).toHaveLength(1);
		expect(received[0]!.path).toBe(`/hooks/${token}`);
		expect(received[0]!.headers['content-type']).toBe('application/json');
		expect(JSON.parse(received[0]!.body)).toEqual({text: 'restarting the orchestrator'});
	});

	it("json format: pg-ops' own fields", async () => {
		process.env.PGOPS_TEST_WEBHOOK = `${base}/hooks/${token}`;
		expect((await postWebhook(notify('json'), {...message, kind: 'maintenance'})).ok).toBe(true);
		const body = JSON.parse(received[0]!.body);
		expect(body).toMatchObject({text: 'restarting the orchestrator', env: 'demo', kind: 'maintenance'});
		expect(Date.parse(body.at)).not.toBeNaN();
	});

	it('the URL can come from a local command (a password manager)', async () => {
		const outcome = await postWebhook(
			{
				webhook: {
					url: {command: `printf '%s\\n' '${base}/hooks/${token}'`},
					format: 'slack',
					timeoutSeconds: 10,
				},
			},
			message,
		);
		expect(outcome).toEqual({ok: true, status: 200});
	});

	it('failures say what happened, never the URL or its token', async () => {
		const outcomes: string[] = [];
		const error = async (config: NotifyConfig) => {
			const outcome = await postWebhook(config, message);
			expect(outcome.ok).toBe(false);
			const text = outcome.ok ? '' : outcome.error;
			outcomes.push(text);
			return text;
		};
		expect(await error(notify())).toBe(
			'webhook: PGOPS_TEST_WEBHOOK is not set (export it on this machine, or use url: {command: ...} to read it from a password manager)',
		);

		process.env.PGOPS_TEST_WEBHOOK = `${base}/hooks/${token}`;
		reply = res => {
			res.statusCode = 500;
			res.end(`no such hook ${token}`);
		};
		expect(await error(notify())).toBe('webhook: HTTP 500');

		reply = () => {}; // never answers
		expect(await error(notify('slack', 0.3))).toBe('webhook: timed out after 0.3s');

		const closed = http.createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise(resolve => closed.close(resolve));
		process.env.PGOPS_TEST_WEBHOOK = `http://127.0.0.1:${port}/hooks/${token}`;
		expect(await error(notify())).toBe('webhook: connection refused');

		process.env.PGOPS_TEST_WEBHOOK = `not a url ${token}`;
		expect(await error(notify())).toBe('webhook: the URL from PGOPS_TEST_WEBHOOK is not a URL');
		process.env.PGOPS_TEST_WEBHOOK = `ftp://example.invalid/${token}`;
		expect(await error(notify())).toBe('webhook: the URL from PGOPS_TEST_WEBHOOK is not an http(s) URL');

		expect(await error({webhook: {url: {command: 'exit 3'}, format: 'slack', timeoutSeconds: 10}})).toBe(
			'webhook: its command exited with 3',
		);
		for (const text of outcomes) {
			expect(text).not.toContain(token);
			expect(text).not.toContain('127.0.0.1');
		}
	});
});
