// The audit log: one JSON line per event of a procedure (plan, confirmation, cancel, step, check,
// undo, result) in the user's state directory, and on the host when auditFile is configured.
// Every line is masked again right before it is written: no secret value reaches a log.
import {appendFileSync, existsSync, mkdirSync, readFileSync} from 'node:fs';
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
	constructor(
		private readonly runtime: Runtime,
		private readonly base: Pick<AuditRecord, 'operator' | 'procedure' | 'correlationId'>,
		private readonly secrets: Record<string, string>,
	) {}

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
		const file = localAuditFile();
		mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		appendFileSync(file, `${line}\n`, {mode: 0o600});
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
