// After a dialog closes (confirmed, cancelled, dismissed), keys that arrive within the arming delay
// were typed at the dialog, not at the screen behind it: a wrong name, enter, then "backspace
// backspace i m enter" must not open an incident. Each console has one guard (a context): its
// dialogs say when they close, and its one input handler drops keys while the guard holds.
import React, {createContext, useContext, useEffect} from 'react';
import {dialogArmDelayMs, systemUiClock} from './arming.js';

export type DialogGuard = {closed(): void; held(): boolean};

export function createDialogGuard(now: () => number = systemUiClock.now): DialogGuard {
	let closedAt = Number.NEGATIVE_INFINITY;
	return {
		closed: () => {
			closedAt = now();
		},
		held: () => now() - closedAt < dialogArmDelayMs,
	};
}

// Outside a console (a screen rendered on its own) a dialog's close guards nothing.
const DialogGuardContext = createContext<DialogGuard>(createDialogGuard());

export function DialogGuardProvider({guard, children}: {guard: DialogGuard; children: React.ReactNode}) {
	return <DialogGuardContext.Provider value={guard}>{children}</DialogGuardContext.Provider>;
}

/** A dialog calls this once: when it goes, however it goes, the guard holds the keys behind it. */
export function useGuardOnClose(): void {
	const guard = useContext(DialogGuardContext);
	useEffect(() => () => guard.closed(), [guard]);
}
