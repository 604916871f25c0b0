// Confirms a procedure's plan. It lists exactly what will run, starts on Cancel and ignores keys for
// a moment after it opens (key auto-repeat and fat fingers must not confirm): `y` runs it on an
// ordinary environment, a protected one wants its name typed; esc (or any other key) cancels.
// It is remounted for a second confirmation, so that one arms afresh too.
import React, {useRef, useState} from 'react';
import {Box, useInput, useStdin} from 'ink';
import {Text} from '../SafeText.js';
import type {Confirmation, ShownPlan} from '../../engine/procedure-state.js';
import {dialogArmDelayMs, useArming} from '../arming.js';
import {useGuardOnClose} from '../dialog-guard.js';
import {toKeyPress} from '../keys.js';
import {color} from '../theme.js';
import {LineView, windowOf} from './lines.js';
import {planLines, staleLines} from './plan-lines.js';
import {procedureKeyFor} from './procedure-keys.js';

type Props = {
	plan: ShownPlan;
	confirm: Confirmation;
	width: number;
	height: number;
	onConfirm(typed: string): void;
	onCancel(): void;
};

export function ConfirmDialog({plan, confirm, width, height, onConfirm, onCancel}: Props) {
	const {armed, isArmed} = useArming(dialogArmDelayMs);
	const [typed, setTypedState] = useState('');
	// Keys arrive faster than React redraws: enter must submit every letter typed before it, not the
	// last drawn text ("prod-sm" typed fast and submitted as "prod-s"; "prodd" as "prod").
	const typedRef = useRef('');
	const setTyped = (next: string) => {
		typedRef.current = next;
		setTypedState(next);
	};
	const [offset, setOffset] = useState(0);
	const {isRawModeSupported} = useStdin();
	// However it closed, the keys right behind the one that closed it are not the console's.
	useGuardOnClose();

	const inner = width - 4;
	const warning = staleLines(confirm, inner);
	const body = planLines(plan, inner);
	// Borders, the prompt and the blank line before it; the stale warning stays on screen whatever the scroll.
	const room = Math.max(3, height - 4 - warning.length);
	const view = windowOf(body, body.length > room ? room - 1 : room, offset);
	const screen = confirm.typed ? 'confirm-typed' : 'confirm';

	useInput(
		(input, key) => {
			const id = procedureKeyFor(screen, toKeyPress(input, key));
			if (id === 'cancel') return onCancel(); // backing out is always safe, armed or not
			if (id === 'scrollDown' || id === 'scrollUp')
				return setOffset(view.offset + (id === 'scrollDown' ? 1 : -1));
			if (!isArmed()) return;
			if (id === 'confirm') return onConfirm(input);
			if (id === 'submit') {
				const answer = typedRef.current;
				// The field starts empty again: a wrong name is said below, never half-kept.
				setTyped('');
				return onConfirm(answer);
			}
			if (id === 'erase') return setTyped([...typedRef.current].slice(0, -1).join(''));
			if (id === 'type') return setTyped(typedRef.current + input);
			if (id === 'otherKey') onCancel();
		},
		{isActive: isRawModeSupported === true},
	);

	const again = confirm.given > 0 ? ' AGAIN' : '';
	const wait = armed ? '' : '  (keys ignored for a moment)';
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="double"
			borderColor={color(confirm.stale.length > 0 || confirm.protectedEnv ? 'red' : 'yellow')}
			paddingX={1}
		>
			{warning.map((line, i) => (
				<LineView key={`w${i}`} line={line} />
			))}
			{view.shown.map((line, i) => (
				<LineView key={i} line={line} />
			))}
			{view.above + view.below > 0 ? (
				<Text dimColor>{`(${view.above} above, ${view.below} below: ↑↓ scroll)`}</Text>
			) : null}
			<Box flexGrow={1} />
			{confirm.typed && confirm.mismatch !== undefined ? (
				<Text color={color('red')} wrap="truncate">
					{`"${confirm.mismatch}" is not ${confirm.word}: nothing was run. Type ${confirm.word} exactly, or esc to cancel.`}
				</Text>
			) : null}
			{confirm.typed ? (
				<Text wrap="truncate">
					<Text bold color={color(confirm.protectedEnv ? 'red' : 'yellow')}>
						{confirm.protectedEnv ? 'PROTECTED:' : 'CONFIRM:'}
					</Text>{' '}
					type {confirm.word}
					{again} to run it: <Text inverse>{` ${typed}▌ `}</Text> <Text inverse>[ Cancel ]</Text>
					<Text dimColor>{wait}</Text>
				</Text>
			) : (
				<Text wrap="truncate">
					<Text bold>Run it{again}?</Text> <Text inverse>[ Cancel ]</Text>
					<Text dimColor>{wait}</Text>
				</Text>
			)}
		</Box>
	);
}
