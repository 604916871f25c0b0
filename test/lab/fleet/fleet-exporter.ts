// The fleet's stand-in node_exporter (exporter/fleet-exporter.mjs): one process of the lab user on
// one loopback port of its own choosing, each host its own Prometheus target at /metrics/<host>,
// labelled host=<host>, up to 1,000 hosts: the SSH stand-ins and, past them, label-only hosts that
// exist in Prometheus alone (no directory, sshd or units: a fleet bigger than the test machine's sshd
// should carry). Prometheus finds the targets in file_sd files written here once the exporter
// listens (prometheus-server.ts reads them every few seconds). Started and stopped with the fleet;
// tests take a host's exporter down, bring it back, or make its samples lag through
// changeFleetExporter (the process re-reads its config on SIGHUP and acknowledges).
import {spawn} from 'node:child_process';
import {
	chownSync,
	closeSync,
	copyFileSync,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	writeFileSync,
} from 'node:fs';
import {join} from 'node:path';
import {writeFileAtomically, writeJsonAtomically} from '../../../source/demo/atomic-file.js';
import {packageRoot} from '../../../source/demo/package-paths.js';
import {isProcessAlive, processCommandLine, waitUntil} from '../../../source/demo/processes.js';
import type {LabPaths} from '../lab-paths.js';
import type {LabUser} from '../lab-user.js';
import {lastLines} from '../log-tail.js';
import {listProcesses, terminateAll} from '../process-table.js';
import {type HostSeed, fleetHostName, fleetPaths, hostSeed} from './fleet-layout.js';

export type ExporterConfig = {
	hostsRoot: string;
	/** The SSH stand-ins: their metrics say what their files and unit processes say. */
	hosts: string[];
	/** Hosts in Prometheus alone: units active, / as seeded. */
	labelOnly: Array<{name: string; disk: HostSeed['disk']}>;
	/** Hosts whose exporter is down: their scrapes fail (503). */
	down: string[];
	/** Hosts whose samples carry timestamps this many seconds in the past. */
	lagSeconds: Record<string, number>;
	generation: number;
	/** Where the exporter writes {generation, port, sshlessPort} once it has applied this config. */
	ack: string;
};

type Ack = {generation: number; port: number; sshlessPort?: number};

export function exporterPaths(paths: LabPaths) {
	const fleet = fleetPaths(paths);
	return {
		config: join(fleet.dir, 'exporter.json'),
		// The exporter runs as the lab user: its acknowledgements go in a dir of that user's.
		ackDir: join(fleet.dir, 'exporter'),
		ack: join(fleet.dir, 'exporter', 'ack'),
		pidFile: join(fleet.dir, 'exporter.pid'),
		log: join(fleet.dir, 'exporter.log'),
		script: join(fleet.standIns, 'fleet-exporter.mjs'),
		/** Prometheus' file_sd files: the stand-ins' targets and the label-only hosts'. */
		standInTargets: join(fleet.dir, 'targets', 'stand-ins.json'),
		labelOnlyTargets: join(fleet.dir, 'targets', 'label-only.json'),
	};
}

const startTimeoutMs = 60_000;

/** How often Prometheus scrapes the fleet's exporters unless the lab is started with another interval. */
export const defaultFleetScrapeSeconds = 10;

/** What the exporter serves: the stand-ins app-001 ... app-N, then label-only hosts up to app-`total`. */
export type ExporterHosts = {standIns: number; total: number};

export type StartedExporter = {
	pid: number;
	port: number;
	/** The label-only hosts' SSH port (it closes every connection), when there are any. */
	sshlessPort?: number;
	labelOnly: string[];
};

/**
 * Starts the exporter (seeded: some hosts down, some lagging, one not a target), waits until it
 * listens, then writes Prometheus' target files (a host seeded `unscraped` left out).
 */
export async function startFleetExporter(
	paths: LabPaths,
	{standIns, total}: ExporterHosts,
	user: LabUser,
): Promise<StartedExporter> {
	const where = exporterPaths(paths);
	const names = Array.from({length: total}, (_, i) => fleetHostName(i + 1));
	const labelOnly = names.slice(standIns);
	copyFileSync(join(packageRoot(), 'test', 'lab', 'fleet', 'exporter', 'fleet-exporter.mjs'), where.script);
	mkdirSync(where.ackDir, {recursive: true});
	chownSync(where.ackDir, user.uid, user.gid);
	const config: ExporterConfig = {
		hostsRoot: fleetPaths(paths).hostsRoot,
		hosts: names.slice(0, standIns),
		labelOnly: labelOnly.map(name => ({name, disk: hostSeed(name).disk})),
		down: names.filter(name => hostSeed(name).exporter === 'down'),
		lagSeconds: Object.fromEntries(
			names.flatMap(name => {
				const seed = hostSeed(name).exporter;
				return typeof seed === 'number' ? [[name, seed]] : [];
			}),
		),
		generation: 1,
		ack: where.ack,
	};
	writeJsonAtomically(where.config, config);
	writeFileSync(where.log, '');
	const log = openSync(where.log, 'a');
	const child = spawn(process.execPath, [where.script, where.config], {
		detached: true,
		cwd: user.home,
		uid: user.uid,
		gid: user.gid,
		stdio: ['ignore', log, log],
		env: {PATH: '/usr/bin:/bin', HOME: user.home, LANG: 'C.UTF-8'},
	});
	closeSync(log);
	let exited: string | undefined;
	child.once('exit', (code, signal) => (exited = signal ? `was killed by ${signal}` : `exited with ${code}`));
	child.unref();
	if (!child.pid) throw new Error(`the fleet's exporter could not start; see ${where.log}`);
	writeFileSync(where.pidFile, `${child.pid}\n`);
	const acked = await waitUntil(
		() => exited !== undefined || acknowledged(where.ack, 1) !== undefined,
		startTimeoutMs,
		100,
	);
	const ack = acknowledged(where.ack, 1);
	if (!acked || exited !== undefined || !ack) {
		await terminateAll([child.pid]);
		throw new Error(
			`the fleet's exporter ${exited ?? `did not listen within ${startTimeoutMs / 1000} s`}; last lines of ${where.log}:\n${lastLines(where.log)}`,
		);
	}
	const scraped = (list: string[]) => list.filter(name => hostSeed(name).exporter !== 'unscraped');
	mkdirSync(join(where.standInTargets, '..'), {recursive: true});
	writeTargets(where.standInTargets, ack.port, scraped(config.hosts));
	writeTargets(where.labelOnlyTargets, ack.port, scraped(labelOnly));
	return {pid: child.pid, port: ack.port, sshlessPort: ack.sshlessPort, labelOnly};
}

