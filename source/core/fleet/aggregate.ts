// How each host's reading becomes the panes: one host's services, mounts and `current` link are
// shown as they always were; a fleet's are tagged with their host, sorted worst first, and summed
// up per service (`api: 38/40 active`). Pure: the engine (engine/fleet/) supplies the readings.
import type {HostSource, NamedEnvironment} from '../config/schema.js';
import {isActive, type HealthResult, type ServiceReadings} from '../services/manager.js';
import {managerOf} from '../services/managers.js';
import {paneStatusFromLevels} from '../policy/overall.js';
import {levelRank, worstLevel, type Level} from '../levels.js';
import type {
	DirectoryItem,
	MountItem,
	PaneData,
	PaneStatus,
	ServiceFleetSummary,
	ServiceItem,
	SlotInfo,
} from '../panes.js';

/** A part of a reading that either came back or failed with a message. */
export type Outcome<T> = {ok: true; value: T} | {ok: false; error: string};

/** What one host's batch said about its services, by service name (each manager read its own). */
export type HostServiceStates = ServiceReadings;
export type DiskData = PaneData['disk'];
/** Where one host's `current` link points. */
export type SlotLink = {linkTarget?: string; release?: string; deployedSha?: string};
/** What the service says it runs (/ops/verify), asked once for the environment. */
export type SlotVerify = {runningSha?: string; runningVersion?: string};
/** Each service's health URL result, checked once for the environment (undefined: none configured). */
export type HealthResults = ReadonlyMap<string, HealthResult | undefined>;

/**
 * Where a host's contribution to a pane stands:
 * fresh: its latest batch gave this part; failed: its latest batch (or this part of it) failed;
 * slow: a batch has been running longer than the refresh interval; loading: no answer yet; paused: not shown;
 * stale: read from Prometheus, whose samples of the host are older than its scrape interval allows.
 */
export type PartState = 'fresh' | 'failed' | 'slow' | 'loading' | 'paused' | 'stale';

/** One host's contribution to a pane: the last value it gave (possibly old, unless fresh) and, when failed, why; where it came from in an environment reading Prometheus. */
export type HostPart<T> = {host: string; state: PartState; value?: T; error?: string; source?: HostSource};

/** A pane's merged reading; undefined from a merge means "nothing to report yet". */
export type PaneMerge<T> = {status: PaneStatus; data?: T; error?: string};

const notAnswered = (part: HostPart<unknown>) =>
	part.state === 'failed' || part.state === 'slow' || part.state === 'stale';
const hasFresh = <T>(part: HostPart<T>): part is HostPart<T> & {value: T} =>
	part.state === 'fresh' && part.value !== undefined;
/** A fresh value, or (read from Prometheus) a stale one: still the newest there is, shown with its age. */
const hasCurrent = <T>(part: HostPart<T>): part is HostPart<T> & {value: T} =>
	(part.state === 'fresh' || part.state === 'stale') && part.value !== undefined;
/** A row says where it came from in an environment reading Prometheus (parts carry a source only there). */
const withSource = <I extends object>(item: I, part: HostPart<unknown>): I =>
	part.source ? {...item, source: part.source} : item;
const naturalOrder = new Intl.Collator('en', {numeric: true}).compare;

/** One host's service items in the configured order (operators learn where to look). */
export function serviceItems(
	env: NamedEnvironment,
	states: HostServiceStates,
	health: HealthResults | undefined,
): ServiceItem[] {
	return env.services.map(service =>
		managerOf(service).evaluate(service, states[service.name], health?.get(service.name)),
	);
}

export {isActive};

/**
 * The services pane. One host: its items with their health, as ever. A fleet: every host's items
 * tagged with `host` (health is not per host: it is the load balancer's answer, on the summary),
 * worst host first, and one summary line per service.
 */
