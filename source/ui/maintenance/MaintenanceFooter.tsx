// The bottom two lines while the maintenance screen is open: the latest notice, then the keys
// that screen answers to right now (from maintenance-keys.ts), in place of the console's hints.
import React from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import type {Notice} from '../../engine/store.js';
import {color} from '../theme.js';
import {fit} from '../text.js';

const noticeColors = {info: 'cyan', warning: 'yellow', error: 'red'} as const;

export function MaintenanceFooter({width, hints, notice}: {width: number; hints: string[]; notice?: Notice}) {
	return (
		<Box flexDirection="column" width={width}>
			<Text color={notice ? color(noticeColors[notice.level]) : undefined}>
				{fit(notice?.text ?? '', width)}
			</Text>
			<Text dimColor wrap="truncate">
				{hints.join('  ')}
			</Text>
		</Box>
	);
}
