// Whether a part of a host's new reading from Prometheus looks on screen as the recorded one does. A
// real host's free bytes change with every scrape (it writes its journal); the panes show sizes as
// formatKb does ("61G") and the use to a tenth of a percent, so a few pages more or less change
// nothing shown, and the host keeps its recorded reading (engine/fleet/fleet-track.ts). Pure.
import type {Outcome, DiskData, HostServiceStates} from './aggregate.js';
import {formatKb} from '../format/units.js';
import {sameValue} from './same-value.js';

/** The parts of a host's reading Prometheus gives. */
type PartValue = {services: Outcome<HostServiceStates>; disk: Outcome<DiskData>};

export const sameAsShown: {[Part in keyof PartValue]: (a: PartValue[Part], b: PartValue[Part]) => boolean} = {
	services: sameValue,
	disk: (a, b) => sameValue(diskAsShown(a), diskAsShown(b)),
};

function diskAsShown(disk: Outcome<DiskData>): unknown {
	if (!disk.ok) return disk;
	return {
		...disk.value,
		items: disk.value.items.map(item => ({
			...item,
			sizeKb: formatKb(item.sizeKb),
			usedKb: formatKb(item.usedKb),
			availKb: formatKb(item.availKb),
		})),
	};
}
