// `pg-ops audit`: the local audit log, newest last, as text or JSON lines.
import {localAuditFile, readAuditLog} from '../engine/audit.js';
import {printOut} from '../adapters/plain-output.js';

export function runAudit(options: {env?: string; json: boolean}): number {
	const records = readAuditLog().filter(r => !options.env || r.env === options.env);
	if (options.json) {
		for (const record of records) printOut(JSON.stringify(record) + '\n');
		return 0;
	}
	if (records.length === 0) {
		printOut(`no audit records${options.env ? ` for ${options.env}` : ''} in ${localAuditFile()}\n`);
		return 0;
	}
	for (const r of records) {
		const what = [r.step, r.outcome].filter(Boolean).join(': ');
		printOut(
			`${r.time.replace('T', ' ').slice(0, 19)}  ${r.env}  ${r.procedure}  ${r.event}${what ? `  ${what}` : ''}  ${r.operator}  ${r.correlationId.slice(0, 8)}\n`,
		);
		if (r.command) printOut(`    $ ${r.command}\n`);
	}
	return 0;
}
