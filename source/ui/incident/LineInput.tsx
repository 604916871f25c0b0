// A one-line text input (an incident's title, a note, a message, the closing summary): printable
// characters and pastes, backspace, enter submits (never an empty text), esc cancels. For a moment
// after it opens it ignores enter and the key that opened it, so a held or bounced key does not
// type itself into the text or submit it empty.
import React, {useRef, useState} from 'react';
import {Text} from 'ink';
import {toKeyPress} from '../keys.js';
import {color} from '../theme.js';
import {textWidth} from '../text.js';
import {incidentKeyFor} from './incident-keys.js';
import {useRoutedKeys} from './key-router.js';

export const inputArmDelayMs = 400;

type Props = {
	label: string;
	width: number;
	/** The key that opened the input ("n"): ignored while the input arms. */
	openedBy?: string;
	maxLength?: number;
	onSubmit(text: string): void;
	onCancel(): void;
	onQuit(): void;
};

export function LineInput({label, width, openedBy, maxLength = 500, onSubmit, onCancel, onQuit}: Props) {
	const [text, setText] = useState('');
	// Keys can arrive faster than React redraws: each must see what the previous one typed.
	const latest = useRef('');
	const openedAt = useRef(Date.now());
	const set = (next: string) => {
		latest.current = [...next].slice(0, maxLength).join('');
		setText(latest.current);
	};

	useRoutedKeys((input, key) => {
		const id = incidentKeyFor('typing', toKeyPress(input, key));
		const arming = Date.now() - openedAt.current < inputArmDelayMs;
		if (id === 'quit') return onQuit();
		if (id === 'back') return onCancel();
		if (id === 'erase') return set([...latest.current].slice(0, -1).join(''));
		if (id === 'submit') {
			if (!arming && latest.current.trim()) onSubmit(latest.current.trim());
			return;
		}
		if (arming && openedBy !== undefined && input === openedBy) return;
		if (id === 'type') return set(latest.current + input);
		// A paste with line breaks arrives as one chunk: one line of it, breaks as spaces.
		if (!key.ctrl && !key.meta && input.length > 1) set(latest.current + input.replace(/[\u0000-\u001f\u007f]+/g, ' '));
	});

	// The end of a long text stays in view, where the cursor is.
	const room = Math.max(8, width - textWidth(label) - 2);
	const chars = [...text];
	const shown = chars.length >= room ? '…' + chars.slice(chars.length - room + 2).join('') : text;
	return (
		<Text wrap="truncate">
			<Text bold>{label}</Text> <Text color={color('cyan')}>{shown}</Text>
			<Text inverse> </Text>
		</Text>
	);
}
