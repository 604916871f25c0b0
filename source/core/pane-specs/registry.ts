// Every pane, by id. A new pane is one file in this folder and one line here (and its data shape in
// core/panes.ts); the mapped type makes a missing one a compile error.
import type {PaneId} from '../panes.js';
import {alertsPane} from './alerts.js';
import {checksPane} from './checks.js';
import {diskPane} from './disk.js';
import {etlPane} from './etl.js';
import {jobsPane} from './jobs.js';
import {servicesPane} from './services.js';
import {sloPane} from './slo.js';
import type {PaneSpec} from './spec.js';

export const paneSpecs: {[K in PaneId]: PaneSpec<K>} = {
	services: servicesPane,
	jobs: jobsPane,
	disk: diskPane,
	etl: etlPane,
	slo: sloPane,
	checks: checksPane,
	alerts: alertsPane,
};

/** A pane's spec for data of any pane (the id and the data belong together). */
export function paneSpec<K extends PaneId>(id: K): PaneSpec<PaneId> {
	return paneSpecs[id] as unknown as PaneSpec<PaneId>;
}

export const paneTitles = Object.fromEntries(
	Object.entries(paneSpecs).map(([id, spec]) => [id, spec.title]),
) as Record<PaneId, string>;
