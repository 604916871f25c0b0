// STAND-IN FOR node_exporter on each simulated fleet host of the pg-ops lab (test/lab/fleet; docs/LAB.md).
// One process for the whole fleet, as the hosts are directories of one machine: one loopback port,
// each host its own Prometheus target at /metrics/<host> (its series labelled host=<host> by the
// scrape config), answered in node_exporter's text format with what that host's stand-ins say: its units' states from
// state/<unit> (a unit whose process died is failed, as the stand-in systemctl reports it), their
// start times, and its / from state/disk (what its stand-in df prints). So a unit restarted over
// SSH shows in Prometheus at the next scrape, as on a real host. Hosts past the stand-ins (config
// labelOnly) are label sets only: no directory, no sshd, no units; their units report active and
// their / as seeded, and their SSH port (config sshlessPort, one for them all) closes every connection.
// Run by the lab as the lab user: node fleet-exporter.mjs CONFIG.json. It listens on ports of its own
// choosing (no race with another process for a port picked earlier) and writes them with its config's
// generation to CONFIG's `ack` file ({"generation", "port", "sshlessPort"}); SIGHUP re-reads CONFIG
// (hosts whose exporter is down: their scrape answered 503, as a dead target's fails; hosts whose
// samples lag: timestamped that many seconds in the past, as a lagging pipeline's would be) and acks.
import {readFileSync, writeFileSync, renameSync} from 'node:fs';
import {createServer} from 'node:http';
import {createServer as createTcpServer} from 'node:net';

const configFile = process.argv[2];
if (!configFile) {
	console.error('usage: fleet-exporter.mjs CONFIG.json');
	process.exit(2);
}

const units = ['app-api.service', 'app-worker.service'];
/** Units every host reports beside the app's, so a query must select the ones it wants. */
const systemUnits = ['ssh.service', 'systemd-journald.service'];
const states = ['activating', 'active', 'deactivating', 'failed', 'inactive'];
const bootTime = Math.floor(Date.now() / 1000) - 86_400;

let config = readConfig();

function readConfig() {
	return JSON.parse(readFileSync(configFile, 'utf8'));
}

/** KEY=value lines as the stand-ins write them (values optionally in single quotes). */
function readVars(file) {
	const vars = {};
	let text = '';
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		return vars;
	}
	for (const line of text.split('\n')) {
		const match = /^([A-Z_]+)=(.*)$/.exec(line);
		if (match) vars[match[1]] = match[2].replace(/^'(.*)'$/, '$1');
	}
	return vars;
}

/** The stand-in's own test: pid runs the host's unit (its command line names both). */
function alive(pid, hostRoot, host, unit) {
	if (!/^[1-9]\d*$/.test(pid ?? '')) return false;
	try {
		const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		return line.includes(`pgops-fleet-${host}-${unit.replace(/\.service$/, '')}\0${hostRoot}/run/hold`);
	} catch {
		return false;
	}
}

/** "Thu 2026-12-04 15:09:32 UTC" → seconds since the epoch. */
function epoch(text) {
	const match = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})/.exec(text ?? '');
	return match ? Date.parse(`${match[1]}T${match[2]}Z`) / 1000 : 0;
}

/** What a label-only host says: its units active since the exporter started, its / as seeded. */
const labelOnlyStarted = Math.floor(Date.now() / 1000);
function labelOnlyReadings(host) {
	const seed = config.labelOnly.find(h => h.name === host);
	return {
		units: units.map(unit => ({unit, state: 'active', started: labelOnlyStarted})),
		disk: {DISK_DEVICE: seed.disk.device, DISK_SIZE_KB: seed.disk.sizeKb, DISK_USED_KB: seed.disk.usedKb},
	};
}

function standInReadings(host) {
	const hostRoot = `${config.hostsRoot}/${host}`;
	return {
		units: units.map(unit => {
			const vars = readVars(`${hostRoot}/state/${unit}`);
			let state = vars.S_STATE === 'failed' ? 'failed' : 'inactive';
			if (vars.S_STATE === 'active') state = alive(vars.S_PID, hostRoot, host, unit) ? 'active' : 'failed';
			return {unit, state, started: state === 'active' ? epoch(vars.S_ACTIVE_AT) : 0};
		}),
		disk: readVars(`${hostRoot}/state/disk`),
	};
}

/** Scrapes served, by host. */
const scrapes = new Map();

