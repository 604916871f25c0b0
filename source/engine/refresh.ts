// One refresh: every shell probe of the environment in one batch exec on the host, the HTTP and
// SQL probes in parallel beside it; each pane is reported the moment its own probe finishes.
import {randomBytes} from 'node:crypto';
import {buildBatchScript, parseBatchOutput, type SectionResult} from '../core/batch.js';
import type {NamedEnvironment} from '../core/config/schema.js';
import type {PaneData, PaneId, PaneStatus, SlotInfo} from '../core/panes.js';
import {quoteShell} from '../core/shell.js';
import type {Runtime} from './runtime.js';
import type {Probe, ProbeContext} from './probes/probe.js';
import {servicesProbe} from './probes/services.js';
import {jobsProbe} from './probes/jobs.js';
import {diskProbe} from './probes/disk.js';
import {etlProbe} from './probes/etl.js';
import {sloProbe} from './probes/slo.js';
import {collectSlot, slotSections} from './probes/slot.js';

export const probes: Probe[] = [servicesProbe, jobsProbe, diskProbe, etlProbe, sloProbe] as Probe[];

export type PaneReport = {pane: PaneId; configured: boolean; status: PaneStatus; data?: PaneData[PaneId]; error?: string};

export type RefreshListener = {onPane(report: PaneReport): void; onSlot?(slot: SlotInfo | undefined): void};

export function batchPrelude(env: NamedEnvironment): string {
	// Fixed locale and zone: parsers read English dates in UTC whatever the host's settings.
	const path = env.shellPath.length > 0 ? `export PATH=${env.shellPath.map(quoteShell).join(':')}:"$PATH"\n` : '';
	return `export LC_ALL=C TZ=UTC\n${path}`;
}

export async function runRefresh(runtime: Runtime, listener: RefreshListener, now = Date.now()): Promise<void> {
	const {env} = runtime;
	const timeoutMs = env.probeTimeoutSeconds * 1000;
	const active = probes.filter(p => p.configured(env));
	const sections = [...active.flatMap(p => p.sections(env)), ...slotSections(env)];
	const nonce = randomBytes(6).toString('hex');
	const batch: Promise<Map<string, SectionResult>> = sections.length === 0
		? Promise.resolve(new Map())
		// Sections get most of the probe timeout each; the batch as a whole a little grace beyond it.
		: runtime.host.exec(buildBatchScript(sections, nonce, batchPrelude(env), Math.max(1, env.probeTimeoutSeconds * 0.8)), {timeoutMs: timeoutMs + 2000}).then(result => {
			const parsed = parseBatchOutput(result.stdout, nonce);
			if (result.timedOut && parsed.size < sections.length) throw new Error(`the host's commands did not finish within ${env.probeTimeoutSeconds}s`);
			return parsed;
		});
	batch.catch(() => {}); // each probe reports the batch's failure itself
	const context: ProbeContext = {
		env,
		runtime,
		now,
		async section(id) {
			const results = await batch;
			const result = results.get(id);
			if (!result) throw new Error(`no output for ${id}: the batch on ${runtime.host.label} ended early`);
			return result;
		},
	};
	for (const probe of probes) if (!probe.configured(env)) listener.onPane({pane: probe.pane, configured: false, status: 'ok'});
	await Promise.all([
		...active.map(async probe => {
			try {
				const outcome = await withTimeout(probe.collect(context), timeoutMs + 2500, `${probe.pane} probe`);
				listener.onPane({pane: probe.pane, configured: true, status: outcome.status, data: outcome.data});
			} catch (error) {
				listener.onPane({pane: probe.pane, configured: true, status: 'error', error: (error as Error).message});
			}
		}),
		env.slots && listener.onSlot
			? withTimeout(collectSlot(context), timeoutMs + 2500, 'slot').then(listener.onSlot, error => listener.onSlot!({error: (error as Error).message}))
			: undefined,
	]);
}

// A hung probe must not hold its pane (or the next refresh) forever.
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)}s`)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}
