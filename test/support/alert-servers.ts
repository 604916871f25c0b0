// Real Prometheus and Alertmanager servers for the alerts tests: Debian's binaries as children of the
// test, on 127.0.0.1 at ports picked at run time, each with its files in a temp dir of its own. A server
// that does not become ready is stopped before the start rejects; stop() waits for the process to end.
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {alertmanagerBinary} from '../lab/prerequisites.js';
import {prometheusBinary} from '../lab/prometheus-server.js';

export {alertmanagerBinary, prometheusBinary};

export type AlertServer = {
	url: string;
	/** The server's temp dir (config, storage). */
	dir: string;
	/** The last lines the server wrote (bounded). */
	log: () => string;
	/** Ends the server (SIGTERM, then SIGKILL after 10 s) and removes its dir; safe to call twice. */
	stop: () => Promise<void>;
};

// Generous: on a busy 2-core machine either server can take many seconds to open its storage.
const readyTimeoutMs = 60_000;
const maxLogChars = 8_000;

/**
 * Prometheus evaluating `rules` every second; with `alertmanager` (a base URL), sending its firing
 * alerts there.
 */
export async function startPrometheus(options: {rules: string; alertmanager?: string}): Promise<AlertServer> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-prometheus-'));
	writeFileSync(path.join(dir, 'rules.yml'), options.rules);
	const alerting = options.alertmanager
		? [
				'alerting:',
				'  alertmanagers:',
				`    - static_configs: [{targets: ['${new URL(options.alertmanager).host}']}]`,
			]
		: [];
	writeFileSync(
		path.join(dir, 'prometheus.yml'),
		[
			'global: {evaluation_interval: 1s}',
			`rule_files: ['${path.join(dir, 'rules.yml')}']`,
			...alerting,
			'',
		].join('\n'),
	);
	const port = await freePort();
	return startServer('prometheus', dir, port, prometheusBinary, [
		`--config.file=${path.join(dir, 'prometheus.yml')}`,
		`--storage.tsdb.path=${path.join(dir, 'data')}`,
		`--web.listen-address=127.0.0.1:${port}`,
		// Alerts fired before Prometheus has discovered the Alertmanager are dropped, and resent only after
		// this delay (1 minute by default).
		...(options.alertmanager ? ['--rules.alert.resend-delay=1s'] : []),
		'--log.level=warn',
	]);
}

/**
 * Alertmanager with one receiver that notifies nobody (the tests read its API, nothing is sent anywhere),
 * `inhibitRules` as YAML list items, and clustering off (its gossip port would listen on every address).
 */
export async function startAlertmanager(options: {inhibitRules?: string[]} = {}): Promise<AlertServer> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-alertmanager-'));
	writeFileSync(
		path.join(dir, 'alertmanager.yml'),
		[
			'route: {receiver: nobody, group_wait: 1s}',
			'receivers: [{name: nobody}]',
			...(options.inhibitRules?.length ? ['inhibit_rules:', ...options.inhibitRules] : []),
			'',
		].join('\n'),
	);
	const port = await freePort();
	return startServer('alertmanager', dir, port, alertmanagerBinary, [
		`--config.file=${path.join(dir, 'alertmanager.yml')}`,
		`--storage.path=${path.join(dir, 'data')}`,
		`--web.listen-address=127.0.0.1:${port}`,
		`--web.external-url=http://127.0.0.1:${port}`,
		'--cluster.listen-address=',
		'--log.level=warn',
	]);
}

async function startServer(
	name: string,
	dir: string,
	port: number,
	binary: string,
	args: string[],
): Promise<AlertServer> {
	const child = spawn(binary, args, {stdio: ['ignore', 'pipe', 'pipe']});
	let log = '';
	const keep = (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-maxLogChars));
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		await stopChild(child, exited);
		rmSync(dir, {recursive: true, force: true});
	};
	const server = {url, dir, log: () => log, stop};
	try {
		const deadline = Date.now() + readyTimeoutMs;
		while (!(await answers200(`${url}/-/ready`))) {
			if (child.exitCode !== null || child.signalCode !== null)
				throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${log.slice(-1000)}`);
			if (Date.now() > deadline)
				throw new Error(`${name} not ready within ${readyTimeoutMs / 1000}s: ${log.slice(-1000)}`);
			await new Promise(resolve => setTimeout(resolve, 200));
		}
	} catch (error) {
		await stop();
		throw error;
	}
	return server;
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const killLater = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(killLater);
}

async function answers200(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, {signal: AbortSignal.timeout(2000)});
		await response.arrayBuffer();
		return response.status === 200;
	} catch {
		return false;
	}
}

/** GET or POST JSON to a server's API; rejects on any status but 200. */
export async function apiJson(url: string, body?: unknown): Promise<unknown> {
	const response = await fetch(url, {
		method: body === undefined ? 'GET' : 'POST',
		headers: {'content-type': 'application/json'},
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(10_000),
	});
	const text = await response.text();
	if (response.status !== 200)
		throw new Error(`${url} answered HTTP ${response.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text) as unknown;
}

async function freePort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}
