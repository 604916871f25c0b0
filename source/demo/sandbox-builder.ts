// Builds the demo's simulated VM under DIR/root: release slots behind a `current` link, deploy
// metadata, backups, logs, the env file, unit definitions and the service-manager stand-in's wrappers.
import {randomBytes} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {writeJsonAtomically} from './atomic-file.js';
import {formatEnvFile} from './env-file.js';
import {builtDemoScript} from './package-paths.js';
import {writeAppLogs} from './sandbox-app-logs.js';
import {writeBackups} from './sandbox-backups.js';
import {writeDatabaseToolStandIns} from './sandbox-database-tools.js';
import {type SandboxPaths, sandboxPaths} from './sandbox-layout.js';
import {writeUnitDefinition} from './service-units.js';
import {shellQuote} from './shell-quote.js';

export const releases = [
	{slot: 'blue', version: '2026.11.2'},
	{slot: 'green', version: '2026.11.3'},
] as const;

export interface Sandbox {
	paths: SandboxPaths;
	shas: Record<string, string>;
	token: string;
}

/** The account the units run as, like systemd's User=: whoever calls the wrappers, a root caller (sudo) drops to it. */
export interface ServiceUser {
	uid: number;
	gid: number;
	home: string;
}

export interface SandboxOptions {
	serviceUser?: ServiceUser;
	/**
	 * false: leave out the backups and the application logs (the bulk of the writing), for the caller
	 * to write with writeSandboxContent while the services start; they need neither.
	 */
	withContent?: boolean;
	/** The host has the real pg_dump and psql (the SSH lab's PostgreSQL): no stand-ins in bin/. */
	hostDatabaseTools?: boolean;
}

/** Everything except the env file, which needs the database's port (see writeEnvFile). */
export function buildSandbox(
	root: string,
	httpPort: number,
	now: Date,
	options: SandboxOptions = {},
): Sandbox {
	const paths = sandboxPaths(root);
	clearPreviousSandbox(paths);
	writeFileSync(paths.marker, 'A pg-ops demo sandbox; `pg-ops demo start` recreates it from scratch.\n');
	const shas = writeReleases(paths, now);
	writeJsonAtomically(paths.sloFile, {
		window: '1h',
		availability_percent: 99.62,
		p95_latency_ms: 420,
		error_rate_percent: 2.4,
		requests: 12_840,
		requests_per_second: 20,
		jitter: true,
	});
	if (options.withContent !== false) writeSandboxContent(paths, now);
	writeServiceManagerWrappers(paths, options.serviceUser);
	if (!options.hostDatabaseTools) writeDatabaseToolStandIns(paths);
	writeUnits(paths, httpPort);
	return {paths, shas, token: randomBytes(32).toString('hex')};
}

/** The dated backups and the application logs (a few MB): what buildSandbox leaves out with `withContent: false`. */
export function writeSandboxContent(paths: SandboxPaths, now: Date): void {
	writeBackups(paths.backups, now);
	writeAppLogs(paths.appLogs, now);
}

/** `databaseUrl` replaces the demo's passwordless PGlite URL (the SSH lab's real PostgreSQL needs a password). */
export function writeEnvFile(
	paths: SandboxPaths,
	values: {httpPort: number; databasePort: number; token: string; databaseUrl?: string},
): void {
	mkdirSync(join(paths.envFile, '..'), {recursive: true});
	const text = formatEnvFile(
		{
			PORT: String(values.httpPort),
			OPS_VERIFY_TOKEN: values.token,
			DATABASE_URL: values.databaseUrl ?? `postgres://postgres@127.0.0.1:${values.databasePort}/postgres`,
			APP_ROOT: paths.appBase,
			SLO_FILE: paths.sloFile,
		},
		'app-web environment (pg-ops demo). Read once at start-up: restart app-web after editing.',
	);
	writeFileSync(paths.envFile, text, {mode: 0o600});
	chmodSync(paths.envFile, 0o600);
}

function clearPreviousSandbox(paths: SandboxPaths): void {
	if (existsSync(paths.root)) {
		if (!existsSync(paths.marker) && readdirSync(paths.root).length > 0) {
			throw new Error(
				`${paths.root} exists and is not a pg-ops demo sandbox; choose another --dir or remove it`,
			);
		}
		rmSync(paths.root, {recursive: true, force: true});
	}
	mkdirSync(paths.root, {recursive: true});
}

