// The panes' detail screens: the selected row's detail (a service's with its logs, a fleet mount's),
// and a service's logs merged across a fleet's hosts, each line after its host.
import React from 'react';
import {detailLines} from '../core/format/details.js';
import {fleetMountDetail} from '../core/format/fleet-disk.js';
import type {PaneData} from '../core/panes.js';
import {paneSpecs} from '../core/pane-specs/registry.js';
import type {ConsoleController} from '../engine/console-engine.js';
import type {ConsoleState} from '../engine/store.js';
import type {ViewState} from './hooks/use-console-view.js';
import {serviceLogParts, type ViewerParts} from './log-viewer/use-log-viewer.js';
import type {ViewRow} from './fleet/pane-view.js';
import {isFleet} from './fleet/pane-view.js';
import {DetailView} from './DetailView.js';
import {rowDetailScreens} from './row-detail.js';

/** The detail screen `view` opens, or undefined when it opens none (or there is nothing to show). */
export function detailScreen(
	state: ConsoleState,
	view: ViewState,
	engine: ConsoleController,
	selectedRow: ViewRow | undefined,
	size: {width: number; height: number},
	viewer: (what: string, back: string) => ViewerParts,
): React.ReactNode | undefined {
	if (view.screen === 'fleetLogs' && state.detail) {
		const hosts = state.detail.hosts?.length ?? 0;
		return (
			<DetailView
				title={`${state.detail.service ?? ''}: logs of ${hosts} hosts, each line after its host`}
				lines={[]}
				logs={state.detail}
				width={size.width}
				height={size.height}
				viewer={{
					...viewer(`${state.detail.service ?? ''} logs of ${hosts} hosts`, 'goes back to the panes'),
					...serviceLogParts(engine, state.detail),
				}}
			/>
		);
	}
	const data = state.panes[view.focus].data;
	if (view.screen !== 'detail' || !selectedRow || !data) return undefined;
	const detail =
		isFleet(state) && selectedRow.kind === 'mount'
			? fleetMountDetail(data as PaneData['disk'], selectedRow.key, state.now)
			: detailLines(view.focus, data, selectedRow.key, state.now);
	if (!detail) return null;
	return (
		<DetailView
			title={detail.title}
			lines={detail.lines}
			logs={rowDetailScreens[paneSpecs[view.focus].rowDetail].logs(state)}
			width={size.width}
			height={size.height}
			viewer={{
				...viewer(`${selectedRow.key} logs`, 'goes back to the panes'),
				...serviceLogParts(engine, state.detail),
			}}
		/>
	);
}
