// What each procedure says about itself, so generic code (the console's keys, a fleet's rows, the
// incident's Mitigate, `pg-ops run`, the procedure session) reads these and never a procedure's
// name: where it acts, which options a selected row gives it, and what it defaults to. A new
// procedure adds its line here; the Record makes a missing one a compile error.
import type {PaneId} from '../panes.js';
import type {PickerKind} from './backup-picker.js';
import type {PlanKind, ProcedureName} from './plan.js';

/**
 * Where a procedure acts. host: one host (on a fleet, the one chosen); fleet: one host or every
 * host in turn (a service's rolling restart); database: the database only (no host to choose);
 * environment: the environment as a whole (its HTTP or its hosts together).
 */
export type ProcedureScope = 'host' | 'fleet' | 'database' | 'environment';

/** The options a selected row can give: its service, its host. */
export type RowOption = 'service' | 'host';

export type ProcedureSpec = {
	scope: ProcedureScope;
	/** Succeeding ticks an open incident's Mitigate (a backup changes nothing the incident is about). */
	mitigates: boolean;
	/** Which options it takes from the selected row (and from the command line). */
	rowOptions: readonly RowOption[];
	/** The pane whose selected row names its service (the console's key on that pane passes it). */
	servicePane?: PaneId;
	/** Without a service chosen: the first troubled service on the services pane (else the planner's own default). */
	defaultService?: 'troubled';
	/** On a fleet it needs a row naming its service; elsewhere the key is refused with this. */
	fleetNeedsRow?: string;
	/** After it ran, the console watches the SLO pane for a while and offers to undo it (a slot switch). */
	watchesSlo?: boolean;
	/**
	 * The console's key has the operator choose first (a picker the engine fills: engine/pickers.ts),
	 * starting on Cancel; only the choice is planned. Not asked when the option is given (`:run`, `pg-ops run`).
	 */
	picks?: PickerKind;
};

export const procedureSpecs: Record<ProcedureName, ProcedureSpec> = {
	restart: {
		scope: 'fleet',
		mitigates: true,
		rowOptions: ['service', 'host'],
		servicePane: 'services',
		defaultService: 'troubled',
		fleetNeedsRow: 'select a summary line or a service row',
	},
	'reset-stuck-jobs': {scope: 'database', mitigates: true, rowOptions: []},
	'restore-backup': {scope: 'host', mitigates: true, rowOptions: ['host'], picks: 'backup'},
	'rotate-token': {scope: 'host', mitigates: true, rowOptions: ['host']},
	'switch-slot': {scope: 'host', mitigates: true, rowOptions: ['host'], watchesSlo: true},
	backup: {scope: 'host', mitigates: false, rowOptions: ['host']},
};

export const takesService = (name: ProcedureName) => procedureSpecs[name].rowOptions.includes('service');
export const takesHost = (name: ProcedureName) => procedureSpecs[name].rowOptions.includes('host');

/** A plan's spec: a named procedure's, none for a step a checklist brought (a runbook step, a test command). */
export const specOf = (kind: PlanKind): ProcedureSpec | undefined =>
	(procedureSpecs as Partial<Record<PlanKind, ProcedureSpec>>)[kind];
