// Alerts read from a real Prometheus evaluating real alert rules (one firing at once, one pending
// for an hour, one never true), and from an Alertmanager's /api/v2/alerts answer (a stand-in server
// with Alertmanager's documented shape: the Debian package is not installed here).
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PrometheusClient} from '../../source/adapters/prometheus.js';
import type {AlertItem} from '../../source/core/parsers/alerts-json.js';
import {environmentSchema} from '../../source/core/config/schema.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {formatStatusText} from '../../source/core/format/status-text.js';

const prometheusBinary = '/usr/bin/prometheus';
const realSkip = existsSync(prometheusBinary) ? false : `${prometheusBinary} is not installed`;
if (realSkip) console.warn(`skipping the real Prometheus alerts test: ${realSkip}`);

const rules = [
	'groups:',
	'  - name: pg-ops-test',
	'    rules:',
	'      - alert: ModelServingDown',
	'        expr: vector(1)',
	'        labels: {severity: critical}',
	'        annotations: {summary: "the model server answers no /ready"}',
	'      - alert: QueueGrowing',
	'        expr: vector(1)',
	'        for: 1h',
	'        labels: {severity: warning}',
	'        annotations: {summary: "jobs queue above 100 \\u001b[31mfor 10m"}',
	'      - alert: NeverTrue',
	'        expr: vector(1) < 0',
	'        labels: {severity: critical}',
	'',
].join('\n');

describe.skipIf(Boolean(realSkip) && !process.env.CI)('alerts from a real Prometheus', () => {
	let dir: string;
	let prometheus: ChildProcess | undefined;
	let client: PrometheusClient;
	let log = '';

	beforeAll(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-alerts-'));
		writeFileSync(path.join(dir, 'rules.yml'), rules);
		writeFileSync(
			path.join(dir, 'prometheus.yml'),
			['global: {evaluation_interval: 1s}', `rule_files: ['${path.join(dir, 'rules.yml')}']`, ''].join('\n'),
		);
		const port = await freePort();
		prometheus = spawn(
			prometheusBinary,
			[
				`--config.file=${path.join(dir, 'prometheus.yml')}`,
				`--storage.tsdb.path=${path.join(dir, 'data')}`,
				`--web.listen-address=127.0.0.1:${port}`,
				'--log.level=warn',
			],
			{stdio: ['ignore', 'pipe', 'pipe']},
		);
		prometheus.stdout!.on('data', chunk => void (log += chunk));
		prometheus.stderr!.on('data', chunk => void (log += chunk));
		client = new PrometheusClient({url: `http://127.0.0.1:${port}`, timeoutMs: 2000});
		// Ready once the rules have been evaluated: both alerts are there.
		const deadline = Date.now() + 45_000;
		for (;;) {
			if (prometheus.exitCode !== null) throw new Error(`prometheus exited: ${log.slice(-500)}`);
			const alerts = await client.alerts('prometheus').catch(() => []);
			if (alerts.length === 2) break;
			if (Date.now() > deadline) throw new Error(`no alerts evaluated within 45s: ${log.slice(-500)}`);
			await new Promise(resolve => setTimeout(resolve, 250));
		}
	}, 60_000);

	afterAll(async () => {
		await client?.close();
		if (prometheus && prometheus.exitCode === null) {
			const exited = new Promise(resolve => prometheus!.once('exit', resolve));
			prometheus.kill('SIGTERM');
			await exited;
		}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('firing before pending, worst first, with severity, since and summary; inactive rules left out', async () => {
		const alerts = await client.alerts('prometheus');
		expect(alerts.map(a => [a.name, a.state, a.severity, a.level])).toEqual([
			['ModelServingDown', 'firing', 'critical', 'critical'],
			['QueueGrowing', 'pending', 'warning', 'ok'],
		]);
		expect(alerts[0]!.summary).toBe('the model server answers no /ready');
		expect(Date.parse(alerts[0]!.since!)).toBeGreaterThan(Date.now() - 120_000);
		// Text from the server is made visible, never emitted: the escape in the rule's summary is shown, not sent.
		expect(alerts[1]!.summary).not.toContain('\u001b');
	});

	it('the Alerts pane and PromQL checks of an environment, read by status from the same Prometheus', async () => {
		const env = {
			...environmentSchema.parse({
				transport: 'local',
				alerts: {prometheus: {url: client.options.url}},
				checks: [
					{name: 'queue', prometheus: 'vector(150)', thresholds: {above: {warn: 100, crit: 1000}}},
					{
						name: 'replicas',
						prometheus:
							'label_replace(vector(1), "slot", "blue", "", "") or label_replace(vector(3), "slot", "green", "", "")',
						thresholds: {below: {warn: 2, crit: 0}},
					},
					{name: 'nothing', prometheus: 'absent(vector(1))', thresholds: {above: {warn: 1, crit: 2}}},
				],
			}),
			name: 'ml',
		};
		const {report, panes} = await collectStatus(env);
		expect(report.panes.alerts.status).toBe('critical');
		expect((report.panes.alerts.items as AlertItem[]).map(a => `${a.name} ${a.state}`)).toEqual([
			'ModelServingDown firing',
			'QueueGrowing pending',
		]);
		expect(report.panes.checks.items).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					name: 'queue',
					level: 'warning',
					value: '150',
					message: 'value 150 (>=100)',
				}),
				expect.objectContaining({name: 'replicas', series: '{slot="blue"}', level: 'warning', value: '1'}),
				expect.objectContaining({name: 'replicas', series: '{slot="green"}', level: 'ok', value: '3'}),
				expect.objectContaining({
					name: 'nothing',
					level: 'critical',
					message: 'no data: the query returned no series',
				}),
			]),
		);
		expect(report.status).toBe('unhealthy');
		const text = formatStatusText({env: 'ml', host: 'local', status: report.status, panes, now: Date.now()});
		expect(text).toMatch(/Alerts: CRITICAL/);
		expect(text).toMatch(/ModelServingDown\s+firing\s+critical/);
	});

	it('an Alertmanager path on a Prometheus is a clear error, not an empty list', async () => {
		await expect(client.alerts('alertmanager')).rejects.toThrow(
			/Alertmanager at http:\/\/127\.0\.0\.1:\d+ answered HTTP 404/,
		);
	});
});

