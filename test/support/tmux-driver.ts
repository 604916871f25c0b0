// Drives the built CLI in a real terminal: tmux on its own socket, send-keys to type,
// capture-pane to read the screen. Every wait has a deadline and says what it saw.
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

export type Terminal = {
	screen(): string;
	/** The screen with its escape codes (colours, bold, inverse). */
	screenWithStyles(): string;
	waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
	press(...keys: string[]): void;
	isRunning(): boolean;
	/** Any other tmux command on this terminal's server (display -p '#{pane_title}', list-buffers). */
	tmux(...args: string[]): string;
	close(): void;
};

export function openTerminal(
	command: string,
	options: {
		columns?: number;
		rows?: number;
		env?: Record<string, string>;
		cwd?: string;
		/** Server options set before the command starts, e.g. {'set-clipboard': 'on'}. */
		serverOptions?: Record<string, string>;
	} = {},
): Terminal {
	const socket = `pgops-test-${process.pid}-${randomBytes(3).toString('hex')}`;
	const tmux = (...args: string[]) =>
		execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8', cwd: options.cwd});
	const env = Object.entries({TERM: 'xterm-256color', ...options.env})
		.map(([k, v]) => `${k}=${shellQuote(v)}`)
		.join(' ');
	// remain-on-exit keeps the pane after the program ends, so a test can read its last words.
	// Server options first, in the same tmux call, so they hold from the program's first byte.
	const setFirst = Object.entries(options.serverOptions ?? {}).flatMap(([name, value]) => [
		'set-option',
		'-g',
		name,
		value,
		';',
	]);
	tmux(
		...(setFirst.length > 0 ? ['start-server', ';', ...setFirst] : []),
		'new-session',
		'-d',
		'-s',
		'main',
		'-x',
		String(options.columns ?? 80),
		'-y',
		String(options.rows ?? 24),
		`env ${env} ${command}`,
	);
	tmux('set-option', '-t', 'main', 'remain-on-exit', 'on');
	const terminal: Terminal = {
		screen: () => tmux('capture-pane', '-p', '-t', 'main'),
		screenWithStyles: () => tmux('capture-pane', '-p', '-e', '-t', 'main'),
		async waitFor(text, timeoutMs = 15_000) {
			const started = Date.now();
			const deadline = started + timeoutMs;
			let screen = '';
			const matches = (shown: string) => (typeof text === 'string' ? shown.includes(text) : text.test(shown));
			while (Date.now() < deadline) {
				screen = terminal.screen();
				if (matches(screen)) {
					// A capture can land while Ink is still writing a frame: return a screen that held still.
					await new Promise(resolve => setTimeout(resolve, 60));
					const again = terminal.screen();
					if (again === screen) return screen;
					continue;
				}
				await new Promise(resolve => setTimeout(resolve, lookAgainMs(Date.now() - started)));
			}
			throw new Error(`waited ${timeoutMs}ms for ${String(text)}; the screen shows:\n${screen}`);
		},
		press(...keys) {
			for (const key of keys) tmux('send-keys', '-t', 'main', key);
		},
		tmux: (...args) => tmux(...args),
		isRunning() {
			return tmux('list-panes', '-t', 'main', '-F', '#{pane_dead}').trim() === '0';
		},
		close() {
			try {
				tmux('kill-server');
			} catch {
				// already gone
			}
		},
	};
	return terminal;
}

/**
 * The pause before the next look at a screen that does not match yet: 100 ms at first, growing to
 * 500 ms over a wait's first 8 s. Each look is a tmux process (about 17 ms of CPU with node's spawn),
 * and a rolling restart or a first refresh of 100 hosts is waited on for a minute or more: at 100 ms
 * the looks took a core's tenth from the hosts being waited on. A screen seen late by at most 0.5 s
 * in a wait of many seconds changes no outcome (the match is still checked to hold still).
 */
export function lookAgainMs(waitedMs: number): number {
	return Math.min(500, 100 + Math.floor(waitedMs / 20));
}

function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}
