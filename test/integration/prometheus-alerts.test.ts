// Alerts read from a real Prometheus evaluating real alert rules (one firing at once, one pending
// for an hour, one never true), and from a real Alertmanager's /api/v2/alerts that a second real
// Prometheus sends its firing alerts to (one of them silenced, one inhibited). Both are Debian's
// packages (`npm run lab -- prerequisites` installs them); each server runs on 127.0.0.1 at a port
// picked at run time, in a temp dir of its own, and is stopped after the file even when it fails.
import {existsSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PrometheusClient} from '../../source/adapters/prometheus.js';
import type {AlertItem} from '../../source/core/parsers/alerts-json.js';
import {environmentSchema} from '../../source/core/config/schema.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {formatStatusText} from '../../source/core/format/status-text.js';
import {
	type AlertServer,
	alertmanagerBinary,
	apiJson,
	prometheusBinary,
	startAlertmanager,
	startPrometheus,
} from '../support/alert-servers.js';

const prometheusSkip = existsSync(prometheusBinary) ? false : `${prometheusBinary} is not installed`;
const alertmanagerSkip =
	prometheusSkip || (existsSync(alertmanagerBinary) ? false : `${alertmanagerBinary} is not installed`);
if (prometheusSkip) console.warn(`skipping the real Prometheus alerts tests: ${prometheusSkip}`);
else if (alertmanagerSkip) console.warn(`skipping the real Alertmanager alerts test: ${alertmanagerSkip}`);

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

