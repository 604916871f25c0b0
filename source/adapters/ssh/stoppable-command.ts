// A command over SSH that pg-ops can stop. Closing the channel does not end a remote command that
// has no terminal (sshd sends it no hang-up), so the command runs in a session of its own
// (`setsid`), says its process group on a first marker line that pg-ops strips, and stopping it is
// a second command on the same connection that signals that whole group: TERM, then KILL.
import {quoteShell} from '../../core/shell.js';

export type StopTarget = {kind: 'group' | 'pid'; id: number};

/** How long the stopped group gets to exit on TERM before KILL. */
export const stopGraceSeconds = 2;

/**
 * The channel's command. The wrapper keeps standard input for the command (fd 3: a background job
 * would otherwise read /dev/null), waits for it and exits with its status. Without setsid (rare:
 * util-linux and BusyBox both have it) the marker names the process instead, and stop signals it
 * and its children.
 */
export function stoppableCommand(script: string, nonce: string): string {
	const announce = (kind: StopTarget['kind']) =>
		quoteShell(`printf '%s ${kind} %s\\n' "$1" "$$"; exec /bin/sh -c "$2"`);
	const wrapper = [
		'exec 3<&0',
		`if command -v setsid >/dev/null 2>&1; then setsid /bin/sh -c ${announce('group')} pg-ops "$1" "$2" <&3 3<&- &`,
		`else /bin/sh -c ${announce('pid')} pg-ops "$1" "$2" <&3 3<&- &`,
		'fi',
		// The wrapper's own stderr only: a shell reports a job ended by a signal ("Terminated"); the command keeps its own.
		'exec 3<&- 2>/dev/null',
		'wait "$!"',
	].join('\n');
	return `sh -c ${quoteShell(wrapper)} pg-ops ${quoteShell(nonce)} ${quoteShell(script)}`;
}

/** The second command: signals what the marker named, waits a moment for it to go, then kills what is left. */
export function stopCommand(target: StopTarget): string {
	const id = String(target.id);
	const alive = target.kind === 'group' ? `kill -s 0 -- -${id}` : `kill -s 0 ${id}`;
	const signal = (name: string) =>
		target.kind === 'group' ? `kill -s ${name} -- -${id}` : `pkill -${name} -P ${id}; kill -s ${name} ${id}`;
	return [
		// The session's first shell goes first: a shell that outlives its child reports "Terminated" into the output.
		...(target.kind === 'group' ? [`kill -s TERM ${id} 2>/dev/null`] : []),
		`${signal('TERM')} 2>/dev/null || exit 0`,
		`i=0; while [ "$i" -lt ${stopGraceSeconds * 10} ] && ${alive} 2>/dev/null; do sleep 0.1; i=$((i + 1)); done`,
		`${signal('KILL')} 2>/dev/null`,
		'exit 0',
	].join('\n');
}

/** Strips the marker line from the start of standard output and remembers what it named. */
export class MarkerLine {
	target?: StopTarget;
	private pending = '';
	private done = false;

	constructor(private readonly nonce: string) {}

	/** The part of this chunk that is the command's own output. */
	push(chunk: string): string {
		if (this.done) return chunk;
		this.pending += chunk;
		const end = this.pending.indexOf('\n');
		if (end < 0) {
			// No marker can be this long: the wrapper did not run as expected; hand everything on.
			if (this.pending.length <= this.nonce.length + 32) return '';
			return this.flush();
		}
		const match = new RegExp(`^${this.nonce} (group|pid) (\\d+)$`).exec(this.pending.slice(0, end));
		if (!match) return this.flush();
		this.target = {kind: match[1] as StopTarget['kind'], id: Number(match[2])};
		this.pending = this.pending.slice(end + 1);
		return this.flush();
	}

	/** What is still held back when the stream ends. */
	flush(): string {
		this.done = true;
		const rest = this.pending;
		this.pending = '';
		return rest;
	}
}