export function mergeServices(
	env: NamedEnvironment,
	parts: HostPart<HostServiceStates>[],
	health: HealthResults | undefined,
): PaneMerge<PaneData['services']> | undefined {
	if (parts.length === 1) {
		const [part] = parts as [HostPart<HostServiceStates>];
		if (part.state === 'failed') return {status: 'error', error: part.error};
		if (!hasCurrent(part)) return undefined;
		const items = serviceItems(env, part.value, health).map(item => withSource(item, part));
		return {status: paneStatusFromLevels(items.map(i => i.level)), data: {items}};
	}
	const undecided = undecidedFleetPane(parts);
	if (undecided !== 'merge') return undecided;
	const perHost = parts
		.filter(p => p.value !== undefined)
		.map(part => {
			const items = serviceItems(env, part.value!, undefined).map(item =>
				withSource({...item, host: part.host}, part),
			);
			return {
				host: part.host,
				items,
				rank: worstLevel([...items.map(i => i.level), ...(notAnswered(part) ? ['warning' as const] : [])]),
			};
		});
	perHost.sort((a, b) => levelRank(b.rank) - levelRank(a.rank) || naturalOrder(a.host, b.host));
	const fleet = serviceSummaries(env, parts, health);
	return {
		status: paneStatusFromLevels(fleet.map(f => f.level)),
		data: {items: perHost.flatMap(h => h.items), fleet},
	};
}

/**
 * One line per configured service across the fleet. Only fresh readings count as active or not;
 * the rest are unknown (a paused or loading host is no news; a failed or slow one makes it a warning).
 */
export function serviceSummaries(
	env: NamedEnvironment,
	parts: HostPart<HostServiceStates>[],
	health: HealthResults | undefined,
): ServiceFleetSummary[] {
	const fresh = parts.filter(hasFresh).map(part => serviceItems(env, part.value, undefined));
	const silent = parts.some(notAnswered);
	return env.services.map(service => {
		const readings = fresh
			.map(items => items.find(i => i.name === service.name))
			.filter((i): i is ServiceItem => i !== undefined);
		return summarizeService(
			service.name,
			readings,
			{unknown: parts.length - readings.length, silent},
			health?.get(service.name),
		);
	});
}

/**
 * One service's summary line (the engine's over the fleet, the UI's over the hosts a filter leaves):
 * `readings` are its items from hosts with a current reading, `unknown` counts hosts without one.
 * Its level: the worst reading, critical when the health URL fails, at least warning when a host
 * failed to answer or is slow (`silent`).
 */
export function summarizeService(
	name: string,
	readings: readonly ServiceItem[],
	hosts: {unknown: number; silent: boolean},
	health?: HealthResult,
): ServiceFleetSummary {
	const active = readings.filter(i => isActive(i.state)).length;
	const levels: Level[] = readings.map(i => i.level);
	if (health && !health.ok) levels.push('critical');
	if (hosts.silent) levels.push('warning');
	return {
		name,
		total: readings.length + hosts.unknown,
		active,
		notActive: readings.length - active,
		unknown: hosts.unknown,
		level: worstLevel(levels),
		...(health ? {health} : {}),
	};
}

/**
 * The disk pane. One host: as ever. A fleet: mounts tagged with `host`, worst first (level, then fullest); the largest directories across hosts.
 * Its level: diskLevel (the pane shows a paused or silent host's last reading, marked older).
 */
export function mergeDisk(
	env: NamedEnvironment,
	parts: HostPart<DiskData>[],
): PaneMerge<DiskData> | undefined {
	if (parts.length === 1) {
		const [part] = parts as [HostPart<DiskData>];
		if (part.state === 'failed') return {status: 'error', error: part.error};
		if (!hasCurrent(part)) return undefined;
		const data = {...part.value, items: part.value.items.map(item => withSource(item, part))};
		return {status: paneStatusFromLevels(data.items.map(i => i.level)), data};
	}
	const undecided = undecidedFleetPane(parts);
	if (undecided !== 'merge') return undecided;
	const withValue = parts.filter(p => p.value !== undefined);
	const items: MountItem[] = withValue.flatMap(p =>
		p.value!.items.map(item => withSource({...item, host: p.host}, p)),
	);
	items.sort(
		(a, b) =>
			levelRank(b.level) - levelRank(a.level) ||
			b.usedPercent - a.usedPercent ||
			naturalOrder(a.host!, b.host!),
	);
	const largest: DirectoryItem[] = withValue.flatMap(p =>
		p.value!.largest.map(dir => ({...dir, host: p.host})),
	);
	largest.sort((a, b) => b.sizeKb - a.sizeKb);
	return {
		status: diskLevel(items, parts.some(notAnswered)),
		data: {items, largest: largest.slice(0, env.disk?.top ?? largest.length)},
	};
}

