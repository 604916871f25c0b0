// The shape of an environment-wide probe (jobs, ETL, SLO: asked once per refresh, however many
// hosts): how it turns its HTTP, SQL or Prometheus answers into its pane's data. The per-host
// parts (services, disk, the `current` link) are read from each host's batch (engine/fleet/host-batch.ts).
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

export {requireSuccess} from '../../core/batch.js';
