// The one line of typed text every checklist screen uses (an incident's title, note, message or
// summary; a maintenance window's title, skip reason or note; a runbook placeholder's value): its
// label, the end of what is typed in sight, a cursor, and what is wrong with it. A masked value
// (a secret placeholder) shows as dots, a long one as a few dots and its length, never its text.
// What a key does to the text is keys.ts' editLine; which key submits or cancels is the screen's.
import React from 'react';
import {Text} from './SafeText.js';
import {color} from './theme.js';
import {textWidth} from './text.js';

type Props = {
	label: string;
	value: string;
	width: number;
	masked?: boolean;
	/** The field being typed into: its value highlighted, with the cursor. */
	active?: boolean;
	/** Said after the value in red (an empty reason, a missing value); what was typed stays. */
	error?: string;
	/** Said after the value, dimmed ("masked: never shown, logged or kept"). */
	note?: string;
};

export function LineField({label, value, width, masked = false, active = true, error, note}: Props) {
	const tail = error ? `  ${error}` : note ? `  ${note}` : '';
	const text = masked ? dots([...value].length) : value;
	// Label, its space, the cursor; what follows the value keeps its room while there is some.
	const room = Math.max(8, width - textWidth(label) - 2 - textWidth(tail));
	const chars = [...text];
	const shown = !masked && chars.length > room ? '…' + chars.slice(chars.length - room + 1).join('') : text;
	return (
		<Text wrap="truncate">
			<Text bold>{label}</Text>{' '}
			<Text color={color('cyan')} bold={active}>
				{shown}
			</Text>
			{active ? <Text inverse> </Text> : null}
			{error ? <Text color={color('red')}>{tail}</Text> : note ? <Text dimColor>{tail}</Text> : null}
		</Text>
	);
}

/** A masked value as dots; a long one (a pasted 64-character token) as a few dots and its length, so it fits. */
export function dots(length: number): string {
	return length <= maxDots ? '•'.repeat(length) : `${'•'.repeat(maxDots)} (${length} characters)`;
}

const maxDots = 16;
