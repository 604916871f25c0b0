// A bordered box whose top border carries the pane's number, title, status and data age.
import React, {type ReactNode} from 'react';
import {Box} from 'ink';
import {Text} from './SafeText.js';
import {color} from './theme.js';
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
	const borderColor = focused ? color('cyan') : stale ? color('yellow') : color('gray');
	const tail = ` ${status}${age ? ` · ${age}` : ''} `;
	// The title gives way to the status: the status is what an operator scans for.
	const label = truncate(` ${number} ${title} `, Math.max(0, width - 3 - textWidth(tail)));
	const fill = Math.max(0, width - 3 - textWidth(label) - textWidth(tail));
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate">
				<Text color={borderColor}>┌</Text>
				<Text bold={focused} color={focused ? color('cyan') : undefined}>
					{label}
				</Text>
				<Text color={borderColor}>{'─'.repeat(fill)}</Text>
				<Text color={statusColor} bold>
					{tail}
				</Text>
				<Text color={borderColor}>─┐</Text>
			</Text>
			<Box
				borderStyle="single"
				borderTop={false}
				borderColor={borderColor}
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
