// Unit logs (var/log/<unit>.log) and the journalctl view of them. Every line a unit or the
// stand-in writes starts "<ISO time> [<pid or systemd>] ", so journalctl can render it.
import {appendFileSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {sandboxPaths} from './sandbox-layout.js';
import {formatSyslogTime} from './systemd-format.js';
import {unitShortName} from './service-units.js';

const lineHead = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) \[(\w+)\] ?(.*)$/;
const tailBytes = 256 * 1024;

export function unitLogPath(root: string, id: string): string {
	return join(sandboxPaths(root).unitLogs, `${unitShortName(id)}.log`);
}

/** A line as the service manager itself would log it (journald shows these as systemd[1]). */
export function appendManagerLine(root: string, id: string, text: string, at = Date.now()): void {
	appendUnitLog(root, id, [`${new Date(at).toISOString()} [systemd] ${text}`]);
}

export function appendUnitLog(root: string, id: string, lines: string[]): void {
	mkdirSync(sandboxPaths(root).unitLogs, {recursive: true});
	appendFileSync(unitLogPath(root, id), lines.map(line => `${line}\n`).join(''));
}

/** The last `count` lines of the unit's log, formatted like journalctl's short output. */
export function journalLines(root: string, id: string, count: number, messageOnly = false): string[] {
	const raw = readTail(unitLogPath(root, id));
	const name = unitShortName(id);
	let time = 0;
	let source = name;
	const rendered = raw.map(line => {
		const match = lineHead.exec(line);
		if (match) {
			time = Date.parse(match[1]!);
			source = match[2] === 'systemd' ? 'systemd[1]' : `${name}[${match[2]}]`;
		}
		// Continuation lines (a stack trace) keep the time and process of the line before.
		const message = match ? match[3]! : line;
		return messageOnly ? message : `${formatSyslogTime(time)} demo ${source}: ${message}`;
	});
	return count > 0 ? rendered.slice(-count) : [];
}

function readTail(path: string): string[] {
	if (!existsSync(path)) return [];
	const size = statSync(path).size;
	const length = Math.min(size, tailBytes);
	const buffer = Buffer.alloc(length);
	const fd = openSync(path, 'r');
	try {
		readSync(fd, buffer, 0, length, size - length);
	} finally {
		closeSync(fd);
	}
	const lines = buffer.toString('utf8').split('\n');
	if (length < size) lines.shift();
	if (lines.at(-1) === '') lines.pop();
	return lines;
}
