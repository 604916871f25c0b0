// Disk pane: `df` of the configured mounts and the largest entries under the configured paths, from the batch.
import {parseDf} from '../../core/parsers/df.js';
import {parseDu} from '../../core/parsers/du.js';
import {evaluateDisk} from '../../core/policy/disk.js';
import {paneStatusFromLevels} from '../../core/policy/overall.js';
import {quoteShell, shellCommand} from '../../core/shell.js';
import type {DirectoryItem} from '../../core/panes.js';
import {requireSuccess, type Probe} from './probe.js';

export const diskProbe: Probe<'disk'> = {
	pane: 'disk',
	configured: env => Boolean(env.disk),
	sections(env) {
		const disk = env.disk!;
		return [
			{id: 'disk.df', command: shellCommand(['df', '-P', '-k', ...disk.mounts])},
			// du errors (a file vanishing mid-walk, a directory we may not read) must not hide the sizes it did get.
			...disk.largestUnder.map((dir, i) => ({id: `disk.du.${i}`, command: `du -sk ${quoteShell(dir)}/* 2>/dev/null | sort -rn | head -n ${disk.top}; exit 0`})),
		];
	},
	async collect({env, section}) {
		const disk = env.disk!;
		const rows = parseDf(requireSuccess(await section('disk.df'), 'df'));
		if (rows.length === 0) throw new Error('df printed no filesystems');
		const items = evaluateDisk(disk.mounts, rows, disk);
		const largest: DirectoryItem[] = [];
		for (const [i, under] of disk.largestUnder.entries()) largest.push(...parseDu((await section(`disk.du.${i}`)).output).map(row => ({...row, under})));
		largest.sort((a, b) => b.sizeKb - a.sizeKb);
		return {data: {items, largest: largest.slice(0, disk.top)}, status: paneStatusFromLevels(items.map(i => i.level))};
	},
};
