// One host's part of a refresh: every shell section (services, disk, the `current` link) in ONE
// exec on the host, parsed into that host's reading. The HTTP and SQL probes are the
// environment's, asked once per refresh (env-probes.ts).
import {randomBytes} from 'node:crypto';
import {
	buildBatchScript,
	parseBatchOutput,
	sectionOf,
	type BatchSection,
	type SectionResult,
} from '../../core/batch.js';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {quoteShell} from '../../core/shell.js';
import type {DiskData, HostServiceStates, Outcome, SlotLink} from '../../core/fleet/aggregate.js';
import type {HostPartName} from '../../core/fleet/prometheus-plan.js';
import type {Host} from '../../adapters/host.js';
import {readServiceStates, serviceSections, servicesConfigured} from '../probes/services.js';
import {diskSections, readDisk} from '../probes/disk.js';
import {readSlotLink, slotSections} from '../probes/slot.js';
import {checkSections, commandChecks, readCommandChecks} from '../probes/checks.js';
import type {CheckConfig} from '../../core/checks/schema.js';
import type {CheckItem} from '../../core/checks/evaluate.js';

/** What one host's batch gave, part by part (a part absent: not configured). */
export type HostReading = {
	services?: Outcome<HostServiceStates>;
	disk?: Outcome<DiskData>;
	slotLink?: Outcome<SlotLink>;
	/** The command checks this batch ran (the due ones); absent when none was due. */
	checks?: Outcome<CheckItem[]>;
};

export function batchPrelude(env: NamedEnvironment): string {
	// Fixed locale and zone: parsers read English dates in UTC whatever the host's settings.
	const path =
		env.shellPath.length > 0 ? `export PATH=${env.shellPath.map(quoteShell).join(':')}:"$PATH"\n` : '';
	return `export LC_ALL=C TZ=UTC\n${path}`;
}

/** The parts of a host's reading; an environment reading Prometheus asks a host over SSH for some of them only. */
export const allHostParts: ReadonlySet<HostPartName> = new Set(['services', 'disk', 'slot', 'checks']);

/** The built-in panes' sections first: a team's slow check (`checks`, the due ones) is last in line, never ahead of them. */
export function hostSections(
	env: NamedEnvironment,
	parts = allHostParts,
	checks: readonly CheckConfig[] = [],
): BatchSection[] {
	return [
		...(parts.has('services') ? serviceSections(env, env.services) : []),
		...(parts.has('disk') ? diskSections(env) : []),
		...(parts.has('slot') ? slotSections(env) : []),
		...(parts.has('checks') ? checkSections(checks) : []),
	];
}

/** How long one host's batch may take in all: each section gets most of the probe timeout, the batch a little grace beyond it. */
export const batchTimeoutMs = (env: NamedEnvironment) => env.probeTimeoutSeconds * 1000 + 2000;

/**
 * Runs the host's batch and reads each part. Rejects only when the host could not be asked at
 * all (no connection, the batch cut off): then every part of it is unknown. `always`: exec even
 * with no section (a fleet host proves it answers); a lone host with nothing to read is left alone.
 */
export async function readHost(
	env: NamedEnvironment,
	host: Host,
	options: {always?: boolean; parts?: ReadonlySet<HostPartName>; checks?: readonly CheckConfig[]} = {},
): Promise<HostReading> {
	const parts = options.parts ?? allHostParts;
	// The command checks due now (default: all of them).
	const checks = parts.has('checks') ? (options.checks ?? commandChecks(env)) : [];
	const sections = hostSections(env, parts, checks);
	const nonce = randomBytes(6).toString('hex');
	let results = new Map<string, SectionResult>();
	let batchCut = false;
	if (sections.length > 0 || options.always) {
		const result = await host.exec(
			buildBatchScript(sections, nonce, batchPrelude(env), Math.max(1, env.probeTimeoutSeconds * 0.8)),
			{timeoutMs: batchTimeoutMs(env)},
		);
		results = parseBatchOutput(result.stdout, nonce);
		batchCut = result.cut === true;
		if (result.timedOut && results.size < sections.length)
			throw new Error(`the host's commands did not finish within ${env.probeTimeoutSeconds}s`);
	}
	// A section that flooded its output fails its own pane, by name; the others read on.
	const sectionNow = (id: string) => sectionOf(results, id, host.label, batchCut);
	const section = async (id: string) => sectionNow(id);
	const [services, disk, slotLink] = await Promise.all([
		servicesConfigured(env) && parts.has('services')
			? outcome((async () => readServiceStates(env.services, sectionNow))())
			: undefined,
		env.disk && parts.has('disk') ? outcome(readDisk(env, section)) : undefined,
		env.slots && parts.has('slot') ? outcome(readSlotLink(env, section)) : undefined,
	]);
	const checked =
		checks.length > 0
			? ({ok: true, value: readCommandChecks(checks, sectionNow, Date.now())} as const)
			: undefined;
	return {
		...(services ? {services} : {}),
		...(disk ? {disk} : {}),
		...(slotLink ? {slotLink} : {}),
		...(checked ? {checks: checked} : {}),
	};
}

function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
	return promise.then(
		value => ({ok: true as const, value}),
		(error: Error) => ({ok: false as const, error: error.message}),
	);
}
