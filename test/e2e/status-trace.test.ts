// PGOPS_TRACE=1 on a whole `status --json` (the built CLI): phases on stderr, from the entry to the
// exit, naming where a secret came from but never the secret; stdout stays the JSON document.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../support/cli.js';

const secret = 'trace-must-not-show-this-7f3a';
let dir: string;
let config: string;

// A loopback port nobody listens on, picked at run time: the database refuses, the status goes on.
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-trace-'));
	config = path.join(dir, 'pg-ops.yaml');
	writeFileSync(
		config,
		[
			'environments:',
			'  prod:',
			'    transport: local',
			'    database:',
			'      host: 127.0.0.1',
			`      port: ${await closedPort()}`,
			'      name: app',
			'      user: ops',
			`      password: {command: echo ${secret}}`,
			'    etl: {table: jobs, stuckAfter: 1h}',
			'',
		].join('\n'),
	);
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('PGOPS_TRACE', () => {
	it('prints each phase with its time and CPU on stderr, never a secret, and leaves stdout the JSON', () => {
		const result = runCli(['status', '--config', config, '--env', 'prod', '--json'], {
			env: {PGOPS_TRACE: '1'},
		});
		expect(result.code).toBe(1); // the database refused: the etl pane is an error
		expect(JSON.parse(result.stdout)).toMatchObject({env: 'prod', panes: {etl: {status: 'error'}}});
		const lines = result.stderr.trimEnd().split('\n');
		for (const line of lines) expect(line).toMatch(/^pg-ops trace +\d+\.\d ms \(cpu +\d+ ms\) {2}\S/);
		const phases = lines.map(line => line.replace(/^.*?\) {2}/, ''));
		expect(phases[0]).toBe('entry loaded');
		expect(phases).toContain('config read');
		expect(phases).toContain(
			'secret command (the database password (environments.prod.database.password)): done',
		);
		expect(phases).toContain('pane etl: error');
		expect(phases.at(-1)).toBe('exit');
		expect(result.stderr).not.toContain(secret);
	});

	it('prints nothing without it', () => {
		const result = runCli(['status', '--config', config, '--env', 'prod', '--json']);
		expect(result.stderr).toBe('');
	});
});
