// Choosing an environment: at start-up when the config has several, and on `e`.
import React, {useRef, useState} from 'react';
import {Box, useInput, useStdin} from 'ink';
import {Text} from './SafeText.js';
import {toKeyPress} from './keys.js';
import {dialogKeyFor} from './dialog-keys.js';
import {color} from './theme.js';
import {useEnvLook} from './env-look.js';
import {useGuardOnClose} from './dialog-guard.js';

type Props = {
	environments: Array<{name: string; description?: string; protected?: boolean}>;
	initial?: string;
	current?: string;
	onPick(name: string): void;
	onCancel(): void;
};

export function EnvPicker({environments, initial, current, onPick, onCancel}: Props) {
	const {accent} = useEnvLook();
	const [index, setIndexState] = useState(() =>
		Math.max(
			0,
			environments.findIndex(e => e.name === (initial ?? current)),
		),
	);
	// Keys can arrive before the handler of the last render is in place: enter picks the row last moved to.
	const indexRef = useRef(index);
	const setIndex = (next: (i: number) => number) => {
		indexRef.current = next(indexRef.current);
		setIndexState(indexRef.current);
	};
	const {isRawModeSupported} = useStdin();
	useGuardOnClose();
	useInput(
		(input, key) => {
			const id = dialogKeyFor('envPicker', toKeyPress(input, key));
			if (id === 'cancel') return onCancel();
			if (id === 'down') setIndex(i => Math.min(environments.length - 1, i + 1));
			if (id === 'up') setIndex(i => Math.max(0, i - 1));
			if (id === 'choose') onPick(environments[indexRef.current]!.name);
		},
		{isActive: isRawModeSupported === true},
	);
	return (
		<Box flexDirection="column" borderStyle="single" borderColor={accent} paddingX={1}>
			<Text bold>Choose an environment</Text>
			{environments.map((env, i) => (
				<Text key={env.name} inverse={i === index}>
					{i === index ? '> ' : '  '}
					<Text color={env.protected ? color('red') : undefined} bold>
						{env.name}
					</Text>
					{env.protected ? ' (protected)' : ''}
					{env.name === current ? ' (current)' : ''}
					{env.description ? `  ${env.description}` : ''}
				</Text>
			))}
			<Text dimColor>j/k move enter open esc {current ? 'back' : 'quit'}</Text>
		</Box>
	);
}
