// A screen's side of the log viewer: its keys (the screen's input handler offers each press to the
// viewer first) and the engine's part (preferences read once and kept as changed, save, copy).
import {useRef, useState} from 'react';
import type {LogPreferences} from '../../core/log-view/log-view.js';
import type {LogController} from '../../engine/log-actions.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {Detail} from '../../engine/store.js';
import {LogViewerKeys, type LogViewerProps} from './LogViewer.js';

export type ViewerParts = Omit<LogViewerProps, 'buffer' | 'width' | 'height'>;

export function useLogViewer(logs: LogController | undefined): {
	keys: LogViewerKeys;
	/** `what`: names a saved file ("orchestrator logs"); `back`: what esc does there. */
	parts(what: string, back: string): ViewerParts;
} {
	const [keys] = useState(() => new LogViewerKeys());
	const preferences = useRef<LogPreferences | undefined>(undefined);
	preferences.current ??= logs?.preferences();
	return {
		keys,
		parts: (what, back) => ({
			keys,
			back,
			preferences: preferences.current,
			onPreferences: next => {
				preferences.current = next;
				logs?.rememberPreferences(next);
			},
			onSave: logs ? lines => logs.save(what, lines) : undefined,
			onCopy: logs ? line => logs.copy(line) : undefined,
		}),
	};
}

/** A service's logs: more lines past the top until there are none, follow where the manager can, the engine's note. */
export function serviceLogParts(
	engine: Pick<ConsoleController, 'olderServiceLogs' | 'toggleFollowServiceLogs'>,
	detail: Detail | undefined,
): Partial<ViewerParts> {
	return {
		onOlder:
			detail && !detail.complete && engine.olderServiceLogs ? () => engine.olderServiceLogs!() : undefined,
		onFollow:
			detail?.canFollow && engine.toggleFollowServiceLogs
				? () => engine.toggleFollowServiceLogs!()
				: undefined,
		following: detail?.following,
		note: detail?.note,
	};
}
