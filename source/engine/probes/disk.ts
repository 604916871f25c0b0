// Disk pane, read on each host in its batch: `df` of the configured mounts and the largest entries under the configured paths.
import type {BatchSection, SectionResult} from '../../core/batch.js';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {parseDf} from '../../core/parsers/df.js';
import {parseDu} from '../../core/parsers/du.js';
import {evaluateDisk} from '../../core/policy/disk.js';
import {quoteShell, shellCommand} from '../../core/shell.js';
import type {DirectoryItem} from '../../core/panes.js';
import type {DiskData} from '../../core/fleet/aggregate.js';
import {requireSuccess} from './probe.js';

export const diskConfigured = (env: NamedEnvironment) => Boolean(env.disk);

export function diskSections(env: NamedEnvironment): BatchSection[] {
	const disk = env.disk;
	if (!disk) return [];
	return [
		{id: 'disk.df', command: shellCommand(['df', '-P', '-k', ...disk.mounts])},
		// du errors (a file vanishing mid-walk, a directory we may not read) must not hide the sizes it did get.
		...disk.largestUnder.map((dir, i) => ({
			id: `disk.du.${i}`,
			command: `du -sk ${quoteShell(dir)}/* 2>/dev/null | sort -rn | head -n ${disk.top}; exit 0`,
		})),
	];
}

/** One host's mounts (with their levels) and largest directories; throws what the pane shows when df failed. */
export async function readDisk(
	env: NamedEnvironment,
	section: (id: string) => Promise<SectionResult>,
): Promise<DiskData> {
	const disk = env.disk!;
	const rows = parseDf(requireSuccess(await section('disk.df'), 'df'));
	if (rows.length === 0) throw new Error('df printed no filesystems');
	const items = evaluateDisk(disk.mounts, rows, disk);
	const largest: DirectoryItem[] = [];
	for (const [i, under] of disk.largestUnder.entries())
		largest.push(...parseDu((await section(`disk.du.${i}`)).output).map(row => ({...row, under})));
	largest.sort((a, b) => b.sizeKb - a.sizeKb);
	return {items, largest: largest.slice(0, disk.top)};
}
