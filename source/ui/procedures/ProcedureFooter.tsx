// The bottom two lines while a procedure's screen is open: the latest notice, then the keys that
// screen answers to (from procedure-keys.ts), in place of the console's action keys.
import React from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import type {Notice} from '../../engine/store.js';
import {color} from '../theme.js';
import {fit} from '../text.js';
import {procedureHints, type ProcedureScreenKind} from './procedure-keys.js';

const noticeColors = {info: 'cyan', warning: 'yellow', error: 'red'} as const;

export function ProcedureFooter({
	width,
	screen,
	notice,
}: {
	width: number;
	screen: ProcedureScreenKind;
	notice?: Notice;
}) {
	return (
		<Box flexDirection="column" width={width}>
			<Text color={notice ? color(noticeColors[notice.level]) : undefined}>
				{fit(notice?.text ?? '', width)}
			</Text>
			<Text dimColor wrap="truncate">
				{procedureHints(screen)}
			</Text>
		</Box>
	);
}
