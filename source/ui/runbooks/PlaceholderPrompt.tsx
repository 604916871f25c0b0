// Asks for a step's placeholder values before it runs, one field at a time: each a LineField,
// secret ones masked (dots, never their text). It draws the PlaceholderInput the screen that asks
// holds; that screen routes the keys to placeholderKey (placeholder-input.ts), so none is lost
// while this prompt appears. Used by the runbook screen and the maintenance window's Execute.
import React from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import {LineField} from '../LineField.js';
import {color} from '../theme.js';
import {useEnvLook} from '../env-look.js';
import {truncate} from '../text.js';
import type {Placeholder} from '../../core/runbooks/types.js';
import type {PlaceholderInput} from './placeholder-input.js';
import {runbookHints} from './runbook-keys.js';

type Props = {
	/** What the values are for: "runbook: curl /ops/verify". */
	title: string;
	input: PlaceholderInput;
	width: number;
};

/** The blank as written; with the name it is asked as when that differs (NODE for "<replace_with_previous_output>"). */
function fieldLabel(p: Placeholder): string {
	const bare = p.token.replace(/^<(?:secret:)?|>$/g, '').replace(/^\$\{?|\}$/g, '');
	return bare === p.name || p.style === 'literal'
		? p.token.replace(/^<secret:/, '<')
		: `${p.name} ${p.token}`;
}

export function PlaceholderPrompt({title, input, width}: Props) {
	const {accent} = useEnvLook();
	const inner = width - 4;
	const label = Math.min(28, Math.max(...input.fields.map(p => [...fieldLabel(p)].length)) + 2);
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={accent} paddingX={1}>
			<Text bold wrap="truncate">
				{truncate(`values for ${title}`, inner)}
			</Text>
			<Text> </Text>
			{input.fields.map((p, i) => (
				<LineField
					key={p.name}
					label={`${i === input.index ? '▶ ' : '  '}${truncate(fieldLabel(p), label - 1).padEnd(label)}`}
					value={input.values[p.name] ?? ''}
					masked={p.secret}
					active={i === input.index}
					note={
						p.secret
							? 'masked: never shown, logged or kept'
							: input.offered.includes(p.name)
								? 'offered: enter keeps it, typing replaces it'
								: undefined
					}
					width={inner}
				/>
			))}
			<Text> </Text>
			{input.problem ? (
				<Text color={color('yellow')} wrap="truncate">
					{input.problem}
				</Text>
			) : null}
			<Text dimColor wrap="truncate">
				{runbookHints('prompt')}
			</Text>
		</Box>
	);
}
