// Read-only covers incidents (issue 11 item 6): `pg-ops incident ... --read-only` (and an environment
// with readOnly: true) changes nothing through the built CLI against the demo: no incident opened, the
// open one's file byte for byte as it was, no review, no request to the webhook (a real one on
// 127.0.0.1, which the same message without --read-only does reach), a read-only `pg-ops run` not
// recorded; status still shows the incident.
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import YAML from 'yaml';
import {runCli, runCliAsync} from '../support/cli.js';

let dir: string;
let config: string;
let readOnlyConfig: string;
let stateDir: string;
let hook: http.Server;
const received: string[] = [];

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-incident-ro-'));
	stateDir = path.join(dir, 'state');
	const started = runCli(['demo', 'start', '--dir', path.join(dir, 'demo')]);
	expect(started.code, started.stderr).toBe(0);
	hook = http.createServer((request, response) => {
		let body = '';
		request.on('data', chunk => (body += chunk));
		request.on('end', () => {
			received.push(body);
			response.end('ok');
		});
	});
	await new Promise<void>(resolve => hook.listen(0, '127.0.0.1', resolve));
	const yaml = YAML.parse(readFileSync(path.join(dir, 'demo', 'pg-ops.yaml'), 'utf8')) as {
		environments: {demo: Record<string, unknown>};
	};
	yaml.environments.demo.notify = {
		webhook: {url: {env: 'PGOPS_TEST_HOOK'}, format: 'json', timeoutSeconds: 5},
	};
	config = path.join(dir, 'pg-ops.yaml');
	writeFileSync(config, YAML.stringify(yaml));
	yaml.environments.demo.readOnly = true;
	readOnlyConfig = path.join(dir, 'pg-ops.read-only.yaml');
	writeFileSync(readOnlyConfig, YAML.stringify(yaml));
});

afterAll(async () => {
	await new Promise(resolve => hook?.close(resolve));
	runCli(['demo', 'stop', '--dir', path.join(dir, 'demo')]);
	rmSync(dir, {recursive: true, force: true});
});

// Async: the webhook answers from this process, which a synchronous run would block.
const cli = (args: string[], file = config) =>
	runCliAsync([...args, '--config', file], {
		env: {
			PGOPS_STATE_DIR: stateDir,
			PGOPS_OPERATOR: 'dana@test',
			PGOPS_TEST_HOOK: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
		},
	});
const openFile = () => path.join(stateDir, 'incidents', 'demo', 'open.json');
const refusal =
	/demo is open read-only: the incident can be looked at \(pg-ops incident status\), not changed/;

describe('pg-ops incident --read-only on the demo', () => {
	it('opens nothing, with the flag or with readOnly: true in the config', async () => {
		for (const attempt of [
			await cli(['incident', 'open', '--severity', 'P2', '--title', 'x', '--read-only']),
			await cli(['incident', 'open', '--severity', 'P2', '--title', 'x'], readOnlyConfig),
		]) {
			expect(attempt.code).toBe(1);
			expect(attempt.stderr).toMatch(refusal);
		}
		expect(existsSync(openFile())).toBe(false);
	});

	it('leaves an open incident byte for byte as it was and never calls the webhook; status still shows it', async () => {
		expect((await cli(['incident', 'open', '--severity', 'P2', '--title', 'Orchestrator down'])).code).toBe(
			0,
		);
		const before = readFileSync(openFile(), 'utf8');
		for (const args of [
			['note', 'seen from the junior laptop'],
			['tick', 'assess'],
			['untick', 'assess'],
			['message', 'all hands'],
			['snapshot'],
			['close', '--summary', 'fixed'],
		]) {
			const result = await cli(['incident', ...args, '--read-only']);
			expect(result.code, args.join(' ')).toBe(1);
			expect(result.stderr).toMatch(refusal);
		}
		const viaConfig = await cli(['incident', 'message', 'all hands'], readOnlyConfig);
		expect(viaConfig.stderr).toMatch(refusal);
		const run = await cli(['run', 'restart', '--service', 'app-intake', '--yes', '--read-only']);
		expect(run.code).toBe(1);
		expect(run.stdout).not.toContain('recorded in the open incident');
		expect(readFileSync(openFile(), 'utf8')).toBe(before);
		expect(received).toEqual([]);
		expect(existsSync(path.join(stateDir, 'reviews'))).toBe(false);

		const status = await cli(['incident', 'status', '--read-only']);
		expect(status.code).toBe(0);
		expect(status.stdout).toContain('incident on demo: Orchestrator down');

		// The same message without --read-only does reach the webhook: the silence above was the refusal.
		const posted = await cli(['incident', 'message', 'all hands']);
		expect(posted.code, posted.stderr).toBe(0);
		expect(received).toHaveLength(1);
		expect(received[0]).toContain('all hands');
	}, 120_000);
});
