// The `/` filter on a fleet's services and disk panes: each word names hosts or what runs on them.
// A word that is exactly a service (or mount) name, or that no host name contains, filters the
// services (mounts); any other word narrows the hosts, which the engine then refreshes alone.

export type FleetFilter = {
	/** Words matched against host names (every one must match). */
	hostTerms: string[];
	/** Words matched against a row's own text: service name, unit and state; a mount's path (every one must match). */
	itemTerms: string[];
};

export function parseFleetFilter(text: string | undefined, hostNames: readonly string[], exactItemNames: readonly string[]): FleetFilter {
	const words = (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
	const items = new Set(exactItemNames.map(name => name.toLowerCase()));
	const hosts = hostNames.map(name => name.toLowerCase());
	const hostTerms: string[] = [];
	const itemTerms: string[] = [];
	for (const word of words) {
		if (!items.has(word) && hosts.some(host => host.includes(word))) hostTerms.push(word);
		else itemTerms.push(word);
	}
	return {hostTerms, itemTerms};
}

export function hostMatches(filter: FleetFilter, host: string): boolean {
	const name = host.toLowerCase();
	return filter.hostTerms.every(term => name.includes(term));
}

export function itemMatches(filter: FleetFilter, text: string): boolean {
	const haystack = text.toLowerCase();
	return filter.itemTerms.every(term => haystack.includes(term));
}

/** The hosts a filter narrows the view to, in the given order; undefined when it names no host (every host shown). */
export function narrowedHosts(filter: FleetFilter, hostNames: readonly string[]): string[] | undefined {
	if (filter.hostTerms.length === 0) return undefined;
	return hostNames.filter(name => hostMatches(filter, name));
}

export function isFiltered(filter: FleetFilter): boolean {
	return filter.hostTerms.length > 0 || filter.itemTerms.length > 0;
}
