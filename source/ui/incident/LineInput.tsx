// A one-line text input (an incident's title, a note, a message, the closing summary): printable
// characters and pastes, backspace, enter submits (never an empty text), esc cancels. For a moment
// after it opens it ignores enter and the key that opened it, so a held or bounced key does not
// type itself into the text or submit it empty.
import React, {useRef, useState} from 'react';
import {Text} from 'ink';
import {color} from '../theme.js';
import {textWidth} from '../text.js';
import {incidentKeyFor, keyPresses} from './incident-keys.js';
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
		const arming = Date.now() - openedAt.current < inputArmDelayMs;
		let text = latest.current;
		for (const press of keyPresses(input, key)) {
			const id = incidentKeyFor('typing', press);
			if (id === 'quit') return onQuit();
			if (id === 'back') return onCancel();
			if (id === 'erase') text = [...text].slice(0, -1).join('');
			else if (id === 'submit') {
				if (arming || !text.trim()) continue;
				set(text);
				return onSubmit(text.trim());
			} else if (id === 'type' && !(arming && press.input === openedBy)) text += press.input;
		}
		set(text);
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
