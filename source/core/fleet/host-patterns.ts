// The hosts an environment lists, expanded: plain names, ranges (app-[01-40], zero-padded as
// written) and ssh_config patterns (app-*: every concrete Host alias the config file declares that
// matches). Pure: the ssh_config text is parsed by the caller (core/ssh/ssh-config.ts).
import type {HostEntry} from '../config/schema.js';
import type {SshConfigBlock, SshConfigFile} from '../ssh/ssh-config.js';

/** One host of a fleet, as the rest of pg-ops sees it: the name shown and resolved, and its own overrides. */
export type FleetHostSpec = {name: string; user?: string; port?: number; identityFile?: string};

/** More than this many hosts in one environment is almost surely a typo in a range (app-[1-10000]). */
export const maxFleetHosts = 1000;

const rangePattern = /\[(\d+)-(\d+)\]/;

/** Why a host entry can't be used as written (checked by the config schema), or undefined. */
export function hostPatternProblem(value: string): string | undefined {
	const ranges = value.match(/\[[^\]]*\]?/g) ?? [];
	if (ranges.length > 1) return 'one range per host name, such as app-[01-40]';
	if (ranges.length === 1) {
		const match = rangePattern.exec(value);
		if (!match || match[0] !== ranges[0])
			return `a range of two numbers such as app-[01-40], not ${ranges[0]}`;
		const [, low, high] = match as unknown as [string, string, string];
		if (Number(low) > Number(high)) return `a range from low to high (${low} is above ${high})`;
		if (Number(high) - Number(low) + 1 > maxFleetHosts) return `at most ${maxFleetHosts} hosts in a range`;
		if (/[*?]/.test(value)) return 'a range or an ssh_config pattern (*, ?), not both';
	}
	if (value.startsWith('!')) return 'a host name or pattern (negated patterns belong in ~/.ssh/config)';
	return undefined;
}

export function isAliasPattern(value: string): boolean {
	return /[*?]/.test(value);
}

/** app-[01-40] -> app-01 ... app-40 (the width of the low bound when it is zero-padded); a plain name -> itself. */
export function expandRange(value: string): string[] {
	const match = rangePattern.exec(value);
	if (!match) return [value];
	const [whole, low, high] = match as unknown as [string, string, string];
	const width = low.startsWith('0') && low.length > 1 ? low.length : 0;
	const names: string[] = [];
	for (let n = Number(low); n <= Number(high); n++)
		names.push(value.replace(whole, String(n).padStart(width, '0')));
	return names;
}

/** ssh_config(5) pattern matching for one pattern: * any run, ? one character. */
export function aliasMatches(pattern: string, alias: string): boolean {
	const regex = new RegExp(
		`^${pattern
			.replace(/[.+^${}()|[\]\\]/g, '\\$&')
			.replace(/\*/g, '.*')
			.replace(/\?/g, '.')}$`,
	);
	return regex.test(alias);
}

/** Every concrete alias (no wildcard, not negated) named on a Host line, in file order, Includes followed. */
export function concreteAliases(config: SshConfigFile | undefined): string[] {
	const seen = new Set<string>();
	const walk = (blocks: SshConfigBlock[]) => {
		for (const block of blocks) {
			if (block.condition.kind === 'host')
				for (const pattern of block.condition.patterns)
					if (!isAliasPattern(pattern) && !pattern.startsWith('!')) seen.add(pattern);
			for (const item of block.items) if (item.kind === 'include') walk(item.blocks);
		}
	};
	if (config) walk(config.blocks);
	return [...seen];
}

export type ExpandedHosts = {hosts: FleetHostSpec[]; problems: string[]};

/**
 * The environment's hosts in the order written: ranges expanded, patterns matched against the ssh
 * config's aliases. A pattern matching nothing, or a host listed twice, is a problem (named with
 * its index in `hosts`), and the rest still expand.
 */
export function expandHosts(
	entries: HostEntry[],
	sshConfig: SshConfigFile | undefined,
	configFileName = '~/.ssh/config',
): ExpandedHosts {
	const hosts: FleetHostSpec[] = [];
	const problems: string[] = [];
	const seen = new Map<string, number>();
	const aliases = concreteAliases(sshConfig);
	entries.forEach((entry, index) => {
		const {host: written, ...overrides} = typeof entry === 'string' ? {host: entry} : entry;
		const names = isAliasPattern(written)
			? aliases.filter(alias => aliasMatches(written, alias))
			: expandRange(written);
		if (names.length === 0)
			problems.push(`hosts[${index}] (${written}) matches no Host alias in ${configFileName}`);
		for (const name of names) {
			const first = seen.get(name);
			if (first !== undefined) {
				// app-[01-40] then {host: app-07, port: 2222}: the object gives one host of the range its own settings.
				const existing = hosts.find(h => h.name === name)!;
				if (Object.keys(overrides).length > 0) Object.assign(existing, overrides);
				else problems.push(`hosts[${index}] (${written}) lists ${name} again (already from hosts[${first}])`);
				continue;
			}
			seen.set(name, index);
			hosts.push({name, ...overrides});
		}
	});
	if (hosts.length > maxFleetHosts) {
		problems.push(
			`${hosts.length} hosts: at most ${maxFleetHosts} in one environment; the first ${maxFleetHosts} are used`,
		);
		hosts.length = maxFleetHosts;
	}
	return {hosts, problems};
}
