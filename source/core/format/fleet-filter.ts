// The `/` filter on a fleet's services and disk panes: each word names hosts or what runs on them.
// A word that is exactly a service (or mount) name, or that no host name contains, filters the
// services (mounts); any other word names hosts: the pane shows the hosts any such word names
// (`app-01 app-02` is both hosts), and the engine then refreshes those alone.

export type FleetFilter = {
	/** Words matched against host names (a host any one matches is shown). */
	hostTerms: string[];
	/** Words matched against a row's own text: service name, unit and state; a mount's path (every one must match). */
	itemTerms: string[];
};

export function parseFleetFilter(
	text: string | undefined,
	hostNames: readonly string[],
	exactItemNames: readonly string[],
): FleetFilter {
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
	return filter.hostTerms.length === 0 || filter.hostTerms.some(term => name.includes(term));
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

/**
 * The hosts the engine should refresh, given what each pane's filter narrows to (undefined: that
 * pane names no host): their union, in `order`, each once; undefined (every host) when none does.
 * A narrowing to no host shows "no host matches" in its pane but asks for no host: refreshing none
 * would pause every host, the other pane's too.
 */
export function hostsToRefresh(
	narrowings: ReadonlyArray<readonly string[] | undefined>,
	order: readonly string[],
): string[] | undefined {
	const named = narrowings.filter(
		(names): names is readonly string[] => names !== undefined && names.length > 0,
	);
	if (named.length === 0) return undefined;
	const union = new Set(named.flat());
	return [...order.filter(name => union.has(name)), ...[...union].filter(name => !order.includes(name))];
}

export function isFiltered(filter: FleetFilter): boolean {
	return filter.hostTerms.length > 0 || filter.itemTerms.length > 0;
}
