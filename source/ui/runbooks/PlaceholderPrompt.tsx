// Asks for a step's placeholder values before it runs, one field at a time. Secret ones are shown
// as • and live only in this component until they are handed to the one run that needs them;
// esc cancels and nothing runs. Used by the runbook screen and the maintenance window's Execute.
import React, {useRef, useState} from 'react';
import {Box, Text, useInput, useStdin} from 'ink';
import type {Placeholder} from '../../core/runbooks/types.js';
import {toKeyPress} from '../keys.js';
import {color} from '../theme.js';
import {truncate} from '../text.js';
import {runbookHints, runbookKeyFor} from './runbook-keys.js';

type Props = {
	/** What the values are for: "runbook: curl /ops/verify". */
	title: string;
	placeholders: Placeholder[];
	/** Values given before (never secret ones): offered again, editable. */
	initial?: Record<string, string>;
	width: number;
	onSubmit(values: Record<string, string>): void;
	onCancel(): void;
};

export function PlaceholderPrompt({title, placeholders, initial = {}, width, onSubmit, onCancel}: Props) {
	const fields = uniqueByName(placeholders);
	// Refs beside the state: keys typed faster than the screen redraws must land in the right field.
	const valuesRef = useRef<Record<string, string>>(Object.fromEntries(fields.map(p => [p.name, p.secret ? '' : (initial[p.name] ?? '')])));
	const indexRef = useRef(0);
	const [values, setValues] = useState(valuesRef.current);
	const [index, setIndex] = useState(0);
	const [problem, setProblem] = useState<string>();
	const {isRawModeSupported} = useStdin();
	const setValue = (name: string, value: string) => {
		valuesRef.current = {...valuesRef.current, [name]: value};
		setValues(valuesRef.current);
	};
	const moveTo = (next: number) => {
		indexRef.current = next;
		setIndex(next);
	};

	useInput((input, key) => {
		const at = indexRef.current;
		const current = fields[at];
		if (!current) return;
		const value = valuesRef.current[current.name] ?? '';
		const id = runbookKeyFor('prompt', toKeyPress(input, key));
		if (id === 'cancel') return onCancel();
		if (id === 'previous') return moveTo(Math.max(0, at - 1));
		if (id === 'erase') return setValue(current.name, [...value].slice(0, -1).join(''));
		if (id === 'type') {
			setProblem(undefined);
			return setValue(current.name, value + input);
		}
		if (id !== 'next') return;
		if (value === '') return setProblem(`${current.token} needs a value`);
		if (at < fields.length - 1) return moveTo(at + 1);
		const empty = fields.findIndex(p => (valuesRef.current[p.name] ?? '') === '');
		if (empty >= 0) {
			moveTo(empty);
			return setProblem(`${fields[empty]!.token} needs a value`);
		}
		onSubmit(valuesRef.current);
	}, {isActive: isRawModeSupported === true});

	const inner = width - 4;
	const label = Math.min(28, Math.max(...fields.map(p => [...p.token].length)) + 2);
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={color('cyan')} paddingX={1}>
			<Text bold wrap="truncate">{truncate(`values for ${title}`, inner)}</Text>
			<Text> </Text>
			{fields.map((p, i) => {
				const value = values[p.name] ?? '';
				const shown = p.secret ? bullets([...value].length) : value;
				const here = i === index;
				return (
					<Text key={p.name} wrap="truncate" bold={here}>
						{here ? '▶ ' : '  '}
						{truncate(p.token, label - 1).padEnd(label)}
						<Text inverse={here}>{` ${shown}${here ? '▌' : ''} `}</Text>
						{p.secret ? <Text dimColor>  masked: never shown, logged or kept</Text> : null}
					</Text>
				);
			})}
			<Text> </Text>
			{problem ? <Text color={color('yellow')} wrap="truncate">{problem}</Text> : null}
			<Text dimColor wrap="truncate">{runbookHints('prompt')}</Text>
		</Box>
	);
}

/** A masked value as dots; a long one (a pasted 64-character token) as a few dots and its length, so it fits. */
function bullets(length: number): string {
	return length <= maxBullets ? '•'.repeat(length) : `${'•'.repeat(maxBullets)} (${length} characters)`;
}

const maxBullets = 16;

/** A token used twice in a step is asked for once. */
function uniqueByName(placeholders: Placeholder[]): Placeholder[] {
	const seen = new Set<string>();
	return placeholders.filter(p => !seen.has(p.name) && seen.add(p.name));
}
