// At most `max` tasks at once (fleet.concurrency host batches); the rest wait their turn. Hosts that
// answered last time go first, then hosts never asked, then hosts whose last try failed; and those
// last hold at most half the places, so however many hosts are dead, a live one always finds a place
// instead of waiting out a dead one's connect timeout.

/** answered: went well last time; new: never tried; failed: failed last time (likely to hang until its timeout). */
export type Turn = 'answered' | 'new' | 'failed';

const order: Turn[] = ['answered', 'new', 'failed'];

export class Limiter {
	private running = 0;
	private runningFailed = 0;
	/** The places tasks of hosts that failed last time may hold at once (with one place in all, that one). */
	readonly maxFailed: number;
	private readonly waiting: Record<Turn, Array<() => void>> = {answered: [], new: [], failed: []};

	constructor(readonly max: number) {
		this.maxFailed = Math.max(1, Math.floor(max / 2));
	}

	get active(): number {
		return this.running;
	}

	/** Runs the task once a place is free for its turn; the place is given back when the task settles. */
	async run<T>(task: () => Promise<T>, turn: Turn = 'new'): Promise<T> {
		if (this.canStart(turn)) this.take(turn);
		// Places are handed out when they are given back (below), so a newcomer can't slip in ahead of one waiting.
		else await new Promise<void>(resolve => this.waiting[turn].push(resolve));
		try {
			return await task();
		} finally {
			this.running--;
			if (turn === 'failed') this.runningFailed--;
			this.handOut();
		}
	}

	private canStart(turn: Turn): boolean {
		return this.running < this.max && (turn !== 'failed' || this.runningFailed < this.maxFailed);
	}

	private take(turn: Turn): void {
		this.running++;
		if (turn === 'failed') this.runningFailed++;
	}

	private handOut(): void {
		for (const turn of order) {
			const queue = this.waiting[turn];
			while (queue.length > 0 && this.canStart(turn)) {
				this.take(turn);
				queue.shift()!();
			}
		}
	}
}
