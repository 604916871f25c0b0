// Choosing an environment: at start-up when the config has several, and on `e`.
import React, {useState} from 'react';
import {Box, Text, useInput, useStdin} from 'ink';
import {toKeyPress} from './keys.js';
import {color} from './theme.js';

type Props = {
	environments: Array<{name: string; description?: string; protected?: boolean}>;
	initial?: string;
	current?: string;
	onPick(name: string): void;
	onCancel(): void;
};

export function EnvPicker({environments, initial, current, onPick, onCancel}: Props) {
	const [index, setIndex] = useState(
		Math.max(
			0,
			environments.findIndex(e => e.name === (initial ?? current)),
		),
	);
	const {isRawModeSupported} = useStdin();
	useInput(
		(input, key) => {
			const k = toKeyPress(input, key);
			if (k.escape || (!k.ctrl && k.input === 'q')) return onCancel();
			if (k.downArrow || k.input === 'j') setIndex(i => Math.min(environments.length - 1, i + 1));
			if (k.upArrow || k.input === 'k') setIndex(i => Math.max(0, i - 1));
			if (k.return) onPick(environments[index]!.name);
		},
		{isActive: isRawModeSupported === true},
	);
	return (
		<Box flexDirection="column" borderStyle="single" borderColor={color('cyan')} paddingX={1}>
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
