// Firing and pending alerts, from a Prometheus server's /api/v1/alerts ({status, data: {alerts}})
// or an Alertmanager's /api/v2/alerts (a list; Alertmanager only holds firing ones), as the Alerts
// pane shows them: name, severity, state, since, summary; worst first.
import {z} from 'zod';
import type {Level} from '../levels.js';
import {describeJsonMismatch} from './json-shape.js';

export type AlertState = 'firing' | 'pending';
export type AlertItem = {
	name: string;
	severity?: string;
	state: AlertState;
	/** ISO time it became active (Prometheus' activeAt, Alertmanager's startsAt). */
	since?: string;
	summary?: string;
	labels: Record<string, string>;
	level: Level;
};

const labels = z.record(z.string(), z.string());
const prometheusAlerts = z.object({
	status: z.literal('success'),
	data: z.object({
		alerts: z.array(
			z.object({
				labels,
				annotations: labels.default({}),
				state: z.string(),
				activeAt: z.string().optional(),
			}),
		),
	}),
});
const alertmanagerAlerts = z.array(
	z.object({
		labels,
		annotations: labels.default({}),
		startsAt: z.string().optional(),
		status: z.object({state: z.string()}).optional(),
	}),
);

// The severities teams write, as levels: a firing "critical" (or page, error, high) is critical, any other firing alert a warning.
const criticalSeverities = new Set(['critical', 'page', 'error', 'high', 'emergency', 'fatal']);

/** A firing alert's level from its severity label; a pending one is not yet a problem. */
export function alertLevel(state: AlertState, severity: string | undefined): Level {
	if (state === 'pending') return 'ok';
	return severity && criticalSeverities.has(severity.toLowerCase()) ? 'critical' : 'warning';
}

function item(
	alertLabels: Record<string, string>,
	annotations: Record<string, string>,
	state: AlertState,
	since: string | undefined,
): AlertItem {
	const severity = alertLabels.severity;
	return {
		name: alertLabels.alertname ?? '(no alertname)',
		...(severity ? {severity} : {}),
		state,
		...(since && !since.startsWith('0001-') ? {since} : {}),
		...((annotations.summary ?? annotations.description)
			? {summary: annotations.summary ?? annotations.description}
			: {}),
		labels: alertLabels,
		level: alertLevel(state, severity),
	};
}

const stateRank: Record<AlertState, number> = {firing: 1, pending: 0};
const levelRank: Record<Level, number> = {critical: 2, warning: 1, ok: 0};

/** Worst first: firing before pending, critical before warning, then the oldest first, then by name. */
export function sortAlerts(alerts: AlertItem[]): AlertItem[] {
	return [...alerts].sort(
		(a, b) =>
			stateRank[b.state] - stateRank[a.state] ||
			levelRank[b.level] - levelRank[a.level] ||
			(a.since ?? '').localeCompare(b.since ?? '') ||
			a.name.localeCompare(b.name),
	);
}

/** Prometheus' /api/v1/alerts: firing and pending alerts (inactive ones are left out). */
export function parsePrometheusAlerts(body: unknown, source: string): AlertItem[] {
	const parsed = prometheusAlerts.safeParse(body);
	if (!parsed.success) throw new Error(describeJsonMismatch(source, parsed.error, 'an alerts answer'));
	return sortAlerts(
		parsed.data.data.alerts
			.filter(a => a.state === 'firing' || a.state === 'pending')
			.map(a => item(a.labels, a.annotations, a.state as AlertState, a.activeAt)),
	);
}

/** Alertmanager's /api/v2/alerts: active alerts are firing; silenced or inhibited ones (suppressed) are left out. */
export function parseAlertmanagerAlerts(body: unknown, source: string): AlertItem[] {
	const parsed = alertmanagerAlerts.safeParse(body);
	if (!parsed.success) throw new Error(describeJsonMismatch(source, parsed.error, 'a list of alerts'));
	return sortAlerts(
		parsed.data
			.filter(a => (a.status?.state ?? 'active') === 'active')
			.map(a => item(a.labels, a.annotations, 'firing', a.startsAt)),
	);
}
