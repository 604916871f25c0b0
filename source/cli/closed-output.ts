// `pg-ops status | head`: the reader goes away and the next write fails with EPIPE. That is no
// error of pg-ops: a command that changes nothing ends at once, quietly, with status 0. A command
// that changes something (a procedure) runs on to its end state, its output dropped: stopping it
// half-way for want of a reader would leave the system in a state nobody was told about. A closed
// terminal is the same: once the terminal hangs up, a write to it fails with EIO.
let endsAtOnce = false;
let readerGone = false;

/** Called by commands that only read: once their reader is gone there is nothing left worth doing. */
export function endAtOnceWhenReaderGoes(): void {
	endsAtOnce = true;
	if (readerGone) process.exit(0);
}

/** Watches stdout and stderr for a reader that went away (a pipe's reader, or a terminal that hung up); other stream errors are left to whoever handles them (or crash as before). */
export function watchForClosedOutput(): void {
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE' || (error.code === 'EIO' && stream.isTTY) || readerGone) {
				readerGone = true;
				if (endsAtOnce) process.exit(0);
				return;
			}
			if (stream.listenerCount('error') === 1) throw error;
		});
	}
}
