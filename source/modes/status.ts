// `pg-ops status`: every pane once, as JSON or plain text; the exit code says healthy (0), unhealthy (2) or error (1).
import type {NamedEnvironment} from '../core/config/schema.js';
import {formatStatusText} from '../core/format/status-text.js';
import {fleetSummaryLines} from '../core/fleet/fleet-text.js';
import {exitCodes} from '../core/policy/overall.js';
import {collectStatus} from '../engine/status-report.js';
import {printOut} from '../adapters/plain-output.js';
import {trace} from '../adapters/trace.js';

export async function runStatus(
	env: NamedEnvironment,
	options: {json: boolean; readOnly: boolean; trustHostKey?: string},
): Promise<number> {
	const {report, panes, slot, fleet, warnings} = await collectStatus(env, {
		readOnly: options.readOnly,
		trustHostKey: options.trustHostKey,
	});
	trace('status collected');
	if (options.json) {
		printOut(JSON.stringify(report, null, 2) + '\n');
	} else {
		const [header, ...rest] = formatStatusText({
			env: env.name,
			host: report.host,
			status: report.status,
			panes,
			slot,
			now: Date.now(),
		}).split('\n');
		// Right under the verdict: which hosts it rests on, and what the configuration failed to name.
		const extra = [...warnings.map(w => `warning: ${w}`), ...(fleet ? fleetSummaryLines(fleet) : [])];
		printOut([header, ...extra, ...rest].join('\n'));
	}
	trace('status printed');
	return exitCodes[report.status];
}
