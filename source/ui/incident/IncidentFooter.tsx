// The bottom two lines of the incident screens: the latest notice, then the keys of the screen that
// is open (from incident-keys.ts), in place of the console's action keys.
import React from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import type {Notice} from '../../engine/store.js';
import {color} from '../theme.js';
import {fit} from '../text.js';
import {incidentHints, type IncidentKeyMode} from './incident-keys.js';

const noticeColors = {info: 'cyan', warning: 'yellow', error: 'red'} as const;

export function IncidentFooter({
	width,
	mode,
	notice,
	submit,
}: {
	width: number;
	mode: IncidentKeyMode;
	notice?: Notice;
	submit?: string;
}) {
	return (
		<Box flexDirection="column" width={width}>
			<Text color={notice ? color(noticeColors[notice.level]) : undefined}>
				{fit(notice?.text ?? '', width)}
			</Text>
			<Text dimColor wrap="truncate">
				{incidentHints(mode, submit)}
			</Text>
		</Box>
	);
}
