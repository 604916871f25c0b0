// What happens on an exec channel once it is open: output taken as it comes (bounded, made visible,
// line ends made plain for a terminal, the stop marker stripped), a timeout or a stop that ends the
// command (on the host for a stoppable one, else by closing the channel), and the result once it closes.
import type {ClientChannel} from 'ssh2';
import type {ExecOptions, ExecResult} from '../host.js';
import {OutputBuffer} from '../output-buffer.js';
import {TerminalLineEnds} from '../terminal-output.js';
import {trace} from '../trace.js';
import {stopGraceSeconds, type MarkerLine, type StopTarget} from './stoppable-command.js';

export type ChannelWatch = Pick<ExecOptions, 'timeoutMs' | 'stdin' | 'onOutput' | 'signal' | 'terminal'> & {
	label: string;
	started: number;
	/** A stoppable command's marker (stoppable-command.ts): stopping it is a second command, `stopRemote`. */
	marker?: MarkerLine;
	stopRemote(target: StopTarget): Promise<void>;
};

export function watchChannel(
	channel: ClientChannel,
	{label, started, timeoutMs, stdin, onOutput, signal, terminal, marker, stopRemote}: ChannelWatch,
): Promise<ExecResult> {
	return new Promise(resolve => {
		const lineEnds = terminal ? new TerminalLineEnds() : undefined;
		const stdout = new OutputBuffer();
		const stderr = new OutputBuffer();
		let exitCode: number | null = null;
		let exitSignal: string | undefined;
		let timedOut = false;
		let stopped = false;
		let lastResort: NodeJS.Timeout | undefined;
		// Both bounded and made visible as they arrive (output-buffer.ts).
		const take = (text: string, into: 'stdout' | 'stderr') => {
			if (!text) return;
			const shown = (into === 'stdout' ? stdout : stderr).add(text);
			if (shown) onOutput?.(shown);
		};
		// A stoppable command is ended on the host; the channel then closes by itself. If it doesn't (the stop could not run), it is closed here.
		let ending = false;
		const end = () => {
			if (ending) return;
			ending = true;
			// Before its marker arrived, a stoppable command is stopped as soon as it does (see 'data').
			if (marker?.target) void stopRemote(marker.target);
			else if (!marker) {
				channel.signal('KILL');
				channel.close();
			}
			// sshd answers a close only once the command has ended: if the stop did not end it, say so rather than wait for ever.
			lastResort = setTimeout(
				() => {
					channel.close();
					const where = marker?.target ? ` (process group ${marker.target.id})` : '';
					finish(
						`\npg-ops could not end the command on ${label}${where}: it may still be running there; end it by hand`,
					);
				},
				(stopGraceSeconds + 3) * 1000,
			);
		};
		const timer = setTimeout(() => {
			timedOut = true;
			end();
		}, timeoutMs);
		const stop = () => {
			stopped = true;
			end();
		};
		signal?.addEventListener('abort', stop, {once: true});
		// setEncoding decodes through a StringDecoder: a UTF-8 character split across chunks arrives whole.
		channel.setEncoding('utf8');
		channel.on('data', (piece: string) => {
			const chunk = lineEnds ? lineEnds.push(piece) : piece;
			if (!marker) return take(chunk, 'stdout');
			const known = marker.target !== undefined;
			take(marker.push(chunk), 'stdout');
			if (ending && !known && marker.target) void stopRemote(marker.target);
		});
		channel.stderr.setEncoding('utf8');
		channel.stderr.on('data', (chunk: string) => take(chunk, 'stderr'));
		channel.on('exit', (code: number | null, signalName?: string) => {
			exitCode = code;
			exitSignal = signalName ?? undefined;
		});
		let finished = false;
		const finish = (note = '') => {
			if (finished) return;
			finished = true;
			trace(`ssh: exec ended (${label}, ${Date.now() - started} ms)`);
			clearTimeout(timer);
			clearTimeout(lastResort);
			signal?.removeEventListener('abort', stop);
			const rest = lineEnds?.flush() ?? '';
			if (marker) take(marker.push(rest) + marker.flush(), 'stdout');
			else take(rest, 'stdout');
			take(note, 'stderr');
			resolve({
				stdout: stdout.text(),
				stderr: stderr.text(),
				...(stdout.cut || stderr.cut ? {cut: true} : {}),
				exitCode,
				signal: exitSignal,
				timedOut,
				stopped: stopped || undefined,
				durationMs: Date.now() - started,
			});
		};
		channel.on('close', () => finish());
		// A terminal's end of input would be a ^D typed into it: nothing is sent at all.
		if (!terminal) channel.end(stdin ?? '');
	});
}
