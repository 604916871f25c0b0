import {readdirSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseConfig, ConfigError} from '../../source/core/config/parse.js';
import {exampleConfig} from '../../source/core/config/example-config.js';

const problems = (text: string) => {
	try {
		parseConfig(text, 'pg-ops.yaml');
	} catch (error) {
		if (error instanceof ConfigError) return error.message.split('\n');
		throw error;
	}
	throw new Error('expected the config to be refused');
};

describe('shipped configurations', () => {
	for (const file of readdirSync('examples').filter(f => f.endsWith('.yaml'))) {
		it(`examples/${file} is valid`, () => {
			const config = parseConfig(readFileSync(`examples/${file}`, 'utf8'), file);
			expect(Object.keys(config.environments).length).toBeGreaterThan(0);
		});
	}
	it('the file pg-ops init writes is valid and fills in defaults', () => {
		const config = parseConfig(exampleConfig, 'pg-ops.yaml');
		expect(config.environments.prod!.refreshSeconds).toBe(5);
		expect(config.environments.prod!.http!.token!.header).toBe('x-ops-token');
		expect(config.environments.prod!.etl!.resetTo).toBe('failed');
	});
});

describe('config errors name file, line, field and what was expected', () => {
	it('a wrong type', () => {
		expect(
			problems(
				'environments:\n  prod:\n    transport: local\n    disk:\n      mounts: ["/"]\n      warnPercent: eighty\n',
			),
		).toEqual(['pg-ops.yaml:6:20: environments.prod.disk.warnPercent: expected a number, got text']);
	});
	it('a misspelt field, at the key', () => {
		expect(problems('environments:\n  prod:\n    transport: local\n    diks: {mounts: ["/"]}\n')[0]).toBe(
			'pg-ops.yaml:4:5: environments.prod.diks: unknown field; check the spelling against docs/CONFIG.md',
		);
	});
	it('a missing field, at its parent', () => {
		expect(
			problems('environments:\n  prod:\n    transport: local\n    http:\n      token: {env: X}\n')[0],
		).toMatch(/^pg-ops\.yaml:5:7: environments\.prod\.http\.baseUrl: missing; expected a string/);
	});
	it('a secret in the wrong shape, and an unsafe SQL identifier', () => {
		expect(
			problems(
				'environments:\n  prod:\n    transport: local\n    database: {name: a, user: b, password: {value: hunter2}}\n    etl: {table: "jobs; drop table x"}\n',
			),
		).toEqual([
			'pg-ops.yaml:4:44: environments.prod.database.password: expected one of {env} or {command}',
			'pg-ops.yaml:5:18: environments.prod.etl.table: expected a SQL identifier such as jobs or public.jobs',
		]);
	});
	it('an unknown enum value and a reference to a service that does not exist', () => {
		expect(
			problems(
				'environments:\n  prod:\n    transport: local\n    services:\n      - {name: api, manager: upstart}\n',
			),
		).toEqual([
			'pg-ops.yaml:5:30: environments.prod.services.0.manager: expected one of "systemd", "docker-compose", "command"',
		]);
		expect(
			problems(
				'environments:\n  prod:\n    transport: local\n    services:\n      - {name: api, manager: systemd}\n    slots: {base: /opt/app, restart: [apii]}\n',
			),
		).toEqual([
			'pg-ops.yaml:6:12: environments.prod.slots.verify: expected an http section with baseUrl (this path is relative to it)',
			'pg-ops.yaml:6:39: environments.prod.slots.restart.0: expected one of the services named above (api)',
		]);
	});
	it('ssh without hosts, and broken YAML', () => {
		expect(problems('environments:\n  prod:\n    ssh: {user: deploy}\n')[0]).toBe(
			'pg-ops.yaml:3:5: environments.prod: expected at least one host for transport ssh (or transport: local)'.replace(
				'environments.prod:',
				'environments.prod.hosts:',
			),
		);
		expect(problems('environments:\n  prod: [\n')[0]).toMatch(/^pg-ops\.yaml:3:1: invalid YAML: /);
	});
	it('never repeats a value: a secret pasted into the wrong place stays out of the message', () => {
		const lines = problems(
			'environments:\n  prod:\n    transport: local\n    http: {baseUrl: "http://x", token: "s3cr3t-token-value"}\n    database: {name: a, user: b, password: "hunter2-password"}\n',
		);
		expect(lines.join('\n')).not.toMatch(/s3cr3t-token-value|hunter2-password/);
		expect(lines[0]).toBe(
			'pg-ops.yaml:4:40: environments.prod.http.token: expected a mapping (key: value lines), got text',
		);
	});
	it('an empty file', () => {
		expect(problems('')[0]).toBe(
			'pg-ops.yaml:1:1: environments: missing; expected a mapping (key: value lines)',
		);
	});
});
