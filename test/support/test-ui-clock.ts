// The UI clock of console tests (ui/arming.tsx). It follows real time, so a key typed after a long
// wait is late as it would be for a user; a test can move it past an arming delay at once
// (`advance`), or `hold` it so that "a key right after the dialog opened" stays right after it
// however busy the machine is.
import type {UiClock} from '../../source/ui/arming.js';

export type TestUiClock = UiClock & {advance(ms: number): void; hold(): void};

export function testUiClock(): TestUiClock {
	let offset = 0;
	let heldAt: number | undefined;
	let timers: Array<{at: number; run: () => void}> = [];
	let poll: NodeJS.Timeout | undefined;
	const now = () => (heldAt ?? Date.now()) + offset;
	const fire = () => {
		const due = timers.filter(t => t.at <= now());
		timers = timers.filter(t => t.at > now());
		if (timers.length === 0 && poll) {
			clearInterval(poll);
			poll = undefined;
		}
		for (const timer of due) timer.run();
	};
	return {
		now,
		after(ms, run) {
			const timer = {at: now() + ms, run};
			timers.push(timer);
			if (!poll) {
				poll = setInterval(fire, 10);
				poll.unref();
			}
			return () => {
				timers = timers.filter(t => t !== timer);
			};
		},
		advance(ms) {
			offset += ms;
			fire();
		},
		hold() {
			heldAt ??= Date.now();
		},
	};
}
