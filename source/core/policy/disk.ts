// Disk use per mount against warn/critical thresholds; "near" marks a mount within 5 points of warning.
import type {DiskConfig} from '../config/schema.js';
import type {DfRow} from '../parsers/df.js';
import type {MountItem} from '../panes.js';
import {levelLowerIsBetter} from '../levels.js';

const nearMargin = 5;

export function evaluateDisk(configuredMounts: string[], rows: DfRow[], config: DiskConfig): MountItem[] {
	// df prints one row per path asked for, in order; label each with the path the operator configured.
	return rows.map((row, index) => {
		const level = levelLowerIsBetter(row.usedPercent, {
			warn: config.warnPercent - 1e-9,
			crit: config.critPercent - 1e-9,
		});
		return {
			mount: configuredMounts[index] ?? row.mount,
			filesystem: row.filesystem,
			sizeKb: row.sizeKb,
			usedKb: row.usedKb,
			availKb: row.availKb,
			usedPercent: row.usedPercent,
			warnPercent: config.warnPercent,
			critPercent: config.critPercent,
			near: level === 'ok' && row.usedPercent >= config.warnPercent - nearMargin,
			level,
		};
	});
}
