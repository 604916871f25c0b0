// `pg-ops audit`: the local audit log as text or JSON lines, oldest first (--reverse: newest first),
// filtered by environment, procedure, correlation id, time (--since) and count (--last).
import {localAuditFile, readAuditLog} from '../engine/audit.js';
import {printOut} from '../adapters/plain-output.js';
import {describeAuditFilter, filterAudit, type AuditFilter} from '../core/audit-filter.js';

export {AuditFilterError, parseLast, parseSince} from '../core/audit-filter.js';

export function runAudit(options: AuditFilter & {json: boolean}): number {
	const records = filterAudit(readAuditLog(), options);
	if (options.json) {
		for (const record of records) printOut(JSON.stringify(record) + '\n');
		return 0;
	}
	if (records.length === 0) {
		const which = describeAuditFilter(options);
		printOut(`no audit records${which ? ` ${which}` : ''} in ${localAuditFile()}\n`);
		return 0;
	}
	for (const r of records) {
		const what = [r.step, r.outcome].filter(Boolean).join(': ');
		printOut(
			`${r.time.replace('T', ' ').slice(0, 19)}  ${r.env}  ${r.procedure}  ${r.event}${what ? `  ${what}` : ''}  ${r.operator}  ${r.correlationId.slice(0, 8)}\n`,
		);
		// SQL keeps its line breaks (a `--` comment must not swallow what follows), each line indented under the record.
		if (r.command) printOut(`    $ ${r.command.split('\n').join('\n      ')}\n`);
	}
	return 0;
}
