// The Checks pane from its parts: each host's command checks (one host: as they are; a fleet: tagged
// with their host, worst host first) and the environment's HTTP, SQL and PromQL checks once. Pure.
import type {HostPart, Outcome, PaneMerge} from '../fleet/aggregate.js';
import {levelRank, worstLevel, type Level} from '../levels.js';
import type {PaneData} from '../panes.js';
import type {CheckItem} from './evaluate.js';

const naturalOrder = new Intl.Collator('en', {numeric: true}).compare;

/**
 * hosts: every host's command-check items (empty when the environment has none); environment: its
 * other checks' items (undefined when it has none). A host that could not be asked makes the pane an
 * error ("couldn't tell"), its last readings still shown; on a fleet such a host makes it at least a
 * warning, like the services pane.
 */
export function mergeChecks(
	hosts: HostPart<CheckItem[]>[],
	environment: Outcome<CheckItem[]> | undefined,
	fleet: boolean,
): PaneMerge<PaneData['checks']> | undefined {
	const envItems = environment?.ok ? environment.value : [];
	const errors: string[] = environment && !environment.ok ? [environment.error] : [];
	let hostItems: CheckItem[] = [];
	const levels: Level[] = [];
	if (!fleet) {
		const [part] = hosts;
		if (part) {
			if (part.state === 'loading' && part.value === undefined) return undefined;
			if (part.state === 'failed') errors.push(part.error ?? 'the host did not answer');
			hostItems = part.value ?? [];
		}
	} else {
		if (hosts.length > 0 && !hosts.some(p => p.value !== undefined || p.state === 'failed')) return undefined;
		const perHost = hosts
			.filter(p => p.value !== undefined)
			.map(p => ({host: p.host, items: p.value!.map(i => ({...i, host: p.host}))}))
			.map(h => ({...h, rank: levelRank(worstLevel(h.items.map(i => i.level)))}));
		perHost.sort((a, b) => b.rank - a.rank || naturalOrder(a.host, b.host));
		hostItems = perHost.flatMap(h => h.items);
		const silent = hosts.filter(p => p.state === 'failed' || p.state === 'slow');
		if (silent.length > 0) levels.push('warning');
		// Every host failed: nothing was read on any, so the pane can't tell.
		const failed = hosts.filter(p => p.state === 'failed');
		if (failed.length > 0 && failed.length === hosts.length)
			errors.push(`${failed[0]!.host}: ${failed[0]!.error ?? 'no answer'}`);
	}
	const items = [...hostItems, ...envItems];
	levels.push(...items.map(i => i.level));
	const data = {items};
	if (errors.length > 0) return {status: 'error', error: errors.join('; '), data};
	return {status: worstLevel(levels), data};
}
