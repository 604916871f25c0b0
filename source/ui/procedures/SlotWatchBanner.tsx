// One line above the panes after a slot switch: the SLO watch, and on a breach the one-key switch
// back (the `s` key runs switch-slot again, through the same confirmation). The engine does the watching.
import React from 'react';
import {Text} from '../SafeText.js';
import type {SlotWatchState} from '../../engine/slot-watch.js';
import {color} from '../theme.js';
import {fit} from '../text.js';

export function slotWatchText(watch: SlotWatchState): string {
	const from = watch.from ? ` from ${watch.from}` : '';
	const until = new Date(watch.until).toTimeString().slice(0, 5);
	if (watch.status === 'watching')
		return `watching the SLO after the switch${from} until ${until}${watch.autoSwitchBack ? ' (switches back by itself on a breach)' : ''}`;
	// The way out first: a narrow terminal cuts the end of the line.
	const action =
		watch.status === 'switching-back'
			? 'switching back by itself'
			: `s switches back${watch.from ? ` to ${watch.from}` : ''}`;
	return `SLO BREACHED after the switch${from} (${action}): ${watch.breaches.join(', ')}`;
}

export function SlotWatchBanner({watch, width}: {watch: SlotWatchState; width: number}) {
	const breached = watch.status !== 'watching';
	return (
		<Text bold={breached} inverse={breached} color={color(breached ? 'red' : 'cyan')}>
			{fit(slotWatchText(watch), width)}
		</Text>
	);
}
