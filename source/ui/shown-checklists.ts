// What `i` and `m` have to show right now: read-only mode opens a checklist only to look at one that is there.
import type {ShownChecklists} from '../core/intents.js';
import type {ConsoleState} from '../engine/store.js';
import {activeIncident} from './incident/incident-text.js';

export function shownChecklists(state: Pick<ConsoleState, 'incident' | 'maintenance'>): ShownChecklists {
	return {
		incident: activeIncident(state.incident) !== undefined,
		maintenance: state.maintenance !== undefined,
	};
}
