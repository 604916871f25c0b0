// At most `max` tasks at once; the rest wait their turn in order (fleet.concurrency host batches).
export class Limiter {
	private running = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(readonly max: number) {}

	get active(): number {
		return this.running;
	}

	/** Runs the task once a place is free; the place is given back when the task settles. */
	async run<T>(task: () => Promise<T>): Promise<T> {
		// A finishing task hands its place straight to the next in line, so a newcomer can't slip in between.
		if (this.running >= this.max) await new Promise<void>(resolve => this.waiting.push(resolve));
		else this.running++;
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.running--;
		}
	}
}
