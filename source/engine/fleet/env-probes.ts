// The environment's part of a refresh, asked once whatever the number of hosts: job freshness,
// stuck ETL jobs and SLOs (HTTP, SQL, Prometheus), the services' health URLs and /ops/verify.
import type {HealthResults, Outcome, SlotVerify} from '../../core/fleet/aggregate.js';
import type {Runtime} from '../runtime.js';
import type {Probe, ProbeContext} from '../probes/probe.js';
import {jobsProbe} from '../probes/jobs.js';
import {etlProbe} from '../probes/etl.js';
import {sloProbe} from '../probes/slo.js';
import {alertsProbe} from '../probes/alerts.js';
import {runEnvironmentChecks, environmentChecks} from '../probes/checks.js';
import type {CheckItem} from '../../core/checks/evaluate.js';
import {checkServicesHealth} from '../probes/services.js';
import {readSlotVerify} from '../probes/slot.js';
import type {PaneReport} from '../refresh.js';
import {probeDeadlineMs, withTimeout} from './timeout.js';

export const envProbes: Probe[] = [jobsProbe, etlProbe, sloProbe, alertsProbe] as Probe[];

export type EnvRound = {
	health: Promise<HealthResults>;
	/** Only when slots are configured. */
	verify?: Promise<Outcome<SlotVerify>>;
	/** The env-wide panes, each reported through onPane as soon as it is done. */
	panes: Promise<void>;
	/** The environment's checks (HTTP, SQL, PromQL), when it has any: merged with the hosts' into the Checks pane. */
	checks?: Promise<Outcome<CheckItem[]>>;
};

export function startEnvProbes(
	runtime: Runtime,
	now: number,
	onPane: (report: PaneReport) => void,
	withSlot: boolean,
): EnvRound {
	const {env} = runtime;
	const deadline = probeDeadlineMs(env.probeTimeoutSeconds);
	const context: ProbeContext = {env, runtime, now};
	const panes = Promise.all(
		envProbes
			.filter(p => p.configured(env))
			.map(async probe => {
				try {
					const outcome = await withTimeout(probe.collect(context), deadline, `${probe.pane} probe`);
					onPane({pane: probe.pane, configured: true, status: outcome.status, data: outcome.data});
				} catch (error) {
					onPane({pane: probe.pane, configured: true, status: 'error', error: (error as Error).message});
				}
			}),
	).then(() => undefined);
	const health = withTimeout(checkServicesHealth(runtime), deadline, 'health checks').catch(
		(error: Error) =>
			new Map(
				env.services
					.filter(s => s.health)
					.map(s => [s.name, {ok: false, url: s.health!, error: error.message}]),
			),
	);
	const verify =
		withSlot && env.slots
			? withTimeout(readSlotVerify(runtime), deadline, 'slot').then(
					value => ({ok: true as const, value}),
					(error: Error) => ({ok: false as const, error: error.message}),
				)
			: undefined;
	const checks =
		environmentChecks(env).length > 0
			? withTimeout(
					runEnvironmentChecks(runtime, now),
					// A check may have a longer limit of its own (each is bounded by it; this bounds them all).
					Math.max(deadline, ...environmentChecks(env).map(c => probeDeadlineMs(c.timeoutSeconds ?? 0))),
					'checks',
				).then(
					value => ({ok: true as const, value}),
					(error: Error) => ({ok: false as const, error: error.message}),
				)
			: undefined;
	return {health, verify, panes, checks};
}
