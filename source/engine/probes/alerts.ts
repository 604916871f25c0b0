// Alerts pane: what the team's Prometheus (/api/v1/alerts: firing and pending) or Alertmanager
// (/api/v2/alerts: firing) holds now, worst first. Read-only: pg-ops never silences or changes one.
import {alertSource} from '../../core/config/alerts.js';
import {paneStatusFromLevels} from '../../core/policy/overall.js';
import type {Probe} from './probe.js';

export const alertsProbe: Probe<'alerts'> = {
	pane: 'alerts',
	configured: env => Boolean(env.alerts),
	async collect({env, runtime}) {
		const {api} = alertSource(env.alerts!);
		if (!runtime.alerts) throw new Error('alerts are configured, but no client was set up for them');
		const items = await runtime.alerts.alerts(api);
		return {
			data: {items, source: api, where: runtime.alerts.where},
			status: paneStatusFromLevels(items.map(i => i.level)),
		};
	},
};
