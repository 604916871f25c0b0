// One stream of a command's output (standard output or error) as pg-ops keeps it: made visible
// as it arrives (core/safe-text.ts: a terminal control in it is shown, never passed on) and
// bounded: past the limit the rest is counted, not kept, and the kept text ends with a line saying
// so. A command that prints without end costs this much memory and no more.
import {VisibleStream} from '../core/safe-text.js';

/** The most pg-ops keeps of one stream of one command: a refresh's batch, a step's output, a log fetch. */
export const maxStreamChars = 4 * 1024 * 1024;

export class OutputBuffer {
	private kept = '';
	private dropped = 0;
	private readonly stream = new VisibleStream();

	constructor(private readonly limit = maxStreamChars) {}

	/** Takes a piece as it arrived; returns it made visible, for whoever watches the output live. */
	add(raw: string): string {
		const text = this.stream.push(raw);
		this.keep(text);
		return text;
	}

	/** Whether some of the output was not kept. */
	get cut(): boolean {
		return this.dropped > 0;
	}

	/** Everything kept, with the note on what was not. */
	text(): string {
		this.keep(this.stream.end());
		if (this.dropped === 0) return this.kept;
		return `${this.kept}\n${cutNote(this.limit, this.dropped)}\n`;
	}

	private keep(text: string): void {
		const room = this.limit - this.kept.length;
		if (text.length <= room) this.kept += text;
		else {
			this.kept += text.slice(0, Math.max(0, room));
			this.dropped += text.length - Math.max(0, room);
		}
	}
}

export function cutNote(limit: number, dropped: number): string {
	return `[pg-ops: output cut: only the first ${formatSize(limit)} kept, ${formatSize(dropped)} more not]`;
}

export function formatSize(chars: number): string {
	if (chars >= 1024 * 1024)
		return `${(chars / (1024 * 1024)).toFixed(chars % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
	if (chars >= 1024) return `${(chars / 1024).toFixed(chars % 1024 === 0 ? 0 : 1)} KiB`;
	return `${chars} bytes`;
}
