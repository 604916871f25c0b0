// After a successful slot switch: watch the SLO pane for a while and, if a figure breaches
// (critical, or a worse level than before the switch), offer a one-key switch back, or switch
// back by itself when the environment says so. The engine watches its own store; the UI only
// renders `slotWatch`.
import {formatDuration} from '../core/duration.js';
import {levelRank, type Level} from '../core/levels.js';
import {formatNumber, levelWord} from '../core/format/units.js';
import type {PaneData} from '../core/panes.js';
import type {ConsoleState, Notice, Store} from './store.js';

export type SlotWatchSettings = {watchMinutes: number; autoSwitchBack: boolean};

export type SlotWatchState = {
	status: 'watching' | 'breached' | 'switching-back';
	/** The release before the switch: where a switch back goes. */
	from?: string;
	until: number;
	/** What breached, e.g. "errors 6.1% CRITICAL (was WARNING)". */
	breaches: string[];
	autoSwitchBack: boolean;
};

type SloItems = PaneData['slo']['items'];

export type SlotWatchDeps = {
	store: Store<ConsoleState>;
	settings: SlotWatchSettings;
	/** Starts switch-slot with no confirmation asked; false when it could not start (another procedure is open). */
	switchBack(reason: string): boolean;
	notify(text: string, level?: Notice['level']): void;
};

export class SlotWatch {
	private unsubscribe?: () => void;
	private timer?: NodeJS.Timeout;
	private startedAt = 0;
	private baseline = new Map<string, Level>();

	constructor(private readonly deps: SlotWatchDeps) {}

	/** `before`: the SLO figures and release just before the switch. */
	start(before: {slo?: SloItems; release?: string}): void {
		this.stop();
		const {store, settings} = this.deps;
		if (!(settings.watchMinutes > 0)) return;
		this.startedAt = Date.now();
		this.baseline = new Map((before.slo ?? []).map(item => [item.name, item.level]));
		const until = this.startedAt + settings.watchMinutes * 60_000;
		store.update(s => ({
			...s,
			slotWatch: {
				status: 'watching',
				from: before.release,
				until,
				breaches: [],
				autoSwitchBack: settings.autoSwitchBack,
			},
		}));
		this.unsubscribe = store.subscribe(this.check);
		this.timer = setTimeout(() => this.finish(), until - this.startedAt);
		this.timer.unref?.();
	}

	/** A switch-slot run ended: a success starts a new watch; a failed switch back leaves the breach on show. */
	afterSwitch(succeeded: boolean, before: {slo?: SloItems; release?: string}): void {
		if (succeeded) return this.start(before);
		this.deps.store.update(s =>
			s.slotWatch?.status === 'switching-back' ? {...s, slotWatch: {...s.slotWatch, status: 'breached'}} : s,
		);
	}

	stop(): void {
		this.unsubscribe?.();
		this.unsubscribe = undefined;
		clearTimeout(this.timer);
		this.timer = undefined;
		this.deps.store.update(s => (s.slotWatch ? {...s, slotWatch: undefined} : s));
	}

	private finish(): void {
		const watch = this.deps.store.getSnapshot().slotWatch;
		this.stop();
		if (watch?.status === 'watching')
			this.deps.notify(
				`SLO watch after the switch${fromText(watch.from)} ended: no breach in ${formatDuration(this.deps.settings.watchMinutes * 60)}`,
			);
	}

	private check = (): void => {
		const state = this.deps.store.getSnapshot();
		const watch = state.slotWatch;
		if (watch?.status !== 'watching') return;
		// Only figures measured after the switch say anything about the new release.
		const pane = state.panes.slo;
		if (!pane.data || pane.stale || (pane.updatedAt ?? 0) <= this.startedAt) return;
		const breaches = (pane.data as PaneData['slo']).items
			.filter(
				item =>
					item.level === 'critical' ||
					levelRank(item.level) > levelRank(this.baseline.get(item.name) ?? 'ok'),
			)
			.map(item => {
				const was = this.baseline.get(item.name);
				return `${item.label} ${formatNumber(item.value, item.unit)} ${levelWord[item.level]}${was ? ` (was ${levelWord[was]})` : ''}`;
			});
		if (breaches.length === 0) return;
		// Subscribers must not re-enter the store synchronously mid-notification; act just after.
		this.unsubscribe?.();
		this.unsubscribe = undefined;
		queueMicrotask(() => this.breached(breaches));
	};

	private breached(breaches: string[]): void {
		const {store, settings} = this.deps;
		const watch = store.getSnapshot().slotWatch;
		if (!watch) return;
		const what = `SLO breached after the switch${fromText(watch.from)}: ${breaches.join(', ')}`;
		if (settings.autoSwitchBack) {
			store.update(s => ({...s, slotWatch: {...watch, status: 'switching-back', breaches}}));
			if (this.deps.switchBack(`${what}; switching back by itself (slots.autoSwitchBack)`)) return;
			this.deps.notify(`${what}; could not switch back by itself: another procedure is open`, 'error');
		} else {
			this.deps.notify(what, 'error');
		}
		store.update(s => ({...s, slotWatch: {...watch, status: 'breached', breaches}}));
	}
}

const fromText = (release?: string) => (release ? ` from ${release}` : '');
