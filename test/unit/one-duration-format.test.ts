// One duration format everywhere (issue 12 section 3): the pane's "5h7m", never "307 min".
// The places that wrote minutes by hand: a followed step's limit, the SLO watch's end.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SlotWatch} from '../../source/engine/slot-watch.js';
import {Store} from '../../source/engine/store.js';
import {formatAge, formatDuration} from '../../source/core/duration.js';
import {fixtureState} from '../fixtures/console-state.js';

afterEach(() => vi.useRealTimers());

describe('one duration format', () => {
	it('ages and durations read the same way', () => {
		expect(formatAge(307 * 60)).toBe('5h7m');
		expect(formatDuration(307 * 60)).toBe('5h7m');
		expect(formatDuration(30 * 60)).toBe('30m');
		expect(formatDuration(125)).toBe('2m5s');
	});

	it('the SLO watch ends with "no breach in 1h30m", not "90 min"', () => {
		vi.useFakeTimers();
		const store = new Store(fixtureState());
		const notices: string[] = [];
		const watch = new SlotWatch({
			store,
			settings: {watchMinutes: 90, autoSwitchBack: false},
			switchBack: () => true,
			notify: text => notices.push(text),
		});
		watch.start({release: 'abc123'});
		vi.advanceTimersByTime(90 * 60_000);
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatch(/ended: no breach in 1h30m$/);
	});
});
