// A team action's inputs being typed before its plan: one LineField per input (a secret's as dots,
// never its text), what each takes, why enter did not go on, and the form's keys. It draws the
// ActionForm the console holds; the console routes the keys to actionFormKey.
import React from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import {LineField} from '../LineField.js';
import {color} from '../theme.js';
import {truncate} from '../text.js';
import {wrap} from '../procedures/lines.js';
import {actionFormHints, inputNote, type ActionForm} from './action-form.js';

export function ActionFormView({form, width}: {form: ActionForm; width: number}) {
	const inner = width - 4;
	const {action} = form;
	const label = Math.min(24, Math.max(...action.inputs.map(i => [...i.name].length)) + 3);
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={color('cyan')} paddingX={1}>
			<Text bold wrap="truncate">
				{truncate(`${action.title ?? action.name}: its inputs, checked before the plan is shown`, inner)}
			</Text>
			{action.description
				? wrap(action.description, inner).map((line, i) => (
						<Text key={`d${i}`} dimColor>
							{line}
						</Text>
					))
				: null}
			<Text> </Text>
			{action.inputs.map((input, i) => (
				<Box key={input.name} flexDirection="column">
					<LineField
						label={`${i === form.index ? '▶ ' : '  '}${truncate(input.name, label - 1).padEnd(label)}`}
						value={form.values[input.name] ?? ''}
						masked={input.type === 'secret'}
						active={i === form.index}
						width={inner}
					/>
					<Text dimColor wrap="truncate">
						{`    ${inputNote(input, form.offered.includes(input.name))}`}
					</Text>
				</Box>
			))}
			<Text> </Text>
			{form.problem
				? wrap(form.problem, inner).map((line, i) => (
						<Text key={`p${i}`} color={color('yellow')}>
							{line}
						</Text>
					))
				: null}
			<Text dimColor wrap="truncate">
				{actionFormHints()}
			</Text>
		</Box>
	);
}
