// The shape of an environment-wide probe (jobs, ETL, SLO: asked once per refresh, however many
// hosts): how it turns its HTTP, SQL or Prometheus answers into its pane's data. The per-host
// parts (services, disk, the `current` link) are read from each host's batch (engine/fleet/host-batch.ts).
import {sectionTimedOut, type SectionResult} from '../../core/batch.js';
import type {NamedEnvironment} from '../../core/config/schema.js';
import type {PaneData, PaneId, PaneStatus} from '../../core/panes.js';
import type {Runtime} from '../runtime.js';

export type ProbeContext = {
	env: NamedEnvironment;
	runtime: Runtime;
	now: number;
};

export type ProbeOutcome<K extends PaneId> = {data: PaneData[K]; status: PaneStatus};

export interface Probe<K extends PaneId = PaneId> {
	pane: K;
	configured(env: NamedEnvironment): boolean;
	collect(ctx: ProbeContext): Promise<ProbeOutcome<K>>;
}

/** A section's output, or an error naming the command's failure when it exited non-zero. */
export function requireSuccess(result: SectionResult, what: string): string {
	if (result.exitCode === 0) return result.output;
	if (result.exitCode === sectionTimedOut) throw new Error(`${what} timed out on the host`);
	const detail = result.output.trim().split('\n').filter(Boolean).slice(-2).join(' / ');
	const hint = result.exitCode === 127 ? ' (command not found on the host)' : '';
	throw new Error(`${what} exited with ${result.exitCode}${hint}${detail ? `: ${detail}` : ''}`);
}
