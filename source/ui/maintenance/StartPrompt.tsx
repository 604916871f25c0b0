// `m` with no window open: one line to say what the window is for; enter starts it, esc backs out.
import React, {useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import type {KeyPress} from '../../core/key-table.js';
import {maintenanceSteps} from '../../core/maintenance/types.js';
import type {Notice} from '../../engine/store.js';
import {useScreenKeys, type ScreenKeys} from '../hooks/use-screen-keys.js';
import {editLine} from '../keys.js';
import {LineField} from '../LineField.js';
import {color} from '../theme.js';
import {maintenanceHints, maintenanceKeyFor} from './maintenance-keys.js';
import {MaintenanceFooter} from './MaintenanceFooter.js';

type Props = {
	keys: ScreenKeys;
	env: string;
	notice?: Notice;
	width: number;
	height: number;
	onStart(title: string): void;
	onBack(): void;
	onQuit(): void;
};

export function StartPrompt({keys, env, notice, width, height, onStart, onBack, onQuit}: Props) {
	const draft = useRef('');
	const [shown, setShown] = useState({draft: '', error: undefined as string | undefined});
	const handle = (press: KeyPress) => {
		const id = maintenanceKeyFor('typing', press);
		if (id === 'quit') return onQuit();
		if (id === 'cancel') return onBack();
		if (id === 'submit') {
			const title = draft.current.trim();
			if (!title)
				return setShown({draft: draft.current, error: 'say what the window is for first (esc backs out)'});
			return onStart(title);
		}
		if (id === 'erase' || id === 'type') {
			draft.current = editLine(draft.current, press);
			setShown({draft: draft.current, error: undefined});
		}
	};
	useScreenKeys(keys, handle);
	const inner = width - 4;
	return (
		<Box flexDirection="column">
			<Box
				flexDirection="column"
				width={width}
				height={Math.min(height, 9)}
				borderStyle="single"
				borderColor={color('yellow')}
				paddingX={1}
			>
				<Text bold>Start a maintenance window on {env}</Text>
				<Text
					dimColor
					wrap="wrap"
				>{`Its steps: ${maintenanceSteps.join(', ')}. Progress is saved after every step; the console resumes an open window.`}</Text>
				<Text> </Text>
				<LineField label="What is this window for?" value={shown.draft} width={inner} />
				{shown.error ? <Text color={color('red')}>{shown.error}</Text> : null}
			</Box>
			<MaintenanceFooter
				width={width}
				notice={notice}
				hints={maintenanceHints('typing', {row: 'none', starting: true})}
			/>
		</Box>
	);
}
