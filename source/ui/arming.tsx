// How long a dialog or an input ignores keys after it opens (and the console after a dialog closes),
// and the clock that measures it. Key auto-repeat and a bounce must not confirm anything; what is
// "too early" is decided on this clock, so a test can hold it still or move it by hand instead of
// racing a busy machine.
import React, {createContext, useContext, useEffect, useRef, useState} from 'react';

export const dialogArmDelayMs = 600;
export const inputArmDelayMs = 400;

export type UiClock = {
	now(): number;
	/** Runs `run` once `ms` have passed on this clock; returns a cancel. */
	after(ms: number, run: () => void): () => void;
};

export const systemUiClock: UiClock = {
	now: () => Date.now(),
	after(ms, run) {
		const timer = setTimeout(run, ms);
		return () => clearTimeout(timer);
	},
};

const UiClockContext = createContext<UiClock>(systemUiClock);

export function UiClockProvider({clock, children}: {clock: UiClock; children: React.ReactNode}) {
	return <UiClockContext.Provider value={clock}>{children}</UiClockContext.Provider>;
}

export const useUiClock = () => useContext(UiClockContext);

/**
 * Arming from the moment the component first rendered: `armed` for drawing ("keys ignored for a
 * moment"), `isArmed()` for a key handler (a key can arrive before the redraw that armed it).
 */
export function useArming(delayMs: number): {armed: boolean; isArmed(): boolean} {
	const clock = useUiClock();
	const openedAt = useRef<number | undefined>(undefined);
	openedAt.current ??= clock.now();
	const isArmed = () => clock.now() - openedAt.current! >= delayMs;
	const [armed, setArmed] = useState(isArmed);
	useEffect(() => {
		if (armed) return;
		return clock.after(Math.max(0, openedAt.current! + delayMs - clock.now()), () => setArmed(true));
	}, [armed, clock, delayMs]);
	return {armed, isArmed};
}
