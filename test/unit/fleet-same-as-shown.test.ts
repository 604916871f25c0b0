// A host read from Prometheus keeps its recorded reading while what the panes show of it is the same:
// a real host's free bytes move with every scrape, by a few pages that no figure on screen shows.
import {describe, expect, it} from 'vitest';
import {sameAsShown} from '../../source/core/fleet/same-as-shown.js';
import type {DiskData, Outcome} from '../../source/core/fleet/aggregate.js';

const gibKb = 1024 * 1024;
function disk(usedKb: number, sizeKb = 100 * gibKb, usedPercent = Math.round((usedKb / sizeKb) * 1000) / 10) {
	const value: DiskData = {
		items: [
			{
				mount: '/',
				filesystem: '/dev/vda1',
				sizeKb,
				usedKb,
				availKb: sizeKb - usedKb,
				usedPercent,
				warnPercent: 80,
				critPercent: 90,
				near: false,
				level: usedPercent >= 90 ? 'critical' : usedPercent >= 80 ? 'warning' : 'ok',
			},
		],
		largest: [],
	};
	return {ok: true, value} as Outcome<DiskData>;
}

describe('sameAsShown.disk', () => {
	it('is the same when only a few pages of free space moved', () => {
		expect(sameAsShown.disk(disk(40 * gibKb), disk(40 * gibKb + 12))).toBe(true);
	});

	it('differs once a shown figure moves: the use in tenths of a percent, a size as formatKb writes it', () => {
		expect(sameAsShown.disk(disk(40 * gibKb), disk(40.2 * gibKb))).toBe(false);
		// 9.5M and 9.6M on a small /boot, the same tenth of a percent of a large disk.
		expect(sameAsShown.disk(disk(9.5 * 1024, 10 * gibKb, 0.1), disk(9.6 * 1024, 10 * gibKb, 0.1))).toBe(
			false,
		);
	});

	it('differs when a reading failed, or failed with another error', () => {
		const failed = (error: string): Outcome<DiskData> => ({ok: false, error});
		expect(sameAsShown.disk(disk(40 * gibKb), failed('no filesystem holding /'))).toBe(false);
		expect(sameAsShown.disk(failed('a'), failed('b'))).toBe(false);
		expect(sameAsShown.disk(failed('a'), failed('a'))).toBe(true);
	});
});
