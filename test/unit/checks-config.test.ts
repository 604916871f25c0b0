// checks: and alerts: in pg-ops.yaml: each wrong field refused with file:line:field and what was expected.
import {describe, expect, it} from 'vitest';
import {parseConfig, ConfigError} from '../../source/core/config/parse.js';

const problems = (yaml: string) => {
	try {
		parseConfig(yaml, 'pg-ops.yaml');
	} catch (error) {
		if (error instanceof ConfigError) return error.message;
		throw error;
	}
	throw new Error('expected the config to be refused');
};

const env = (body: string) => `environments:\n  prod:\n    transport: local\n${body}`;

describe('checks and alerts in pg-ops.yaml', () => {
	it('a valid set: a daily script, two health paths, SQL and PromQL against the alerts Prometheus', () => {
		const config = parseConfig(
			env(
				[
					'    http: {baseUrl: "http://127.0.0.1:8000"}',
					'    database: {name: app, user: ops}',
					'    alerts: {prometheus: {url: "http://127.0.0.1:9090"}}',
					'    checks:',
					'      - {name: daily, command: /opt/app/bin/daily-check, exitCodes: {0: ok, 1: critical, 2: warning}, showOutput: true, everySeconds: 3600}',
					'      - {name: health, http: /health}',
					'      - {name: ready, http: /ready, expectStatus: [200]}',
					'      - {name: model, http: /ops/verify, token: true, field: model.sha, equalsField: deployed.sha}',
					'      - {name: queue, sql: "select count(*) from jobs", thresholds: {above: {warn: 100, crit: 1000}}}',
					'      - {name: errors, prometheus: "sum(rate(errors_total[5m]))", thresholds: {above: {warn: 1, crit: 5}}}',
					'',
				].join('\n'),
			),
			'pg-ops.yaml',
		);
		expect(config.environments.prod!.checks.map(c => c.name)).toEqual([
			'daily',
			'health',
			'ready',
			'model',
			'queue',
			'errors',
		]);
	});

	it('refuses each wrong field at its line', () => {
		expect(problems(env('    checks:\n      - {name: a, command: x, exitCodes: {1.5: ok}}\n'))).toMatch(
			/pg-ops\.yaml:5:\d+: environments\.prod\.checks\.0\.exitCodes.*exit code, a whole number/,
		);
		expect(
			problems(
				env('    http: {baseUrl: "http://x:1"}\n    checks:\n      - {name: a, http: /v, field: "a..b"}\n'),
			),
		).toMatch(/pg-ops\.yaml:6:\d+: environments\.prod\.checks\.0\.field: (expected )?a JSON field path/);
		expect(problems(env('    checks:\n      - {name: a, http: /v}\n'))).toMatch(
			/checks\.0\.http: (expected )?an http section with baseUrl/,
		);
		expect(problems(env('    checks:\n      - {name: a, sql: "select 1"}\n'))).toMatch(
			/checks\.0\.sql: (expected )?a database section/,
		);
		expect(
			problems(
				env('    checks:\n      - {name: a, prometheus: up, thresholds: {below: {warn: 1, crit: 0}}}\n'),
			),
		).toMatch(/checks\.0\.prometheus: (expected )?a Prometheus to ask: alerts\.prometheus\.url/);
		expect(
			problems(env('    checks:\n      - {name: a, command: x}\n      - {name: a, command: y}\n')),
		).toMatch(
			/pg-ops\.yaml:6:\d+: environments\.prod\.checks\.1\.name: (expected )?a name no other check has/,
		);
		expect(problems(env('    checks:\n      - {name: a, command: x, timeoutSeconds: 60}\n'))).toMatch(
			/checks\.0\.timeoutSeconds: (expected )?at most probeTimeoutSeconds \(10\)/,
		);
		expect(problems(env('    checks:\n      - {name: a, command: x, http: /y}\n'))).toMatch(
			/checks\.0\.http: (expected )?exactly one source/,
		);
		expect(problems(env('    checks:\n      - {name: a, command: x, expectStatus: [200]}\n'))).toMatch(
			/checks\.0\.expectStatus: (expected )?one of the fields a command check takes/,
		);
		expect(problems(env('    alerts: {}\n'))).toMatch(/alerts: (expected )?one source: prometheus: \{url\}/);
		expect(problems(env('    alerts: {alertmanager: {url: "http://u:p@am:9093"}}\n'))).toMatch(
			/alerts\.alertmanager\.url: (expected )?a URL without user or password/,
		);
	});
});
