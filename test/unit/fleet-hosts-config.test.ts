import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import {expandHosts, expandRange} from '../../source/core/fleet/host-patterns.js';
import {parseSshConfig} from '../../source/core/ssh/ssh-config.js';

const config = (hosts: string) => `environments:\n  prod:\n    hosts: ${hosts}\n`;

function problemOf(hosts: string): string {
	try {
		parseConfig(config(hosts), 'pg-ops.yaml');
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('expected a config error');
}

describe('fleet hosts in pg-ops.yaml', () => {
	it('expands ranges with the padding written, and keeps plain names and per-host settings', () => {
		expect(expandRange('app-[01-03]')).toEqual(['app-01', 'app-02', 'app-03']);
		expect(expandRange('web[8-10].dc1')).toEqual(['web8', 'web9', 'web10'].map(n => `${n}.dc1`));
		const env = parseConfig(config(`['app-[1-2]', {host: db-7, port: 2222, user: admin}]`), 'pg-ops.yaml')
			.environments.prod!;
		expect(expandHosts(env.hosts, undefined).hosts).toEqual([
			{name: 'app-1'},
			{name: 'app-2'},
			{name: 'db-7', port: 2222, user: 'admin'},
		]);
	});

	it('matches patterns against the concrete aliases of the ssh config, Includes followed', () => {
		const ssh = parseSshConfig(
			'Host canary-a canary-b *.internal\n  Port 22\nInclude more\nHost !canary-x',
			'ssh_config',
			() => [{file: 'more', text: 'Host canary-c\n  HostName 10.0.0.3\n'}],
		);
		const {hosts, problems} = expandHosts(['canary-*', 'db-*'], ssh, 'ssh_config');
		expect(hosts.map(h => h.name)).toEqual(['canary-a', 'canary-b', 'canary-c']);
		expect(problems).toEqual(['hosts[1] (db-*) matches no Host alias in ssh_config']);
	});

	it('gives one host of a range its own settings when an object names it again', () => {
		const {hosts, problems} = expandHosts(
			['app-[01-03]', {host: 'app-02', port: 2222, user: 'admin'}],
			undefined,
		);
		expect(hosts).toEqual([{name: 'app-01'}, {name: 'app-02', port: 2222, user: 'admin'}, {name: 'app-03'}]);
		expect(problems).toEqual([]);
	});

	it('names a host listed twice and keeps the first', () => {
		const {hosts, problems} = expandHosts(['app-[1-3]', 'app-2'], undefined);
		expect(hosts.map(h => h.name)).toEqual(['app-1', 'app-2', 'app-3']);
		expect(problems).toEqual(['hosts[1] (app-2) lists app-2 again (already from hosts[0])']);
	});

	it('refuses a backwards range, two ranges, a huge range and a negated pattern with file, line and field', () => {
		expect(problemOf('[app-[1-2]]')).toMatch(
			/invalid YAML: .* \(a host range inside \[ \] must be quoted: hosts: \['app-\[01-40\]'\]\)/,
		);
		expect(problemOf(`['app-[40-01]']`)).toMatch(
			/^pg-ops\.yaml:3:\d+: environments\.prod\.hosts\.0: expected a range from low to high \(40 is above 01\)/,
		);
		expect(problemOf('["a[1-2]-b[1-2]"]')).toMatch(/hosts\.0: expected one range per host name/);
		expect(problemOf('["app-[1-5000]"]')).toMatch(/hosts\.0: expected at most 1000 hosts in a range/);
		expect(problemOf('["app-[x-y]"]')).toMatch(
			/hosts\.0: expected a range of two numbers such as app-\[01-40\]/,
		);
		expect(problemOf('["!app-1"]')).toMatch(/hosts\.0: expected a host name or pattern/);
	});

	it('refuses a Prometheus URL with a user or password in it, without echoing it', () => {
		const text = `environments:\n  prod:\n    transport: local\n    slo:\n      source: {prometheus: {url: 'http://ops:s3cret@prom:9090', queries: {p95Ms: 'x'}}}\n`;
		let message = '';
		try {
			parseConfig(text, 'pg-ops.yaml');
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toMatch(
			/pg-ops\.yaml:5:\d+: environments\.prod\.slo\.source\.prometheus\.url: expected a URL without user or password/,
		);
		expect(message).not.toContain('s3cret');
	});
});