// Prometheus' file_sd format: one target group per host, its metrics path and host label its own.
function writeTargets(file: string, port: number, hosts: string[]): void {
	const groups = hosts.map(host => ({
		targets: [`127.0.0.1:${port}`],
		labels: {host, __metrics_path__: `/metrics/${host}`},
	}));
	writeFileAtomically(file, `${JSON.stringify(groups, null, 1)}\n`, 0o644);
}

/** ssh_config blocks for the label-only hosts: every one sent to the port that closes each connection (no DNS, no traffic elsewhere). */
export function renderLabelOnlySshConfig(hosts: string[], sshlessPort: number): string {
	const blocks = hosts.map(host => `Host ${host}\n\tHostName 127.0.0.1\n\tPort ${sshlessPort}`);
	return `\n# Hosts in Prometheus alone (label sets of the fleet's exporter, docs/LAB.md): no sshd; this port closes every connection.\n\n${blocks.join('\n\n')}\n`;
}

/** Changes the exporter's config (a host down or back, a lag) and waits until it has applied it. */
export async function changeFleetExporter(
	paths: LabPaths,
	change: (config: ExporterConfig) => void,
): Promise<void> {
	const where = exporterPaths(paths);
	const config = JSON.parse(readFileSync(where.config, 'utf8')) as ExporterConfig;
	change(config);
	config.generation++;
	writeJsonAtomically(where.config, config);
	const pid = Number(readFileSync(where.pidFile, 'utf8').trim());
	if (!(pid > 0) || !isProcessAlive(pid))
		throw new Error(`the fleet's exporter is not running (see ${where.log})`);
	process.kill(pid, 'SIGHUP');
	if (!(await waitUntil(() => acknowledged(where.ack, config.generation) !== undefined, 30_000, 50)))
		throw new Error(`the fleet's exporter did not apply its new config within 30 s; see ${where.log}`);
}

/** Ends the exporter (also one a crashed lab left: found by its command line naming this lab's config). */
export async function stopFleetExporter(paths: LabPaths): Promise<boolean> {
	const where = exporterPaths(paths);
	const found = listProcesses().filter(
		entry => entry.state !== 'Z' && (processCommandLine(entry.pid) ?? '').includes(where.config),
	);
	return (await terminateAll(found.map(entry => entry.pid))) > 0;
}

function acknowledged(ack: string, generation: number): Ack | undefined {
	if (!existsSync(ack)) return undefined;
	try {
		const read = JSON.parse(readFileSync(ack, 'utf8')) as Ack;
		return read.generation >= generation ? read : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Prometheus stops scraping the fleet's exporter until `resume()`: its target files are set aside and
 * left empty (Prometheus re-reads them every 5 s and drops the targets), so the machine does only what
 * is measured meanwhile (the bench's SSH fan-out). Resolves once Prometheus has no fleet target left.
 */
export async function pauseFleetScrapes(
	paths: LabPaths,
	prometheusUrl: string,
	job: string,
): Promise<{resume: () => void}> {
	const where = exporterPaths(paths);
	const files = [where.standInTargets, where.labelOnlyTargets].filter(file => existsSync(file));
	const kept = files.map(file => [file, readFileSync(file, 'utf8')] as const);
	for (const file of files) writeFileAtomically(file, '[]\n', 0o644);
	const resume = () => {
		for (const [file, text] of kept) writeFileAtomically(file, text, 0o644);
	};
	const dropped = await waitUntil(async () => (await activeTargets(prometheusUrl, job)) === 0, 60_000, 500);
	if (!dropped) {
		resume();
		throw new Error(
			`Prometheus at ${prometheusUrl} still scraped job ${job} 60 s after its targets were removed`,
		);
	}
	return {resume};
}

/** How many targets of the job Prometheus scrapes now (undefined: it did not answer). */
async function activeTargets(prometheusUrl: string, job: string): Promise<number | undefined> {
	try {
		const response = await fetch(`${prometheusUrl}/api/v1/targets?state=active`, {
			signal: AbortSignal.timeout(10_000),
		});
		const body = (await response.json()) as {
			data?: {activeTargets?: Array<{labels?: Record<string, string>}>};
		};
		return (body.data?.activeTargets ?? []).filter(target => target.labels?.job === job).length;
	} catch {
		return undefined;
	}
}
