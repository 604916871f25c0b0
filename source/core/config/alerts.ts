// Where the Alerts pane reads (DESIGN 13): the team's Prometheus (/api/v1/alerts: firing and
// pending) or its Alertmanager (/api/v2/alerts: firing, silenced ones left out). The Prometheus named
// here is also the one `prometheus:` checks ask. Pure: zod only.
import {z} from 'zod';
import {prometheusUrl} from './prometheus-hosts.js';

const server = z.strictObject({
	url: prometheusUrl,
	// "ssh": the URL is as the (first) host sees it, reached through its SSH connection.
	via: z.enum(['direct', 'ssh']).default('direct'),
	timeoutSeconds: z.number().positive().max(120).default(5),
});

export const alertsSchema = z
	.strictObject({
		prometheus: server.optional(),
		alertmanager: server.optional(),
	})
	.superRefine((alerts, ctx) => {
		if (Boolean(alerts.prometheus) === Boolean(alerts.alertmanager))
			ctx.addIssue({
				code: 'custom',
				path: alerts.prometheus ? ['alertmanager'] : [],
				message:
					'one source: prometheus: {url} (firing and pending alerts) or alertmanager: {url} (firing alerts)',
			});
	});
export type AlertsConfig = z.infer<typeof alertsSchema>;
export type AlertServer = z.infer<typeof server>;

/** The alerts' source: which API and its server. */
export function alertSource(alerts: AlertsConfig): {api: 'prometheus' | 'alertmanager'; server: AlertServer} {
	return alerts.prometheus
		? {api: 'prometheus', server: alerts.prometheus}
		: {api: 'alertmanager', server: alerts.alertmanager!};
}
