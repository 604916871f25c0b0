// The nightly database backups in opt/app/backups: real gzip files holding a plain SQL script
// (what pg_dump would have produced), dated and timestamped like a 02:00 cron job made them.
import {mkdirSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {demoDatabaseScript} from './seed-data.js';

const backupHour = 2;
const day = 86_400_000;

export function writeBackups(dir: string, now: Date, count = 3): string[] {
	mkdirSync(dir, {recursive: true});
	const latest = new Date(now);
	latest.setHours(backupHour, 0, 0, 0);
	// Today's backup only exists once 02:00 has passed.
	if (latest.getTime() > now.getTime()) latest.setTime(latest.getTime() - day);
	const files: string[] = [];
	for (let i = 0; i < count; i++) {
		const takenAt = new Date(latest.getTime() - i * day);
		const file = join(dir, `db_${localDate(takenAt)}.sql.gz`);
		writeFileSync(file, gzipSync(demoDatabaseScript(takenAt)));
		utimesSync(file, takenAt, takenAt);
		files.push(file);
	}
	return files;
}

/** YYYY-MM-DD in local time, as `date +%F` in a cron job would name it. */
export function localDate(at: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
