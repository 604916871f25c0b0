// The console's pickers (a procedure spec's `picks`): what the operator chooses before a plan is
// made. The backup picker lists backups.dir over the host connection (one exec, the listing
// restore-backup plans from), then runs `gunzip -t` on each file, one at a time, each bounded by
// backups.timeoutSeconds, updating the store as each ends (the UI shows the progress). Closing the
// picker stops the check that is running. Choosing a file closes it and opens the procedure's
// session with that file: the plan and its confirmation are the procedure's own.
import {
	checkFailure,
	gunzipTestCommand,
	initialPickerState,
	listedPicker,
	pickerOption,
	withCheck,
	type BackupPickerState,
} from '../core/procedures/backup-picker.js';
import {backupListingCommand, parseBackupListing} from '../core/procedures/restore-backup.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import {procedureSpecs} from '../core/procedures/specs.js';
import {batchPrelude} from './refresh.js';
import type {Runtime} from './runtime.js';
import type {ConsoleState, Store} from './store.js';
import type {ProcedureOptions} from './procedures/options.js';

type Deps = {
	runtime: Runtime;
	store: Store<ConsoleState>;
	startProcedure(name: ProcedureName, options: ProcedureOptions): void;
	notify(text: string, level?: 'info' | 'warning' | 'error'): void;
};

export class Pickers {
	private options: ProcedureOptions = {};
	private abort?: AbortController;
	/** Which opening this is: results of a picker the operator has left are dropped. */
	private opened = 0;

	constructor(private readonly deps: Deps) {}

	/** Opens the procedure's picker; false when it has none or it cannot open (the notice says why). */
	open(procedure: ProcedureName, options: ProcedureOptions): boolean {
		const kind = procedureSpecs[procedure].picks;
		if (!kind) return false;
		const {runtime, store} = this.deps;
		const backups = runtime.env.backups;
		if (!backups) {
			this.deps.notify(
				`${procedure}: ${runtime.env.name} has no backups section in its configuration (backups: {dir, pattern, stop}); nothing was run`,
				'warning',
			);
			return true;
		}
		this.close();
		const id = ++this.opened;
		const abort = (this.abort = new AbortController());
		this.options = options;
		store.update(s => ({...s, picker: initialPickerState(kind, procedure, backups, options.host)}));
		void this.fill(id, abort.signal, options.host);
		return true;
	}

	/** The operator chose a file: the picker closes and the procedure is planned for that file. */
	choose(name: string): void {
		const picker = this.deps.store.getSnapshot().picker;
		if (!picker) return;
		const options = {...this.options, [pickerOption[picker.kind]]: name};
		this.close();
		this.deps.startProcedure(picker.procedure, options);
	}

	/** Esc, or enter on Cancel: nothing is planned; a running check is stopped. */
	close(): void {
		this.abort?.abort();
		this.abort = undefined;
		this.opened++;
		this.deps.store.update(s => (s.picker ? {...s, picker: undefined} : s));
	}

	private update(id: number, change: (picker: BackupPickerState) => BackupPickerState): void {
		if (id !== this.opened) return;
		this.deps.store.update(s => (s.picker ? {...s, picker: change(s.picker)} : s));
	}

	private async fill(id: number, signal: AbortSignal, host: string | undefined): Promise<void> {
		const runtime = this.deps.runtime;
		const env = runtime.env;
		const backups = env.backups!;
		try {
			// A fleet's restore runs on the chosen row's host: its backups are the ones listed.
			if (runtime.fleet && !host)
				throw new Error(
					`${env.name} has ${runtime.hosts.length} hosts: select a host's row first (its backups are listed)`,
				);
			const on = runtime.fleet && host ? runtime.forHost(host) : runtime;
			const listed = await on.host.exec(`${batchPrelude(env)}${backupListingCommand(backups)}`, {
				timeoutMs: env.probeTimeoutSeconds * 1000,
				signal,
			});
			if (listed.exitCode !== 0)
				throw new Error(
					`cannot list the backups in ${backups.dir} on ${on.host.label}: ${(listed.stderr || listed.stdout).trim().split('\n')[0] || `exit ${listed.exitCode}`}`,
				);
			this.update(id, p => listedPicker(p, parseBackupListing(listed.stdout)));
			const files = this.deps.store.getSnapshot().picker?.files ?? [];
			// One at a time: a big dump is read whole, and the host keeps serving meanwhile.
			for (const file of files) {
				if (signal.aborted || id !== this.opened) return;
				this.update(id, p => withCheck(p, file.name, {status: 'checking'}));
				const tested = await on.host.exec(
					`${batchPrelude(env)}${gunzipTestCommand(backups.dir, file.name)}`,
					{
						timeoutMs: backups.timeoutSeconds * 1000,
						signal,
					},
				);
				if (tested.stopped || signal.aborted) return;
				this.update(id, p =>
					withCheck(
						p,
						file.name,
						tested.exitCode === 0 && !tested.timedOut
							? {status: 'intact'}
							: {
									status: 'failed',
									reason: checkFailure(
										tested.stderr || tested.stdout,
										tested.exitCode,
										tested.timedOut,
										backups.timeoutSeconds,
									),
								},
					),
				);
			}
		} catch (error) {
			if (signal.aborted) return;
			this.update(id, p => ({...p, status: 'error', error: (error as Error).message}));
		}
	}
}
