// A fleet host's screens: its detail, one of its services with its logs, its keys' help.
import React from 'react';
import {hostServiceDetail, hostServiceTable} from '../../core/format/fleet-host-detail.js';
import type {PaneData} from '../../core/panes.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {ConsoleState} from '../../engine/store.js';
import type {ViewState} from '../hooks/use-console-view.js';
import {serviceLogParts, type ViewerParts} from '../log-viewer/use-log-viewer.js';
import {DetailView} from '../DetailView.js';
import {ContextHelp} from '../HelpScreen.js';
import {HostView} from './HostView.js';
import {hostHelp} from './host-keys.js';

/** A fleet host's screens: its detail, one of its services with logs, its keys. */
export function hostScreen(
	state: ConsoleState,
	view: ViewState,
	engine: ConsoleController,
	width: number,
	height: number,
	viewer: (what: string, back: string) => ViewerParts,
): React.ReactNode {
	const host = view.host!;
	if (view.screen === 'hostHelp')
		return <ContextHelp context={hostHelp(host, state.env.readOnly, engine.procedures)} width={width} />;
	if (view.screen === 'hostService') {
		const services = hostServiceTable(
			state.panes.services.data as PaneData['services'] | undefined,
			host,
			state.now,
		).rows;
		const service = services[Math.min(view.hostSelected, Math.max(0, services.length - 1))]?.service;
		const detail = service
			? hostServiceDetail(
					state.panes.services.data as PaneData['services'] | undefined,
					host,
					service,
					state.now,
				)
			: undefined;
		if (detail)
			return (
				<DetailView
					title={detail.title}
					lines={detail.lines}
					logs={state.detail}
					width={width}
					height={height}
					viewer={{
						...viewer(`${service} on ${host} logs`, "goes back to the host's detail"),
						...serviceLogParts(engine, state.detail),
					}}
				/>
			);
	}
	return <HostView state={state} host={host} selected={view.hostSelected} width={width} height={height} />;
}
