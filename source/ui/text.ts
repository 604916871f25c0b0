// Fitting text into cells: terminal cells are counted per code point (pg-ops' own symbols are all one cell wide).
export function fit(
	text: string,
	width: number,
	align: 'left' | 'right' = 'left',
	cut: 'end' | 'start' = 'end',
): string {
	if (width <= 0) return '';
	const chars = [...text];
	// Paths lose their start ("…/root"), names their end ("app-orchestr…"): the telling part stays.
	if (chars.length > width)
		return width === 1
			? '…'
			: cut === 'start'
				? '…' + chars.slice(chars.length - width + 1).join('')
				: chars.slice(0, width - 1).join('') + '…';
	const pad = ' '.repeat(width - chars.length);
	return align === 'right' ? pad + text : text + pad;
}

export function textWidth(text: string): number {
	return [...text].length;
}

/** Cuts text to at most width cells, marking the cut with "…"; never pads. */
export function truncate(text: string, width: number): string {
	const chars = [...text];
	if (chars.length <= width) return text;
	return width <= 0 ? '' : chars.slice(0, width - 1).join('') + '…';
}
