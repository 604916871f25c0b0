// A spinner on stderr while something slow runs (only on a terminal; a plain line otherwise).
import React from 'react';
import {render} from 'ink';
import {Text} from './SafeText.js';
import Spinner from 'ink-spinner';
import {visible} from '../core/safe-text.js';

export async function withProgress<T>(label: string, work: Promise<T>): Promise<T> {
	if (!process.stderr.isTTY) {
		process.stderr.write(visible(`${label}…\n`, 'lines'));
		return work;
	}
	const view = render(
		<Text>
			<Spinner type="dots" /> {label}…
		</Text>,
		{stdout: process.stderr, patchConsole: false, exitOnCtrlC: false},
	);
	try {
		return await work;
	} finally {
		view.clear();
		view.unmount();
	}
}
