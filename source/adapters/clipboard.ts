// Copying to the operator's clipboard with OSC 52 (the terminal sets its clipboard from a sequence
// the program writes): it works over SSH and, with tmux's `set-clipboard on`, inside tmux, where
// no local clipboard tool could reach. The text is base64 in the sequence, so nothing in it is
// ever interpreted; it was sanitised where it entered pg-ops and is again here.
import {visible} from '../core/safe-text.js';

/** Terminals drop sequences past a limit (xterm ~100 KB of base64); a copy past it is refused, never cut. */
export const clipboardLimitBytes = 74_000;

/** The OSC 52 sequence that puts the text on the clipboard. */
export function osc52(text: string): string {
	return `\u001b]52;c;${Buffer.from(visible(text, 'lines'), 'utf8').toString('base64')}\u0007`;
}

/** Writes the sequence to the terminal; false (nothing written) when the text is too long to copy. */
export function copyToClipboard(text: string): boolean {
	if (Buffer.byteLength(text, 'utf8') > clipboardLimitBytes) return false;
	process.stdout.write(osc52(text));
	return true;
}
