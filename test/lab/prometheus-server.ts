// The lab's Prometheus: Debian's server (/usr/bin/prometheus) as a child of the lab, run as the
// `prometheus` account, listening on 127.0.0.1 only, scraping app-web's /metrics every second into
// a TSDB under DIR/prometheus. Ready once it answers /-/ready and holds a first sample.
import {spawn} from 'node:child_process';
import {
	chownSync,
	copyFileSync,
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import {join} from 'node:path';
import {isDemoProcess, processCommandLine, waitUntil} from '../../source/demo/processes.js';
import type {LabPaths} from './lab-paths.js';
import {lastLines} from './log-tail.js';
import {listProcesses, terminateAll} from './process-table.js';
import {runCommand} from './run-command.js';

export const prometheusBinary = '/usr/bin/prometheus';

/** The metric every query of the lab's SLO reads; its first sample means scraping works. */
export const scrapedMetric = 'app_http_requests_total';

// Generous: on a busy 2-core machine the VM's app-web and Prometheus take their time to start and scrape.
const readyTimeoutMs = 120_000;

export function prometheusPaths(paths: LabPaths) {
	const dir = join(paths.dir, 'prometheus');
	return {
		dir,
		config: join(dir, 'prometheus.yml'),
		data: join(dir, 'data'),
		pidFile: join(dir, 'prometheus.pid'),
		teamRules: join(dir, 'team-rules.yml'),
		teamTargets: join(dir, 'team-targets.json'),
		log: join(paths.dir, 'prometheus.log'),
	};
}

/**
 * A team's own system beside the lab's (issue 13's examples): its alert rules, and a scrape job whose
 * targets the test writes once its stand-in listens (a port picked at run time).
 */
export interface PrometheusTeam {
	/** The scrape job's name (its series' `job` label). */
	job: string;
	/** A Prometheus rules file (e.g. an example's), copied in and evaluated every second. */
	rulesFile: string;
}

export interface PrometheusStart {
	port: number;
	team?: PrometheusTeam;
	/** app-web's port: the target scraped at 127.0.0.1:PORT/metrics. */
	httpPort: number;
	/** The lab VM's real node_exporter (job `node`). */
	nodeExporterPort: number;
	/** The fleet's stand-in exporter (job `fleet-node`): one target per host, labelled host=app-NNN. */
	fleet?: {
		/** file_sd files (fleet-exporter.ts writes them once the exporter listens): the SSH stand-ins' targets. */
		standInTargets: string;
		/** Hosts in Prometheus alone: the same job, scraped every labelOnlyScrapeSeconds. */
		labelOnlyTargets: string;
		scrapeSeconds: number;
	};
}

/** The lab's jobs, as environments name them in `prometheus.job`. */
export const prometheusJobs = {vm: 'node', fleet: 'fleet-node'} as const;
/** How often the VM's node_exporter is scraped. */
export const vmScrapeSeconds = 5;
/** How often the label-only hosts are scraped: 1,000 targets every 2 s would take a core of a busy test machine. */
export const labelOnlyScrapeSeconds = 10;

export interface StartedPrometheus {
	url: string;
	pid: number;
	/** With a team part: its job, and the file_sd file its targets go in (JSON, read every second). */
	team?: {job: string; targetsFile: string};
	/** Resolves once Prometheus holds a first sample of app_http_requests_total (app-web must be up by then). */
	firstSample: Promise<void>;
}

/** Starts the server; resolves once it answers /-/ready. */
export async function startPrometheus(paths: LabPaths, start: PrometheusStart): Promise<StartedPrometheus> {
	const {port} = start;
	const where = prometheusPaths(paths);
	const account = await prometheusAccount();
	rmSync(where.dir, {recursive: true, force: true});
	mkdirSync(where.data, {recursive: true});
	if (start.team) {
		copyFileSync(start.team.rulesFile, where.teamRules);
		// No targets until the test's stand-in listens: it writes them here.
		writeFileSync(where.teamTargets, '[]\n', {mode: 0o644});
	}
	writeFileSync(where.config, prometheusConfig(paths, start), {mode: 0o644});
	for (const dir of [where.dir, where.data]) chownSync(dir, account.uid, account.gid);
	writeFileSync(where.log, '');
	const log = openSync(where.log, 'a');
	const child = spawn(
		prometheusBinary,
		[
			`--config.file=${where.config}`,
			`--storage.tsdb.path=${where.data}`,
			`--web.listen-address=127.0.0.1:${port}`,
			'--storage.tsdb.retention.time=1d',
			'--log.level=warn',
		],
		{
			detached: true,
			cwd: where.dir,
			uid: account.uid,
			gid: account.gid,
			stdio: ['ignore', log, log],
			env: {PATH: '/usr/bin:/bin', LANG: 'C'},
		},
	);
	closeSync(log);
	let exited: string | undefined;
	child.once(
		'exit',
		(code, signal) => (exited = signal ? `was killed by ${signal}` : `exited with code ${code}`),
	);
	child.once('error', error => (exited = `could not start: ${error.message}`));
	child.unref();
	if (child.pid) writeFileSync(where.pidFile, `${child.pid}\n`);
	const url = `http://127.0.0.1:${port}`;
	const ready = await waitUntil(
		async () => exited !== undefined || (await answers(`${url}/-/ready`)),
		readyTimeoutMs,
		100,
	);
	if (!ready || exited !== undefined || !child.pid) {
		if (child.pid) await terminateAll([child.pid]);
		throw new Error(
			`Prometheus ${exited ?? `did not answer ${url}/-/ready within ${readyTimeoutMs / 1000} s`}; last lines of ${where.log}:\n${lastLines(where.log)}`,
		);
	}
	const firstSample = waitForSample(url, where.log, () => exited);
	firstSample.catch(() => undefined); // Reported where it is awaited.
	const team = start.team && {job: start.team.job, targetsFile: where.teamTargets};
	return {url, pid: child.pid, firstSample, ...(team ? {team} : {})};
}

/** Ends the lab's Prometheus (also one a crashed lab left: any prometheus whose command line names this lab's config). */
export async function stopPrometheus(paths: LabPaths): Promise<boolean> {
	const where = prometheusPaths(paths);
	const recorded = existsSync(where.pidFile) ? Number(readFileSync(where.pidFile, 'utf8').trim()) : 0;
	const found = listProcesses()
		.filter(
			entry =>
				entry.comm === 'prometheus' &&
				entry.state !== 'Z' &&
				(processCommandLine(entry.pid) ?? '').includes(where.config),
		)
		.map(entry => entry.pid);
	const pids = [
		...new Set([...(recorded && isDemoProcess(recorded, where.config) ? [recorded] : []), ...found]),
	];
	// SIGTERM: Prometheus closes its TSDB and exits; terminateAll kills it if that takes too long.
	const ended = await terminateAll(pids, 10_000);
	rmSync(where.pidFile, {force: true});
	return ended > 0;
}

function prometheusConfig(
	paths: LabPaths,
	{httpPort, nodeExporterPort, fleet, team}: PrometheusStart,
): string {
	const where = prometheusPaths(paths);
	// Read every 5 s: the files appear, and change, after Prometheus has started.
	const targets = (file: string) => [
		'    file_sd_configs:',
		`      - {files: ['${file}'], refresh_interval: 5s}`,
	];
	const fleetJob = fleet
		? [
				// The fleet's stand-in exporter: each host its own target (/metrics/<host>), its series labelled host=<host>.
				`  - job_name: ${prometheusJobs.fleet}`,
				`    scrape_interval: ${fleet.scrapeSeconds}s`,
				// A scrape that misses its timeout is up == 0, a dead target: as long as the interval allows.
				`    scrape_timeout: ${Math.min(fleet.scrapeSeconds, 10)}s`,
				...targets(fleet.standInTargets),
				// The label-only hosts: less often, in the same job (a job name is unique per scrape config: relabelled).
				`  - job_name: ${prometheusJobs.fleet}-label-only`,
				`    scrape_interval: ${labelOnlyScrapeSeconds}s`,
				`    scrape_timeout: ${labelOnlyScrapeSeconds}s`,
				'    relabel_configs:',
				`      - {target_label: job, replacement: ${prometheusJobs.fleet}}`,
				...targets(fleet.labelOnlyTargets),
			]
		: [];
	const teamJob = team
		? [
				`  - job_name: ${team.job}`,
				'    file_sd_configs:',
				`      - {files: ['${where.teamTargets}'], refresh_interval: 1s}`,
			]
		: [];
	return [
		`# Prometheus for the pg-ops lab in ${paths.dir}: generated by startLab, rewritten on every start.`,
		'global:',
		'  scrape_interval: 1s',
		'  scrape_timeout: 1s',
		'  evaluation_interval: 1s',
		...(team ? [`rule_files: ['${where.teamRules}']`] : []),
		'scrape_configs:',
		// app-web of the lab's VM, which every fleet host's SLO stands for (the hosts serve nothing themselves).
		'  - job_name: app-web',
		'    static_configs:',
		`      - targets: ['127.0.0.1:${httpPort}']`,
		// The lab VM's real node_exporter (systemd collector on): instance 127.0.0.1:PORT is the host 127.0.0.1.
		`  - job_name: ${prometheusJobs.vm}`,
		`    scrape_interval: ${vmScrapeSeconds}s`,
		`    scrape_timeout: ${vmScrapeSeconds}s`,
		'    static_configs:',
		`      - targets: ['127.0.0.1:${nodeExporterPort}']`,
		...fleetJob,
		...teamJob,
		'',
	].join('\n');
}

async function waitForSample(url: string, log: string, exited: () => string | undefined): Promise<void> {
	const query = `${url}/api/v1/query?query=${encodeURIComponent(scrapedMetric)}`;
	const found = await waitUntil(
		async () => exited() !== undefined || (await hasSample(query)),
		readyTimeoutMs,
		200,
	);
	if (!found || exited() !== undefined)
		throw new Error(
			`Prometheus ${exited() ?? `scraped no ${scrapedMetric} from app-web within ${readyTimeoutMs / 1000} s`}; last lines of ${log}:\n${lastLines(log)}`,
		);
}

async function hasSample(query: string): Promise<boolean> {
	try {
		const response = await fetch(query, {signal: AbortSignal.timeout(5000)});
		const body = (await response.json()) as {status?: string; data?: {result?: unknown[]}};
		return body.status === 'success' && (body.data?.result?.length ?? 0) > 0;
	} catch {
		return false;
	}
}

async function answers(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, {signal: AbortSignal.timeout(1000)});
		await response.body?.cancel();
		return response.ok;
	} catch {
		return false;
	}
}

async function prometheusAccount(): Promise<{uid: number; gid: number}> {
	const result = await runCommand('getent', ['passwd', 'prometheus']);
	if (result.code !== 0)
		throw new Error('there is no prometheus account; install Prometheus: apt-get install -y prometheus');
	const [, , uid, gid] = result.stdout.trim().split(':');
	return {uid: Number(uid), gid: Number(gid)};
}
