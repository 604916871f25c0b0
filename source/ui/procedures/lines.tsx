// Procedure screens are lists of lines: built by pure functions (plan-lines.ts, progress-lines.ts),
// wrapped to the width (commands are shown whole, never cut), and drawn through a window that
// scrolls when they don't fit.
import React from 'react';
import {Text} from '../SafeText.js';
import Spinner from 'ink-spinner';
import {color} from '../theme.js';

export type Tone = 'title' | 'ok' | 'warn' | 'bad' | 'dim' | 'command' | 'reveal' | 'plain';
/** `spinner`: the line of the running step; the only thing on these screens that moves. */
export type Line = {text: string; tone?: Tone; spinner?: boolean};

/** Cells the spinner and its space take at the start of the running step's line. */
export const spinnerRoom = 2;

/** Wraps text to width, breaking at spaces where it can; continuation lines get `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
	const lines: string[] = [];
	let rest = [...text];
	let prefix: string[] = [];
	const room = () => Math.max(8, width - prefix.length);
	while (prefix.length + rest.length > width && rest.length > 0) {
		const fits = room();
		let cut = rest.lastIndexOf(' ', fits);
		if (cut <= 0 || cut < fits / 2) cut = fits;
		lines.push([...prefix, ...rest.slice(0, cut)].join('').trimEnd());
		rest = rest.slice(cut);
		while (rest[0] === ' ') rest = rest.slice(1);
		prefix = [...indent];
	}
	if (rest.length > 0 || lines.length === 0) lines.push([...prefix, ...rest].join(''));
	return lines;
}

/** One logical line as wrapped screen lines, all in the same tone. */
export function wrapped(text: string, width: number, tone?: Tone, indent = ''): Line[] {
	// A command of several lines (a runbook step's script) keeps its lines, each under the indent.
	return text
		.split('\n')
		.flatMap((part, i) => wrap(i === 0 ? part : indent + part, width, indent))
		.map(t => ({text: t, tone}));
}

const tones: Record<Tone, {color?: string; bold?: boolean; dim?: boolean; inverse?: boolean}> = {
	title: {bold: true},
	ok: {color: 'green'},
	warn: {color: 'yellow', bold: true},
	bad: {color: 'red', bold: true},
	dim: {dim: true},
	command: {color: 'cyan'},
	reveal: {bold: true, inverse: true},
	plain: {},
};

export function LineView({line}: {line: Line}) {
	const tone = tones[line.tone ?? 'plain'];
	return (
		<Text
			wrap="truncate"
			color={tone.color ? color(tone.color) : undefined}
			bold={tone.bold}
			dimColor={tone.dim}
			inverse={tone.inverse}
		>
			{line.spinner ? (
				<>
					<Spinner type="dots" />{' '}
				</>
			) : null}
			{line.text || ' '}
		</Text>
	);
}

/** The part of `lines` that fits `height` from `offset` (clamped), and how much is above and below. */
export function windowOf(
	lines: Line[],
	height: number,
	offset: number,
): {shown: Line[]; above: number; below: number; offset: number} {
	const max = Math.max(0, lines.length - height);
	const start = Math.max(0, Math.min(max, offset));
	return {
		shown: lines.slice(start, start + height),
		above: start,
		below: Math.max(0, lines.length - start - height),
		offset: start,
	};
}
