// Starting a procedure from any screen (a key on the panes, `:run`, the incident's Mitigate, the
// maintenance window's Execute): one that has the operator choose first (its spec's `picks`, `b`'s
// backup) opens its picker unless the choice is given; the others are planned at once.
import {pickerOption} from '../../core/procedures/backup-picker.js';
import type {ProcedureName} from '../../core/procedures/plan.js';
import {procedureSpecs} from '../../core/procedures/specs.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {ProcedureOptions} from '../../engine/procedures/options.js';

export function startOrPick(
	engine: ConsoleController,
	name: ProcedureName,
	options: ProcedureOptions = {},
): void {
	const picks = procedureSpecs[name].picks;
	if (picks && options[pickerOption[picks]] === undefined && engine.openPicker?.(name, options)) return;
	engine.startProcedure(name, options);
}
