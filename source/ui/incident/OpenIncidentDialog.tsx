// `i` with no incident open: choose the severity (each with its definition and response target),
// then type a one-line title; enter opens it. esc at any point backs out, opening nothing.
import React, {useState} from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import type {Notice} from '../../engine/store.js';
import type {Severity, SeverityDefinition} from '../../core/incidents/types.js';
import {color} from '../theme.js';
import {fit} from '../text.js';
import {wrap} from '../procedures/lines.js';
import {clockTime, severityColor, targetText} from './incident-text.js';
import {IncidentFooter} from './IncidentFooter.js';
import {LineInput} from './LineInput.js';
import {PickList} from './PickList.js';

type Props = {
	env: string;
	severities: SeverityDefinition[];
	now: number;
	width: number;
	height: number;
	notice?: Notice;
	onOpen(input: {severity: Severity; title: string}): void;
	onCancel(): void;
	onQuit(): void;
};

export function OpenIncidentDialog({
	env,
	severities,
	now,
	width,
	height,
	notice,
	onOpen,
	onCancel,
	onQuit,
}: Props) {
	const [chosen, setChosen] = useState<SeverityDefinition>();
	const inner = width - 4;
	const items = severities.map(s => ({
		key: s.severity,
		label: `${s.severity}  ${fit(s.name, 12)} ${targetText(s)}`,
		detail: `${s.definition}${s.example ? ` (e.g. ${s.example})` : ''}`,
		color: severityColor(s.severity),
	}));
	return (
		<>
			<Box
				flexDirection="column"
				width={width}
				height={height}
				borderStyle="double"
				borderColor={color(chosen ? severityColor(chosen.severity) : 'yellow')}
				paddingX={1}
			>
				{chosen ? (
					<>
						<Text bold>{fit(`Open an incident on ${env}`, inner)}</Text>
						<Text> </Text>
						<Text bold color={color(severityColor(chosen.severity))}>
							{fit(
								`${chosen.severity} ${chosen.name}: ${targetText(chosen)}, by ${clockTime(now + chosen.respondWithinMinutes * 60_000)} if opened now`,
								inner,
							)}
						</Text>
						{wrap(chosen.definition, inner).map((line, i) => (
							<Text key={i} dimColor>
								{line}
							</Text>
						))}
						<Text> </Text>
						<LineInput
							label="Title:"
							width={inner}
							onSubmit={title => onOpen({severity: chosen.severity, title})}
							onCancel={onCancel}
							onQuit={onQuit}
						/>
						<Text dimColor>
							{fit('One line: what is broken, as the team would say it. esc: nothing is opened.', inner)}
						</Text>
					</>
				) : (
					<>
						<PickList
							title={`Open an incident on ${env}: how bad is it?`}
							items={items}
							width={inner}
							height={height - 2}
							mode="severity"
							onChoose={key => setChosen(severities.find(s => s.severity === key))}
							onBack={onCancel}
							onQuit={onQuit}
						/>
					</>
				)}
			</Box>
			<IncidentFooter
				width={width}
				mode={chosen ? 'typing' : 'severity'}
				notice={notice}
				submit="opens the incident"
			/>
		</>
	);
}
