// A bordered box whose top border carries the pane's number, title, status and data age.
import React, {type ReactNode} from 'react';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import {color} from './theme.js';
import {useEnvLook} from './env-look.js';
import {textWidth, truncate} from './text.js';

type Props = {
	number: number;
	title: string;
	status: string;
	statusColor?: string;
	age?: string;
	width: number;
	height: number;
	focused: boolean;
	stale: boolean;
	children: ReactNode;
};

export function PaneBox({
	number,
	title,
	status,
	statusColor,
	age,
	width,
	height,
	focused,
	stale,
	children,
}: Props) {
	// The focused pane in the environment's colour; with `borders` (a protected environment's default) the others too, dimmed.
	const {accent, borders} = useEnvLook();
	const borderColor = focused ? accent : stale ? color('yellow') : borders ? accent : color('gray');
	const dim = !focused && !stale && borders;
	const tail = ` ${status}${age ? ` · ${age}` : ''} `;
	// The title gives way to the status: the status is what an operator scans for.
	const label = truncate(` ${number} ${title} `, Math.max(0, width - 3 - textWidth(tail)));
	const fill = Math.max(0, width - 3 - textWidth(label) - textWidth(tail));
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate">
				<Text color={borderColor} dimColor={dim}>
					┌
				</Text>
				<Text bold={focused} color={focused ? accent : undefined}>
					{label}
				</Text>
				<Text color={borderColor} dimColor={dim}>
					{'─'.repeat(fill)}
				</Text>
				<Text color={statusColor} bold>
					{tail}
				</Text>
				<Text color={borderColor} dimColor={dim}>
					─┐
				</Text>
			</Text>
			<Box
				borderStyle="single"
				borderTop={false}
				borderColor={borderColor}
				borderDimColor={dim}
				flexDirection="column"
				width={width}
				height={height - 1}
				paddingLeft={1}
				overflow="hidden"
			>
				{children}
			</Box>
		</Box>
	);
}
