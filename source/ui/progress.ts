// A spinner on stderr while something slow runs (only on a terminal; a plain line otherwise). Plain
// escape codes rather than Ink: `demo start` and `demo stop` draw nothing else and need not load it.
import {visible} from '../core/safe-text.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const hideCursor = '\u001b[?25l'; // the cursor would flicker over the spinner
const clearLineShowCursor = '\r\u001b[2K\u001b[?25h';

export async function withProgress<T>(label: string, work: Promise<T>): Promise<T> {
	if (!process.stderr.isTTY) {
		process.stderr.write(visible(`${label}…\n`, 'lines'));
		return work;
	}
	let frame = 0;
	const draw = () => process.stderr.write(frameLine(frames[frame++ % frames.length]!, label));
	process.stderr.write(hideCursor);
	draw();
	const timer = setInterval(draw, 80);
	try {
		return await work;
	} finally {
		clearInterval(timer);
		process.stderr.write(clearLineShowCursor);
	}
}

/** The spinner's line, drawn over the last: pg-ops' own escape codes, the label made visible. */
function frameLine(frame: string, label: string): string {
	return `\r\u001b[2K${frame} ${visible(`${label}…`, 'line')}`;
}
