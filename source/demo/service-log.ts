// Unit logs (var/log/<unit>.log) and the journalctl view of them. Every line a unit or the
// stand-in writes starts "<ISO time> [<pid or systemd>] ", so journalctl can render it.
import {appendFileSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {StringDecoder} from 'node:string_decoder';
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
export function journalLines(
	root: string,
	id: string,
	count: number,
	messageOnly = false,
	upTo?: number,
): string[] {
	const rendered = new JournalRenderer(id, messageOnly).render(readTail(unitLogPath(root, id), upTo));
	return count > 0 ? rendered.slice(-count) : [];
}

/** Log lines as journalctl shows them. Continuation lines (a stack trace) keep the time and process of the line before. */
class JournalRenderer {
	private time = 0;
	private source: string;
	private readonly name: string;

	constructor(
		id: string,
		private readonly messageOnly: boolean,
	) {
		this.name = unitShortName(id);
		this.source = this.name;
	}

	render(raw: string[]): string[] {
		return raw.map(line => {
			const match = lineHead.exec(line);
			if (match) {
				this.time = Date.parse(match[1]!);
				this.source = match[2] === 'systemd' ? 'systemd[1]' : `${this.name}[${match[2]}]`;
			}
			const message = match ? match[3]! : line;
			return this.messageOnly ? message : `${formatSyslogTime(this.time)} demo ${this.source}: ${message}`;
		});
	}
}

/** `journalctl -f`: the lines appended to a unit's log since it was opened (or since the last poll), rendered like journalLines. */
export class JournalFollower {
	/** Where following starts: journalLines(..., upTo = this) shows what came before, without a line twice. */
	readonly openedAt: number;
	private offset: number;
	private partial = '';
	// A UTF-8 character the writer had only half written at a poll arrives whole at the next.
	private readonly decoder = new StringDecoder('utf8');
	private readonly path: string;
	private readonly renderer: JournalRenderer;

	constructor(root: string, id: string, messageOnly = false) {
		this.path = unitLogPath(root, id);
		this.renderer = new JournalRenderer(id, messageOnly);
		this.offset = sizeOf(this.path);
		this.openedAt = this.offset;
	}

	/** The whole lines appended since the last poll. A log that shrank (rotated, rewritten) is read again from its start. */
	poll(): string[] {
		const size = sizeOf(this.path);
		if (size < this.offset) {
			this.offset = 0;
			this.partial = '';
			this.decoder.end();
		}
		if (size === this.offset) return [];
		const buffer = Buffer.alloc(size - this.offset);
		const fd = openSync(this.path, 'r');
		try {
			readSync(fd, buffer, 0, buffer.length, this.offset);
		} finally {
			closeSync(fd);
		}
		this.offset = size;
		const text = this.partial + this.decoder.write(buffer);
		const end = text.lastIndexOf('\n') + 1;
		this.partial = text.slice(end);
		return end > 0 ? this.renderer.render(text.slice(0, end - 1).split('\n')) : [];
	}
}

function sizeOf(path: string): number {
	return existsSync(path) ? statSync(path).size : 0;
}

function readTail(path: string, upTo?: number): string[] {
	if (!existsSync(path)) return [];
	const size = Math.min(statSync(path).size, upTo ?? Number.MAX_SAFE_INTEGER);
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
