// What `enter` on a pane's row opens, by the pane spec's rowDetail (core/pane-specs/spec.ts): the
// grid's key and the detail screen ask this, never the pane's name. The Record makes every kind say.
import type {RowDetail} from '../core/pane-specs/spec.js';
import type {ConsoleController} from '../engine/console-engine.js';
import type {ConsoleState} from '../engine/store.js';

type RowDetailScreen = {
	/** Called as enter opens the row's detail: what the engine should start fetching for it. */
	opened(engine: ConsoleController, key: string): void;
	/** The logs the detail screen shows below the row's lines, if any. */
	logs(state: ConsoleState): ConsoleState['detail'];
};

export const rowDetailScreens: Record<RowDetail, RowDetailScreen> = {
	details: {
		opened: () => {},
		logs: () => undefined,
	},
	'details-and-service-logs': {
		// The row's key is its service's name.
		opened: (engine, key) => void engine.showServiceLogs(key),
		logs: state => state.detail,
	},
};