/**
 * A fleet's disk level (the engine's over the fleet, the UI's over the hosts a filter leaves): that of
 * every mount listed, a paused or silent host's last reading too (a 93% shown must not sit under an
 * `ok`), and at least a warning when a host failed to answer or is slow (`silent`).
 */
export function diskLevel(mounts: readonly MountItem[], silent: boolean): Level {
	return worstLevel([...mounts.map(m => m.level), ...(silent ? ['warning' as const] : [])]);
}

/**
 * A fleet pane can be shown once some host answered; with none, it waits while any is still on
 * its way, and is an error (the first failed host's) once all that were asked have failed.
 */
function undecidedFleetPane<T>(parts: HostPart<T>[]): PaneMerge<never> | undefined | 'merge' {
	if (parts.some(p => p.state === 'fresh' || (p.state === 'stale' && p.value !== undefined))) return 'merge';
	if (parts.some(p => p.state === 'loading' || p.state === 'slow')) return undefined;
	const failed = parts.find(p => p.state === 'failed');
	if (!failed) return undefined; // every host paused: nothing new to say
	return {status: 'error', error: withHost(failed.host, failed.error ?? 'no answer')};
}

function withHost(host: string, error: string): string {
	return error.includes(host) ? error : `${host}: ${error}`;
}

/**
 * The header's slot: where `current` points (one host's link: the first host's, or on a fleet the
 * first that answered) and what the service runs. On a fleet whose hosts point at different
 * releases, `releases` counts them.
 */
export function mergeSlot(links: HostPart<SlotLink>[], verify: Outcome<SlotVerify>): SlotInfo {
	const info: SlotInfo = {};
	const errors: string[] = [];
	const fleet = links.length > 1;
	const reading = fleet
		? (links.find(hasFresh) ??
			links.find(p => p.value !== undefined) ??
			links.find(p => p.state === 'failed'))
		: links[0];
	if (reading?.value !== undefined && (fleet || reading.state === 'fresh')) {
		info.linkTarget = reading.value.linkTarget;
		info.release = reading.value.release;
		info.deployedSha = reading.value.deployedSha;
	} else if (reading?.state === 'failed') {
		errors.push(
			fleet ? withHost(reading.host, reading.error ?? 'no answer') : (reading.error ?? 'no answer'),
		);
	}
	if (verify.ok) {
		info.runningSha = verify.value.runningSha;
		info.runningVersion = verify.value.runningVersion;
	} else {
		errors.push(verify.error);
	}
	if (errors.length > 0) info.error = errors.join('; ');
	if (fleet) {
		const releases: Record<string, number> = {};
		for (const part of links.filter(hasFresh))
			if (part.value.release) releases[part.value.release] = (releases[part.value.release] ?? 0) + 1;
		if (Object.keys(releases).length > 1) info.releases = releases;
	}
	return info;
}

/** A host's worst level and what is wrong on it, from its last batch: "api failed", "/ 93%", a command's error. */
export function hostFindings(
	env: NamedEnvironment,
	reading: {
		services?: Outcome<HostServiceStates>;
		disk?: Outcome<DiskData>;
		slotLink?: Outcome<SlotLink>;
		checks?: Outcome<Array<{name: string; level: Level}>>;
	},
): {level: Level; problems: string[]} {
	const found: Array<{level: Level; text: string}> = [];
	// A team's command checks on this host: a failing one is the host's problem too.
	if (reading.checks?.ok)
		for (const check of reading.checks.value)
			if (check.level !== 'ok') found.push({level: check.level, text: `check ${check.name} ${check.level}`});
	if (reading.services?.ok) {
		for (const item of serviceItems(env, reading.services.value, undefined))
			if (item.level !== 'ok') found.push({level: item.level, text: `${item.name} ${item.state}`});
	} else if (reading.services) {
		found.push({level: 'warning', text: reading.services.error});
	}
	if (reading.disk?.ok) {
		for (const mount of reading.disk.value.items)
			if (mount.level !== 'ok')
				found.push({level: mount.level, text: `${mount.mount} ${Math.round(mount.usedPercent)}%`});
	} else if (reading.disk) {
		found.push({level: 'warning', text: reading.disk.error});
	}
	if (reading.slotLink && !reading.slotLink.ok) found.push({level: 'warning', text: reading.slotLink.error});
	found.sort((a, b) => levelRank(b.level) - levelRank(a.level));
	return {level: worstLevel(found.map(f => f.level)), problems: found.map(f => f.text)};
}
