// Mitigate's list: pg-ops' procedures (each with why it is off, when it is), then the team's own
// actions from pg-ops.yaml; a key of `action:NAME` is a team action, any other a procedure's name.
import type {ActionConfig} from '../../core/actions/schema.js';
import {teamActionAvailability, teamActionHint} from '../../core/actions/keys.js';
import {actionAvailability, intents} from '../../core/intents.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {PickItem} from './PickList.js';

export function mitigateItems(engine: ConsoleController, teamActions: readonly ActionConfig[]): PickItem[] {
	return [
		...intents
			.filter(i => i.procedure)
			.map(i => {
				const availability = actionAvailability(i, engine.readOnly, engine.procedures);
				return {
					key: i.procedure!,
					label: `${i.keys}  ${i.description}`,
					off: availability.available ? undefined : availability.reason,
				};
			}),
		...teamActions.map(a => {
			const availability = teamActionAvailability(a, engine.readOnly);
			return {
				key: `action:${a.name}`,
				label: `${a.key ?? ' '}  ${teamActionHint(a).description} (the team's ${a.name})`,
				off: availability.available ? undefined : availability.reason,
			};
		}),
	];
}
