// Secrets for a team's action, from standard input only (never the command line, where ps and the
// shell's history would keep them): typed with nothing echoed on a terminal, else one per line from
// a pipe, in the order the action declares them.
import {once} from 'node:events';
import {visible} from '../core/safe-text.js';

/** One line per name, in order; a pipe that ends early leaves the rest undefined. */
export async function readSecrets(
	names: readonly string[],
	prompt: (name: string) => string,
): Promise<Record<string, string>> {
	if (names.length === 0) return {};
	const values: Record<string, string> = {};
	if (process.stdin.isTTY) {
		for (const name of names) values[name] = await typeHidden(prompt(name));
		return values;
	}
	const lines = (await readAll()).split('\n');
	names.forEach((name, i) => {
		const line = lines[i];
		if (line !== undefined && (line !== '' || i < lines.length - 1)) values[name] = line.replace(/\r$/, '');
	});
	return values;
}

async function readAll(): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of process.stdin) {
		chunks.push(chunk as Buffer);
		size += (chunk as Buffer).length;
		// A secret is a line; a flood on stdin is cut, never buffered whole.
		if (size > 64 * 1024) break;
	}
	return Buffer.concat(chunks).toString('utf8');
}

async function typeHidden(prompt: string): Promise<string> {
	// The prompt names an input from the config file: text like any other, shown, never sent as escapes.
	process.stderr.write(visible(prompt, 'lines'));
	const stdin = process.stdin;
	stdin.setRawMode(true);
	stdin.resume();
	let typed = '';
	try {
		for (;;) {
			const [chunk] = (await once(stdin, 'data')) as [Buffer];
			for (const char of chunk.toString('utf8')) {
				if (char === '\r' || char === '\n') return typed;
				if (char === '\u0003') throw new Error('cancelled');
				if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
				else if (char >= ' ') typed += char;
			}
		}
	} finally {
		stdin.setRawMode(false);
		stdin.pause();
		process.stderr.write('\n');
	}
}
