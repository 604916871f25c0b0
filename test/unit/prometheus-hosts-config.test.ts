// services.source / disk.source prometheus: the prometheus section, its defaults, and every refusal at
// its file:line:field.
import {describe, expect, it} from 'vitest';
import {ConfigError, parseConfig} from '../../source/core/config/parse.js';

const problems = (text: string) => {
	try {
		parseConfig(text, 'pg-ops.yaml');
	} catch (error) {
		if (error instanceof ConfigError) return error.message.split('\n');
		throw error;
	}
	throw new Error('expected the config to be refused');
};

const fleet = (body: string) => `environments:\n  prod:\n    hosts: ['app-[01-40]']\n${body}`;

describe('prometheus as the source of services and disk', () => {
	it('reads {source, list} services and fills the defaults', () => {
		const config = parseConfig(
			fleet(
				[
					'    prometheus: {url: "http://prom:9090", job: node}',
					'    services:',
					'      source: prometheus',
					'      list:',
					'        - {name: api, manager: systemd, unit: app-api.service}',
					'    disk: {source: prometheus, mounts: [/]}',
					'',
				].join('\n'),
			),
			'pg-ops.yaml',
		);
		const env = config.environments.prod!;
		expect(env.services).toEqual([{name: 'api', manager: 'systemd', unit: 'app-api.service'}]);
		expect(env.servicesSource).toBe('prometheus');
		expect(env.disk?.source).toBe('prometheus');
		expect(env.prometheus).toEqual({
			url: 'http://prom:9090',
			via: 'direct',
			timeoutSeconds: 5,
			job: 'node',
			hostLabel: 'instance',
			scrapeInterval: '1m',
			unitExporter: 'node_exporter',
			fallback: 'none',
		});
	});

	it('a list of services is read over SSH, as ever', () => {
		const config = parseConfig(fleet('    services: [{name: api, manager: systemd}]\n'), 'pg-ops.yaml');
		expect(config.environments.prod!.servicesSource).toBeUndefined();
	});

	it('an error inside either form of services is at its own line', () => {
		expect(problems(fleet('    services:\n      - {name: api, manager: systemd, unit: 3}\n'))).toEqual([
			'pg-ops.yaml:5:45: environments.prod.services.0.unit: expected a string, got a number',
		]);
		expect(
			problems(
				fleet(
					'    prometheus: {url: "http://prom:9090", job: node}\n    services:\n      source: prometheus\n      list:\n        - {name: api, manager: upstart}\n',
				),
			),
		).toEqual([
			'pg-ops.yaml:8:32: environments.prod.services.list.0.manager: expected one of "systemd", "docker-compose", "command"',
		]);
	});

	it('refuses a source without a server, and a server nothing reads', () => {
		expect(problems(fleet('    disk: {source: prometheus, mounts: [/]}\n'))).toEqual([
			'pg-ops.yaml:4:20: environments.prod.disk.source: expected a prometheus section (the server that scrapes the hosts: url, job, hostLabel; docs/CONFIG.md)',
		]);
		expect(problems(fleet('    prometheus: {url: "http://prom:9090", job: node}\n'))).toEqual([
			'pg-ops.yaml:4:17: environments.prod.prometheus: expected services.source or disk.source set to prometheus (nothing reads this section)',
		]);
	});

	it('refuses what the exporters cannot give: a compose service, directory sizes', () => {
		expect(
			problems(
				fleet(
					[
						'    prometheus: {url: "http://prom:9090", job: node}',
						'    services:',
						'      source: prometheus',
						'      list:',
						'        - {name: api, manager: docker-compose, file: /opt/app/compose.yml}',
						'    disk: {source: prometheus, mounts: [/], largestUnder: [/var/log]}',
						'',
					].join('\n'),
				),
			),
		).toEqual([
			'pg-ops.yaml:8:32: environments.prod.services.list.0.manager: expected systemd with services.source prometheus (the exporters read systemd units; api is docker-compose: read it over SSH in another environment)',
			'pg-ops.yaml:9:59: environments.prod.disk.largestUnder: expected no largestUnder with disk.source prometheus (directory sizes need du on each host; node_exporter has filesystems only)',
		]);
	});

	it('refuses credentials in the URL, a bad label name, an unknown exporter and fallback', () => {
		const lines = problems(
			fleet(
				[
					'    prometheus:',
					'      url: "http://admin:hunter2@prom:9090"',
					'      job: node',
					'      hostLabel: "host-name"',
					'      unitExporter: cadvisor',
					'      fallback: maybe',
					'    disk: {source: prometheus, mounts: [/]}',
					'',
				].join('\n'),
			),
		);
		expect(lines.join('\n')).not.toContain('hunter2');
		expect(lines).toEqual([
			expect.stringMatching(
				/^pg-ops\.yaml:5:12: environments\.prod\.prometheus\.url: expected a URL without user or password/,
			),
			'pg-ops.yaml:7:18: environments.prod.prometheus.hostLabel: expected a Prometheus label name such as instance or host',
			'pg-ops.yaml:8:21: environments.prod.prometheus.unitExporter: expected one of "node_exporter", "systemd_exporter"',
			'pg-ops.yaml:9:17: environments.prod.prometheus.fallback: expected one of "none", "ssh"',
		]);
	});

	it('refuses a local environment reading Prometheus', () => {
		expect(
			problems(
				'environments:\n  dev:\n    transport: local\n    prometheus: {url: "http://prom:9090", job: node}\n    disk: {source: prometheus, mounts: [/]}\n',
			),
		).toEqual([
			'pg-ops.yaml:4:17: environments.dev.prometheus: expected transport ssh (Prometheus names hosts; a local environment has none)',
		]);
	});
});