function writeReleases(paths: SandboxPaths, now: Date): Record<string, string> {
	const shas: Record<string, string> = {};
	releases.forEach(({slot, version}, index) => {
		const dir = join(paths.releases, slot);
		const sha = randomBytes(20).toString('hex');
		shas[slot] = sha;
		mkdirSync(dir, {recursive: true});
		writeFileSync(join(dir, '.gitsha'), `${sha}\n`);
		writeJsonAtomically(join(dir, 'release.json'), {
			version,
			git_sha: sha,
			built_at: new Date(now.getTime() - (3 - index) * 86_400_000).toISOString(),
		});
	});
	symlinkSync(join('releases', 'blue'), paths.currentLink);
	const deployedAt = new Date(now.getTime() - 2 * 86_400_000 - 5_400_000);
	writeJsonAtomically(paths.lastDeploy, {
		deployed_sha: shas.blue,
		slot: 'blue',
		deploy_time: deployedAt.toISOString(),
		deploy_id: `dep-${deployedAt.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`,
		duration_ms: 84_213,
	});
	return shas;
}

// The STAND-IN FOR THE SERVICE MANAGER: systemd cannot run on these machines, so bin/systemctl
// and bin/journalctl forward to pg-ops' own small implementation, scoped to this sandbox.
function writeServiceManagerWrappers(paths: SandboxPaths, serviceUser?: ServiceUser): void {
	mkdirSync(paths.bin, {recursive: true});
	for (const tool of ['systemctl', 'journalctl']) {
		const standIn = `${shellQuote(process.execPath)} ${shellQuote(builtDemoScript('service-manager'))} ${tool} "$@"`;
		const script = [
			'#!/bin/sh',
			`# STAND-IN FOR THE SERVICE MANAGER (pg-ops demo): systemd cannot run on the machines the demo`,
			`# runs on, so this ${tool} forwards to pg-ops' service-manager stand-in, which manages the`,
			'# units defined in etc/service-manager/ of this sandbox and keeps their state in var/lib/service-manager/.',
			...(serviceUser ? dropToServiceUser(paths, serviceUser, standIn) : []),
			`PGOPS_DEMO_ROOT=${shellQuote(paths.root)} exec ${standIn}`,
			'',
		].join('\n');
		writeFileSync(join(paths.bin, tool), script, {mode: 0o755});
	}
	// Runbooks written for a real VM say `sudo systemctl restart ...` (a deploy user gets "Access denied"
	// from systemd without it); the demo's units are the demo user's own, so here sudo only runs the command.
	writeFileSync(
		join(paths.bin, 'sudo'),
		[
			'#!/bin/sh',
			"# STAND-IN FOR SUDO (pg-ops demo): the demo's units belong to whoever runs the demo, so a runbook's",
			'# `sudo [-n] COMMAND` runs COMMAND as that user, with the stand-in systemctl and journalctl first on PATH.',
			'[ "$1" = -n ] && shift',
			'exec "$@"',
			'',
		].join('\n'),
		{mode: 0o755},
	);
}

// Units (and their state files) stay the service user's however the stand-in is reached, so a unit
// started through sudo can still be stopped without it, as with systemd's User=.
function dropToServiceUser(paths: SandboxPaths, user: ServiceUser, standIn: string): string[] {
	return [
		"# Units run as the service user (systemd's User=): a root caller, such as sudo, drops to it first.",
		`if [ "$(id -u)" = 0 ]; then HOME=${shellQuote(user.home)} PGOPS_DEMO_ROOT=${shellQuote(paths.root)} exec setpriv --reuid=${user.uid} --regid=${user.gid} --init-groups ${standIn}; fi`,
	];
}

function writeUnits(paths: SandboxPaths, httpPort: number): void {
	const node = process.execPath;
	writeUnitDefinition(paths.root, 'app-web.service', {
		description: 'Demo web API (ops endpoints)',
		exec: [node, builtDemoScript('http-service'), '--env-file', paths.envFile],
		environmentFile: paths.envFile,
		readyUrl: `http://127.0.0.1:${httpPort}/healthz`,
	});
	writeUnitDefinition(paths.root, 'app-orchestrator.service', {
		description: 'Demo ETL orchestrator',
		exec: [node, builtDemoScript('worker'), '--unit', 'app-orchestrator', '--root', paths.root],
	});
	writeUnitDefinition(paths.root, 'app-intake.service', {
		description: 'Demo intake watcher',
		exec: [node, builtDemoScript('worker'), '--unit', 'app-intake', '--root', paths.root],
	});
}
