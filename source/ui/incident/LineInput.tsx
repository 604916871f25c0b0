// A one-line text input on the incident screens (an incident's title, a note, a message, the
// closing summary): the shared LineField and editLine, with this screen's keys: enter submits
// (never an empty text), esc cancels. For a moment after it opens it ignores enter and the key that
// opened it, so a held or bounced key does not type itself into the text or submit it empty.
import React, {useRef, useState} from 'react';
import {editLine} from '../keys.js';
import {LineField} from '../LineField.js';
import {incidentKeyFor} from './incident-keys.js';
import {useRoutedKeys} from './key-router.js';
import {inputArmDelayMs, useArming} from '../arming.js';

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
	const done = useRef(false);
	const {isArmed} = useArming(inputArmDelayMs);

	useRoutedKeys(press => {
		// Submitted: the rest of that chunk ("note\rj") is for the view that comes next.
		if (done.current) return false;
		const arming = !isArmed();
		const id = incidentKeyFor('typing', press);
		if (id === 'quit') return onQuit();
		if (id === 'back') return onCancel();
		if (id === 'submit') {
			if (arming || !latest.current.trim()) return;
			done.current = true;
			queueMicrotask(() => (done.current = false)); // a chunk is handed over at once; a refused submit leaves the input working
			return onSubmit(latest.current.trim());
		}
		if (id === 'type' && arming && press.input === openedBy) return;
		latest.current = [...editLine(latest.current, press)].slice(0, maxLength).join('');
		setText(latest.current);
	});

	return <LineField label={label} value={text} width={width} />;
}