describe.skipIf(Boolean(prometheusSkip) && !process.env.CI)('alerts from a real Prometheus', () => {
	let prometheus: AlertServer | undefined;
	let client: PrometheusClient;

	beforeAll(async () => {
		prometheus = await startPrometheus({rules});
		client = new PrometheusClient({url: prometheus.url, timeoutMs: 2000});
		// Ready once the rules have been evaluated: both alerts are there.
		await until(
			async () => (await client.alerts('prometheus').catch(() => [])).length === 2,
			'both alerts evaluated',
			prometheus,
		);
	}, 120_000);

	afterAll(async () => {
		await client?.close();
		await prometheus?.stop();
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

// Sent by Prometheus to Alertmanager: every rule fires at once except QueuePending (pending for an
// hour, so never sent). Silenced gets a silence through Alertmanager's API; Inhibited is inhibited by
// ApiDown (an inhibit rule). ApiDown has a description and no summary, as some teams write them.
const sentRules = [
	'groups:',
	'  - name: pg-ops-alertmanager-test',
	'    rules:',
	'      - alert: DiskFilling',
	'        expr: vector(1)',
	'        labels: {severity: warning, instance: app-1}',
	'        annotations: {summary: "disk / 91% full"}',
	'      - alert: ApiDown',
	'        expr: vector(1)',
	'        labels: {severity: page}',
	'        annotations: {description: "api answers 503 \\u001b[2Jnow"}',
	'      - alert: Silenced',
	'        expr: vector(1)',
	'        labels: {severity: critical}',
	'      - alert: Inhibited',
	'        expr: vector(1)',
	'        labels: {severity: critical}',
	'      - alert: QueuePending',
	'        expr: vector(1)',
	'        for: 1h',
	'        labels: {severity: warning}',
	'',
].join('\n');

type AlertmanagerAlert = {
	labels: Record<string, string>;
	startsAt: string;
	status: {state: string; silencedBy: string[]; inhibitedBy: string[]};
};

describe.skipIf(Boolean(alertmanagerSkip) && !process.env.CI)(
	'alerts from a real Alertmanager (/api/v2/alerts), sent by a real Prometheus',
	() => {
		let alertmanager: AlertServer | undefined;
		let prometheus: AlertServer | undefined;
		let client: PrometheusClient;
		let silenceId: string;
		const raw = async () => (await apiJson(`${alertmanager!.url}/api/v2/alerts`)) as AlertmanagerAlert[];
		const stateOf = (alerts: AlertmanagerAlert[], name: string) =>
			alerts.find(a => a.labels.alertname === name)?.status;

		beforeAll(async () => {
			alertmanager = await startAlertmanager({
				inhibitRules: [
					"  - {source_matchers: ['alertname=ApiDown'], target_matchers: ['alertname=Inhibited']}",
				],
			});
			const now = Date.now();
			({silenceID: silenceId} = (await apiJson(`${alertmanager.url}/api/v2/silences`, {
				matchers: [{name: 'alertname', value: 'Silenced', isRegex: false, isEqual: true}],
				startsAt: new Date(now - 60_000).toISOString(),
				endsAt: new Date(now + 3_600_000).toISOString(),
				createdBy: 'pg-ops tests',
				comment: 'silenced by the test',
			})) as {silenceID: string});
			prometheus = await startPrometheus({rules: sentRules, alertmanager: alertmanager.url});
			client = new PrometheusClient({url: alertmanager.url, timeoutMs: 2000});
			// Ready once all four firing alerts arrived and the silence and the inhibition apply to theirs.
			await until(
				async () => {
					const alerts = await raw().catch(() => []);
					return (
						alerts.length === 4 &&
						stateOf(alerts, 'Silenced')?.state === 'suppressed' &&
						stateOf(alerts, 'Inhibited')?.state === 'suppressed'
					);
				},
				'four alerts in Alertmanager, two of them suppressed',
				prometheus,
				alertmanager,
			);
		}, 150_000);

		afterAll(async () => {
			await client?.close();
			await prometheus?.stop();
			await alertmanager?.stop();
		});

		it('Alertmanager holds what Prometheus fired: a silenced and an inhibited alert suppressed, the pending one never sent', async () => {
			const alerts = await raw();
			expect(alerts.map(a => a.labels.alertname).sort()).toEqual([
				'ApiDown',
				'DiskFilling',
				'Inhibited',
				'Silenced',
			]);
			expect(stateOf(alerts, 'Silenced')).toEqual({
				state: 'suppressed',
				silencedBy: [silenceId],
				inhibitedBy: [],
			});
			expect(stateOf(alerts, 'Inhibited')).toMatchObject({state: 'suppressed', silencedBy: []});
			expect(stateOf(alerts, 'Inhibited')!.inhibitedBy).toHaveLength(1);
			expect(stateOf(alerts, 'ApiDown')).toEqual({state: 'active', silencedBy: [], inhibitedBy: []});
		});

		it('pg-ops shows the active ones as firing, worst first, with severity, since and summary; suppressed ones left out', async () => {
			const alerts: AlertItem[] = await client.alerts('alertmanager');
			expect(alerts.map(a => [a.name, a.state, a.severity, a.level])).toEqual([
				['ApiDown', 'firing', 'page', 'critical'],
				['DiskFilling', 'firing', 'warning', 'warning'],
			]);
			// No summary: the description is shown, its escape made visible, never sent to the terminal.
			expect(alerts[0]!.summary).toMatch(/^api answers 503 .*now$/);
			expect(alerts[0]!.summary).not.toContain('\u001b');
			expect(alerts[1]!.summary).toBe('disk / 91% full');
			expect(alerts[1]!.labels).toMatchObject({instance: 'app-1'});
			// since is Alertmanager's startsAt: when Prometheus fired it, during this file.
			const raws = await raw();
			for (const alert of alerts) {
				expect(alert.since).toBe(raws.find(a => a.labels.alertname === alert.name)!.startsAt);
				expect(Date.parse(alert.since!)).toBeGreaterThan(Date.now() - 300_000);
				expect(Date.parse(alert.since!)).toBeLessThanOrEqual(Date.now());
			}
		});

		it('status reads the Alerts pane of an environment from the same Alertmanager', async () => {
			const env = {
				...environmentSchema.parse({transport: 'local', alerts: {alertmanager: {url: alertmanager!.url}}}),
				name: 'ml',
			};
			const {report, panes} = await collectStatus(env);
			expect(report.panes.alerts.status).toBe('critical');
			expect((report.panes.alerts.items as AlertItem[]).map(a => `${a.name} ${a.state}`)).toEqual([
				'ApiDown firing',
				'DiskFilling firing',
			]);
			const text = formatStatusText({
				env: 'ml',
				host: 'local',
				status: report.status,
				panes,
				now: Date.now(),
			});
			expect(text).toMatch(/Alerts: CRITICAL/);
			expect(text).toMatch(/ApiDown\s+firing\s+page/);
			expect(text).not.toMatch(/Silenced|Inhibited|QueuePending/);
		});
	},
);

/** Polls an async condition with a generous deadline; the servers' logs go into the error. */
async function until(check: () => Promise<boolean>, what: string, ...servers: AlertServer[]): Promise<void> {
	const deadline = Date.now() + 90_000;
	while (!(await check())) {
		if (Date.now() > deadline)
			throw new Error(
				`timed out after 90s waiting for ${what}: ${servers.map(s => s.log().slice(-500)).join(' | ')}`,
			);
		await new Promise(resolve => setTimeout(resolve, 250));
	}
}
