// What the log viewer asks of the engine beside the lines themselves (ui/log-viewer/): the user's
// wrap and timestamps (kept with `conf`), saving a buffer to a file whose path is said, and copying
// a line to the clipboard (OSC 52). The viewer never does I/O; the screens pass these through.
import path from 'node:path';
import {defaultLogPreferences, type LogPreferences} from '../core/log-view/log-view.js';
import {logViewerPreferences, rememberLogViewerPreferences} from '../adapters/user-state.js';
import {clipboardLimitBytes, copyToClipboard} from '../adapters/clipboard.js';
import {stateDir} from './state-dir.js';
import {writeNewFile} from './state-file.js';
import type {Notice} from './store.js';

export interface LogController {
	preferences(): LogPreferences;
	rememberPreferences(preferences: LogPreferences): void;
	/** Writes the lines to a new file under the state directory's logs/ and says where. */
	save(what: string, lines: readonly string[]): void;
	/** Puts the line on the operator's clipboard (OSC 52) and says so. */
	copy(line: string): void;
}

export class LogActions implements LogController {
	constructor(
		private readonly deps: {
			envName: string;
			notify(text: string, level?: Notice['level']): void;
			now?: () => Date;
			copy?: (text: string) => boolean;
		},
	) {}

	preferences(): LogPreferences {
		return {...defaultLogPreferences, ...logViewerPreferences()};
	}

	rememberPreferences(preferences: LogPreferences): void {
		rememberLogViewerPreferences(preferences);
	}

	save(what: string, lines: readonly string[]): void {
		const at = (this.deps.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-').slice(0, 19);
		const name = `${slug(this.deps.envName)}-${slug(what)}-${at}.log`;
		try {
			const file = writeNewFile(path.join(stateDir(), 'logs'), name, `${lines.join('\n')}\n`, 'log');
			this.deps.notify(`saved ${lines.length} lines to ${file}`);
		} catch (error) {
			this.deps.notify(`${(error as Error).message}; nothing was saved`, 'error');
		}
	}

	copy(line: string): void {
		const copied = (this.deps.copy ?? copyToClipboard)(line);
		if (copied)
			this.deps.notify(`copied the line (${[...line].length} characters) to the clipboard (OSC 52)`);
		else
			this.deps.notify(
				`the line is longer than a terminal takes on its clipboard (${clipboardLimitBytes} bytes); s saves it to a file`,
				'warning',
			);
	}
}

// A file name's part from a title: letters, digits, dashes.
const slug = (text: string) =>
	text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60) || 'log';
