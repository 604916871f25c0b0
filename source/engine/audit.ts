// The audit log: one JSON line per event of a procedure (plan, confirmation, cancel, step, check,
// undo, result) in the user's state directory, and on the host when auditFile is configured.
// Every line is masked again right before it is written: no secret value reaches a log. Writing it
// never throws: a procedure must not lose control of production because its own bookkeeping failed
// (a full disk); the failure is kept and reported with the result, and a line cut short is taken back.
import {
	closeSync,
	existsSync,
	fstatSync,
	ftruncateSync,
	mkdirSync,
	openSync,
	readFileSync,
	statfsSync,
	writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {maskSecrets} from '../core/procedures/describe.js';
import type {Runtime} from './runtime.js';
import {stateDir} from './state-dir.js';

// start, skip and close: a maintenance window's own events (procedure "maintenance"); its steps use step and verify.
export type AuditEvent =
	| 'plan'
	| 'confirm'
	| 'cancel'
	| 'refused'
	| 'lock'
	| 'step'
	| 'verify'
	| 'undo'
	| 'diagnose'
	| 'result'
	| 'recheck'
	| 'interrupt'
	| 'start'
	| 'skip'
	| 'close';

export type AuditRecord = {
	time: string;
	operator: string;
	env: string;
	host: string;
	procedure: string;
	correlationId: string;
	event: AuditEvent;
	step?: string;
	command?: string;
	outcome?: string;
	durationMs?: number;
	detail?: string;
};

export {stateDir} from './state-dir.js';

export function localAuditFile(): string {
	return path.join(stateDir(), 'audit.jsonl');
}

export function operatorName(): string {
	return process.env.PGOPS_OPERATOR || `${os.userInfo().username}@${os.hostname()}`;
}

export class AuditLog {
	private failure?: {error: string; lost: number};

	constructor(
		private readonly runtime: Runtime,
		private readonly base: Pick<AuditRecord, 'operator' | 'procedure' | 'correlationId'>,
		private secrets: Record<string, string>,
	) {}

	/** A plan made again under the lock brings values of its own (a new token): masked too from now on. */
	maskAlso(secrets: Record<string, string>): void {
		this.secrets = {
			...this.secrets,
			...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`again.${k}`, v])),
		};
	}

	/** Why lines of this run are missing from the local audit log (a full disk), and how many; undefined while every line was written. */
	get problem(): string | undefined {
		if (!this.failure) return undefined;
		return `the audit log ${localAuditFile()} could not be written (${this.failure.error}): ${this.failure.lost} line${this.failure.lost === 1 ? '' : 's'} of this run ${this.failure.lost === 1 ? 'is' : 'are'} missing from it`;
	}

	/** Never rejects: a line that can't be written is counted in `problem`. */
	async append(
		record: Omit<AuditRecord, 'time' | 'operator' | 'env' | 'host' | 'procedure' | 'correlationId'>,
	): Promise<void> {
		const full: AuditRecord = {
			time: new Date().toISOString(),
			...this.base,
			env: this.runtime.env.name,
			host: this.runtime.host.label,
			...record,
		};
		if (full.detail && full.detail.length > 500) full.detail = `${full.detail.slice(0, 500)}…`;
		const line = maskSecrets(JSON.stringify(full), this.secrets);
		this.writeLocal(`${line}\n`);
		if (this.runtime.env.auditFile) {
			// Best effort on the host: a full disk there must not stop the procedure or lose the local line.
			const target = this.runtime.env.auditFile.replaceAll("'", `'\\''`);
			await this.runtime.host
				.exec(`mkdir -p "$(dirname '${target}')" && cat >> '${target}'`, {
					timeoutMs: 10_000,
					stdin: `${line}\n`,
				})
				.catch(() => {});
		}
	}

	private writeLocal(text: string): void {
		const file = localAuditFile();
		const bytes = Buffer.from(text);
		let fd: number | undefined;
		let start = 0;
		let written = 0;
		try {
			mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
			fd = openSync(file, 'a', 0o600);
			start = fstatSync(fd).size;
			while (written < bytes.length) written += writeSync(fd, bytes, written);
		} catch (error) {
			// Half a line would break every reader of the log: take it back, unless another run appended after it.
			if (fd !== undefined && written > 0)
				try {
					if (fstatSync(fd).size === start + written) ftruncateSync(fd, start);
				} catch {
					// the line stays cut; readAuditLog skips a line it can't parse
				}
			const e = error as NodeJS.ErrnoException;
			this.failure = {
				error: this.failure?.error ?? (e.code ? `${e.code}: ${e.message}` : String(error)),
				lost: (this.failure?.lost ?? 0) + 1,
			};
		} finally {
			if (fd !== undefined)
				try {
					closeSync(fd);
				} catch {
					// closing can report a delayed write error too: already counted or harmless
				}
		}
	}
}

/** What a procedure that changes something needs free where its audit log goes: room for its lines, with a margin. */
export const auditFreeBytesNeeded = 1024 * 1024;

/** Why there is too little room to write the audit log, or undefined. Measured on the state directory (or the nearest existing parent). */
export function auditSpaceProblem(needed = auditFreeBytesNeeded): string | undefined {
	let dir = stateDir();
	while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
	try {
		const stats = statfsSync(dir);
		const free = stats.bavail * stats.bsize;
		if (free >= needed) return undefined;
		return `only ${Math.floor(free / 1024)} KiB free in ${dir}, where the audit log is written (${Math.floor(needed / 1024)} KiB needed): a procedure that changes something must be able to record what it did; free some space (or point PGOPS_STATE_DIR elsewhere)`;
	} catch {
		return undefined; // can't tell: the writes themselves will say
	}
}

export function readAuditLog(): AuditRecord[] {
	const file = localAuditFile();
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.flatMap(line => {
			try {
				return [JSON.parse(line) as AuditRecord];
			} catch {
				return [];
			}
		});
}
