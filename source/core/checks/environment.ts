// What a team's checks need from the rest of their environment, as problems at their fields: a
// unique name, an http section for a path, a database for SQL, a Prometheus for PromQL, and a time
// limit the host's batch can keep. Pure.
import type {AlertServer, AlertsConfig} from '../config/alerts.js';
import {checkSource, type CheckConfig} from './schema.js';

type Issue = {path: Array<string | number>; message: string};

type EnvironmentParts = {
	checks: CheckConfig[];
	http?: unknown;
	database?: unknown;
	alerts?: AlertsConfig;
	slo?: {source: {http: string} | {prometheus: AlertServer}};
	probeTimeoutSeconds: number;
};

/**
 * The Prometheus a `prometheus:` check asks: the one alerts read (alerts.prometheus), else the SLO's
 * (slo.source.prometheus). Undefined when the environment names none.
 */
export function checksPrometheus(env: Pick<EnvironmentParts, 'alerts' | 'slo'>): AlertServer | undefined {
	if (env.alerts?.prometheus) return env.alerts.prometheus;
	if (env.slo && 'prometheus' in env.slo.source) return env.slo.source.prometheus;
	return undefined;
}

export function checksProblems(env: EnvironmentParts): Issue[] {
	const issues: Issue[] = [];
	const seen = new Set<string>();
	env.checks.forEach((check, i) => {
		const at = (field?: string) => ['checks', i, ...(field ? [field] : [])];
		if (seen.has(check.name))
			issues.push({path: at('name'), message: `a name no other check has (${check.name} is used twice)`});
		seen.add(check.name);
		const source = checkSource(check);
		if (source === 'http' && check.http!.startsWith('/') && !env.http)
			issues.push({path: at('http'), message: 'an http section with baseUrl (this path is relative to it)'});
		if (source === 'sql' && !env.database)
			issues.push({path: at('sql'), message: 'a database section (the query runs through it)'});
		if (source === 'prometheus' && !checksPrometheus(env))
			issues.push({
				path: at('prometheus'),
				message:
					'a Prometheus to ask: alerts.prometheus.url (or slo.source.prometheus) names the server a prometheus check queries',
			});
		// A command check is a section of the host's batch, which gives each section most of the probe timeout.
		if (
			source === 'command' &&
			check.timeoutSeconds !== undefined &&
			check.timeoutSeconds > env.probeTimeoutSeconds
		)
			issues.push({
				path: at('timeoutSeconds'),
				message: `at most probeTimeoutSeconds (${env.probeTimeoutSeconds}): a command check runs in the host's batch; raise probeTimeoutSeconds for a slower check`,
			});
	});
	return issues;
}
