// opt/app/logs: application log files of varied real sizes and ages (a few MB in all), so disk
// usage has something to rank and a "delete logs older than 7 days" cleanup has something to find.
import {mkdirSync, utimesSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {localDate} from './sandbox-backups.js';

const day = 86_400_000;
const kb = 1024;

type LineMaker = (at: Date, index: number) => string;

const paths = [
	'/api/accounts',
	'/api/invoices',
	'/api/ledger/summary',
	'/api/payouts',
	'/healthz',
	'/api/monitoring/slo',
];
const accessLine: LineMaker = (at, i) => {
	const status = i % 41 === 0 ? 500 : i % 17 === 0 ? 404 : 200;
	const path = `${paths[i % paths.length]}${i % 3 === 0 ? `/${1000 + (i % 877)}` : ''}`;
	return `127.0.0.1 - - [${at.toISOString()}] "GET ${path} HTTP/1.1" ${status} ${200 + ((i * 37) % 3800)} ${(0.02 + ((i * 13) % 400) / 1000).toFixed(3)}`;
};
const etlLine: LineMaker = (at, i) =>
	`${at.toISOString()} INFO orchestrator: job ${4000 + (i % 400)} ${['claimed', 'ingested 1,204 rows', 'scored 311 accounts', 'done'][i % 4]} (worker ${1 + (i % 3)})`;
const intakeLine: LineMaker = (at, i) =>
	`${at.toISOString()} INFO intake: scanned spool/incoming, ${i % 9 === 0 ? '1 file accepted' : 'no new files'}`;
const alertLine: LineMaker = (at, i) =>
	JSON.stringify({
		ts: at.toISOString(),
		level: i % 5 === 0 ? 'CRITICAL' : 'WARNING',
		sli: ['error_rate', 'p95_latency', 'availability'][i % 3],
		message: 'threshold crossed for 5m',
	});

export function writeAppLogs(dir: string, now: Date): void {
	const ago = (days: number) => new Date(now.getTime() - days * day);
	writeLog(join(dir, 'web', 'access.log'), 1000 * kb, now, accessLine);
	writeLog(join(dir, 'web', `access-${localDate(ago(1))}.log`), 620 * kb, ago(1), accessLine);
	writeLog(join(dir, 'web', `access-${localDate(ago(9))}.log`), 480 * kb, ago(9), accessLine);
	writeLog(join(dir, 'orchestrator', 'etl.log'), 340 * kb, now, etlLine);
	writeLog(join(dir, 'orchestrator', `etl-${localDate(ago(12))}.log`), 260 * kb, ago(12), etlLine);
	writeLog(join(dir, 'intake.log'), 120 * kb, now, intakeLine);
	writeLog(join(dir, 'alerts.jsonl'), 40 * kb, now, alertLine);
}

/** Lines going back in time from `endsAt` until the file reaches about `bytes`; mtime set to `endsAt`. */
function writeLog(file: string, bytes: number, endsAt: Date, makeLine: LineMaker): void {
	const lines: string[] = [];
	let size = 0;
	for (let i = 0; size < bytes; i++) {
		const line = makeLine(new Date(endsAt.getTime() - i * 2300), i);
		lines.push(line);
		size += line.length + 1;
	}
	mkdirSync(dirname(file), {recursive: true});
	writeFileSync(file, `${lines.reverse().join('\n')}\n`);
	utimesSync(file, endsAt, endsAt);
}
