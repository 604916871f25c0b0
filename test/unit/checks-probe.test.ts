// The Checks pane read for real on a local environment: command checks in the host's batch (exit-code
// maps, output, a time limit of their own, an interval of their own), two health paths and a JSON
// field over HTTP from a server on 127.0.0.1; status' verdict and exit code; a fleet's merge.
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runRefresh} from '../../source/engine/refresh.js';
import {mergeChecks} from '../../source/core/checks/merge.js';
import {exitCodes} from '../../source/core/policy/overall.js';
import type {CheckItem} from '../../source/core/checks/evaluate.js';

let server: http.Server;
let baseUrl: string;
let ready = false;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const json = (status: number, body: unknown) => {
			res.writeHead(status, {'content-type': 'application/json'});
			res.end(JSON.stringify(body));
		};
		if (req.url === '/health') return json(200, {ok: true});
		if (req.url === '/ready') return json(ready ? 200 : 503, {ready});
		if (req.url === '/ops/verify')
			return json(200, {model: {sha: 'abc1234'}, deployed: {sha: ready ? 'abc1234' : 'old9999'}});
		json(404, {});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

const env = (checks: unknown[]) => ({
	...environmentSchema.parse({transport: 'local', http: {baseUrl}, checks}),
	name: 'local',
});

const byName = (items: unknown[]) =>
	Object.fromEntries((items as CheckItem[]).map(i => [i.name, i])) as Record<string, CheckItem>;

describe('the Checks pane on a local environment', () => {
	it('a daily script exit 2 is unhealthy (exit 2); /ready failing beside /health is critical; the JSON field compared', async () => {
		ready = false;
		const {report} = await collectStatus(
			env([
				{
					name: 'daily',
					command: "echo 'insufficient data: 2 of 5 sources'; exit 2",
					exitCodes: {0: 'ok', 1: 'critical', 2: 'warning'},
					showOutput: true,
				},
				{name: 'health', http: '/health'},
				{name: 'ready', http: '/ready'},
				{name: 'model', http: '/ops/verify', field: 'model.sha', equalsField: 'deployed.sha'},
			]),
		);
		const items = byName(report.panes.checks.items);
		expect(items.daily).toMatchObject({
			level: 'warning',
			value: 'exit 2',
			message: 'insufficient data: 2 of 5 sources',
		});
		expect(items.health).toMatchObject({level: 'ok', value: '200'});
		expect(items.ready).toMatchObject({level: 'critical', message: 'HTTP 503, expected 2xx'});
		expect(items.model).toMatchObject({
			level: 'critical',
			message: 'model.sha is abc1234, deployed.sha is old9999',
		});
		expect(report.panes.checks.status).toBe('critical');
		expect(exitCodes[report.status]).toBe(2);

		ready = true;
		const again = await collectStatus(
			env([
				{name: 'ready', http: '/ready'},
				{name: 'model', http: '/ops/verify', field: 'model.sha', equalsField: 'deployed.sha'},
			]),
		);
		expect(again.report.status).toBe('healthy');
		expect(exitCodes[again.report.status]).toBe(0);
	});

	it('a code the map does not list, a missing command and a check past its own limit are critical, each saying why', async () => {
		const {report} = await collectStatus(
			env([
				{name: 'odd', command: 'exit 7', exitCodes: {0: 'ok'}},
				{name: 'missing', command: 'no-such-check-command-here'},
				{name: 'slow', command: 'sleep 5', timeoutSeconds: 1},
			]),
		);
		const items = byName(report.panes.checks.items);
		expect(items.odd).toMatchObject({level: 'critical', message: 'an exit code its map does not list'});
		expect(items.missing).toMatchObject({level: 'critical', message: 'command not found on the host'});
		expect(items.slow).toMatchObject({
			level: 'critical',
			value: 'exit 124',
			message: 'timed out on the host',
		});
	});

	it('a check with its own interval runs once while it is not due; the others every refresh', async () => {
		const runtime = createRuntime(
			env([
				{name: 'hourly', command: 'date +%s%N', everySeconds: 3600, showOutput: true},
				{name: 'each', command: 'date +%s%N', showOutput: true},
			]),
		);
		const read = async () => {
			let items: CheckItem[] = [];
			await runRefresh(runtime, {
				onPane: r => {
					if (r.pane === 'checks') items = (r.data as {items: CheckItem[]}).items;
				},
			});
			return byName(items);
		};
		try {
			const first = await read();
			const second = await read();
			expect(second.hourly!.message).toBe(first.hourly!.message);
			expect(second.hourly!.at).toBe(first.hourly!.at);
			expect(second.each!.message).not.toBe(first.each!.message);
		} finally {
			await runtime.close();
		}
	});

	it('a fleet: each host check per host, worst host first; an unreachable host makes it at least a warning', () => {
		const item = (name: string, level: CheckItem['level']): CheckItem => ({name, level, message: level});
		const merged = mergeChecks(
			[
				{host: 'app-1', state: 'fresh', value: [item('daily', 'ok')]},
				{host: 'app-2', state: 'fresh', value: [item('daily', 'critical')]},
				{host: 'app-3', state: 'failed', error: 'connection refused'},
			],
			{ok: true, value: [item('ready', 'ok')]},
			true,
		);
		expect(merged!.data!.items.map(i => `${i.name}@${i.host ?? 'env'}:${i.level}`)).toEqual([
			'daily@app-2:critical',
			'daily@app-1:ok',
			'ready@env:ok',
		]);
		expect(merged!.status).toBe('critical');
		const quiet = mergeChecks(
			[
				{host: 'app-1', state: 'fresh', value: [item('daily', 'ok')]},
				{host: 'app-3', state: 'failed', error: 'connection refused'},
			],
			undefined,
			true,
		);
		expect(quiet!.status).toBe('warning');
	});
});
