// The top of the incident screen: severity and title, how long it has been open against its
// response target, and the six steps with their ticks (the selected one marked while walking them).
import React from 'react';
import {Text} from '../SafeText.js';
import {incidentSteps, type IncidentRecord} from '../../core/incidents/types.js';
import {color} from '../theme.js';
import {clockTime, openFor, responseText, severityColor, stepTexts} from './incident-text.js';

type Props = {
	record: IncidentRecord;
	now: number;
	selected: number;
	/** The keys walk the steps now (not a list or a line of a step): the selected step is shown inverse. */
	walking: boolean;
};

export function IncidentChecklist({record, now, selected, walking}: Props) {
	const sev = color(severityColor(record.severity));
	const response = responseText(record, now);
	return (
		<>
			<Text
				bold
				color={sev}
				wrap="truncate"
			>{`INCIDENT ${record.severity} ${record.severityDefinition.name}: ${record.title}`}</Text>
			<Text wrap="truncate">
				{`open ${openFor(record, now)} (since ${clockTime(record.openedAt)}) · `}
				<Text
					color={
						response.tone === 'bad'
							? color('red')
							: response.tone === 'ok'
								? color('green')
								: response.tone === 'warn'
									? color('yellow')
									: undefined
					}
					bold={response.tone === 'bad'}
				>
					{response.text}
				</Text>
			</Text>
			<Text> </Text>
			{incidentSteps.map((step, index) => {
				const tick = record.checklist[step];
				const isSelected = index === selected;
				const when = tick.done && tick.at ? clockTime(tick.at) : '';
				return (
					<Text key={step} wrap="truncate" inverse={isSelected && walking} bold={isSelected}>
						{`${isSelected ? '›' : ' '} `}
						<Text color={tick.done ? color('green') : undefined}>{tick.done ? '[x]' : '[ ]'}</Text>
						{` ${index + 1} ${stepTexts[step].label.padEnd(12)}${when.padEnd(6)} `}
						<Text dimColor={!isSelected}>{stepTexts[step].enter}</Text>
					</Text>
				);
			})}
		</>
	);
}