function metrics(host, labelOnly) {
	const lag = config.lagSeconds?.[host] ?? 0;
	const stamp = lag > 0 ? ` ${Date.now() - lag * 1000}` : '';
	const lines = [];
	const family = (name, type, help) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
	const sample = (name, labels, value) => {
		const text = Object.entries(labels)
			.map(([k, v]) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
			.join(',');
		lines.push(`${name}${text ? `{${text}}` : ''} ${value}${stamp}`);
	};
	const {units: readings, disk} = labelOnly ? labelOnlyReadings(host) : standInReadings(host);
	for (const unit of systemUnits) readings.push({unit, state: 'active', started: bootTime});
	family('node_systemd_unit_state', 'gauge', 'Systemd unit');
	for (const {unit, state} of readings)
		for (const s of states)
			sample('node_systemd_unit_state', {name: unit, state: s, type: 'simple'}, s === state ? 1 : 0);
	family(
		'node_systemd_unit_start_time_seconds',
		'gauge',
		'Start time of the unit since unix epoch in seconds.',
	);
	for (const {unit, started} of readings)
		sample('node_systemd_unit_start_time_seconds', {name: unit}, started);
	family('node_systemd_service_restart_total', 'counter', 'Service unit count of Restart triggers');
	for (const {unit} of readings) sample('node_systemd_service_restart_total', {name: unit}, 0);
	const size = Number(disk.DISK_SIZE_KB ?? 0) * 1024;
	// A real host writes (its journal, its logs) between two scrapes: its free space is seldom the same
	// twice. A few pages more or less each scrape keep pg-ops from reading an answer that never changes.
	const scrape = (scrapes.get(host) ?? 0) + 1;
	scrapes.set(host, scrape);
	const free = Math.max(0, size - Number(disk.DISK_USED_KB ?? 0) * 1024 - (scrape % 64) * 4096);
	const fs = {device: disk.DISK_DEVICE ?? '/dev/vda1', fstype: 'ext4', mountpoint: '/'};
	family('node_filesystem_size_bytes', 'gauge', 'Filesystem size in bytes.');
	sample('node_filesystem_size_bytes', fs, size);
	family('node_filesystem_free_bytes', 'gauge', 'Filesystem free space in bytes.');
	sample('node_filesystem_free_bytes', fs, free);
	family('node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users in bytes.');
	sample('node_filesystem_avail_bytes', fs, free);
	family('node_boot_time_seconds', 'gauge', 'Node boot time, in unixtime.');
	sample('node_boot_time_seconds', {}, bootTime);
	family('node_uname_info', 'gauge', 'Labeled system information as provided by the uname system call.');
	sample('node_uname_info', {nodename: host, sysname: 'Linux', machine: 'x86_64'}, 1);
	family('node_exporter_build_info', 'gauge', 'A metric with a constant 1 value (pg-ops lab stand-in).');
	sample('node_exporter_build_info', {version: 'pg-ops-lab-stand-in'}, 1);
	return `${lines.join('\n')}\n`;
}

/** What the scrape of /metrics/<host> gets: a host down or unknown fails it (Prometheus: up == 0). */
function answer(request, response) {
	const match = /^\/metrics\/(app-\d{3,4})$/.exec(request.url ?? '');
	const host = match?.[1];
	const standIn = config.hosts.some(h => h === host);
	const labelOnly = !standIn && config.labelOnly.some(h => h.name === host);
	if (!host || (!standIn && !labelOnly)) {
		response.statusCode = 404;
		return response.end('no such host\n');
	}
	if ((config.down ?? []).includes(host)) {
		response.statusCode = 503;
		return response.end(`${host}: exporter down (pg-ops lab)\n`);
	}
	response.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
	response.end(metrics(host, labelOnly));
}

function listening(server) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server.address().port));
	});
}

const http = createServer(answer);
http.keepAliveTimeout = 60_000;
// The label-only hosts' SSH port: it accepts and closes at once, as a host whose sshd pg-ops may not reach.
const sshless = createTcpServer(socket => socket.destroy());
const ports = Promise.all([listening(http), config.labelOnly.length > 0 ? listening(sshless) : undefined]);

async function acknowledge() {
	const [port, sshlessPort] = await ports;
	const ack = `${config.ack}.partial`;
	writeFileSync(ack, `${JSON.stringify({generation: config.generation, port, sshlessPort})}\n`);
	renameSync(ack, config.ack);
}

let applying = acknowledge();
applying.catch(error => {
	console.error(`fleet exporter: ${error.message}`);
	process.exit(1);
});
process.on('SIGHUP', () => {
	applying = applying.then(() => {
		config = readConfig();
		return acknowledge();
	});
	applying.catch(error => console.error(`fleet exporter: ${error.message}`));
});
process.on('SIGTERM', () => process.exit(0));