describe('alerts from an Alertmanager (/api/v2/alerts)', () => {
	it('active alerts are firing, suppressed ones left out, worst first', async () => {
		// A stand-in answering with Alertmanager's documented shape (prometheus-alertmanager is not installed here).
		const body = [
			{
				labels: {alertname: 'DiskFilling', severity: 'warning', instance: 'app-1'},
				annotations: {summary: 'disk / 91% full'},
				startsAt: '2026-12-04T10:00:00.000Z',
				status: {state: 'active', silencedBy: [], inhibitedBy: []},
			},
			{
				labels: {alertname: 'ApiDown', severity: 'page'},
				annotations: {description: 'api answers 503'},
				startsAt: '2026-12-04T11:00:00.000Z',
				status: {state: 'active', silencedBy: [], inhibitedBy: []},
			},
			{
				labels: {alertname: 'Silenced', severity: 'critical'},
				annotations: {},
				startsAt: '2026-12-04T09:00:00.000Z',
				status: {state: 'suppressed', silencedBy: ['x'], inhibitedBy: []},
			},
		];
		const server = http.createServer((request, response) => {
			if (request.url !== '/api/v2/alerts') return void response.writeHead(404).end();
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(body));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const client = new PrometheusClient({
			url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
			timeoutMs: 2000,
		});
		try {
			const alerts: AlertItem[] = await client.alerts('alertmanager');
			expect(alerts.map(a => [a.name, a.state, a.level, a.summary])).toEqual([
				['ApiDown', 'firing', 'critical', 'api answers 503'],
				['DiskFilling', 'firing', 'warning', 'disk / 91% full'],
			]);
		} finally {
			await client.close();
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		}
	});
});

async function freePort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}
