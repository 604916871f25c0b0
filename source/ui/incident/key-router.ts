// The incident views take their keys from the console's own input handler (hooks/use-screen-keys.ts:
// Ink starts a new component's useInput only after it is drawn, so a key typed right after `i`,
// `n` or enter would otherwise be lost). Several views take turns: the one showing registers while
// it is active, at commit time, through this context.
import {createContext, useContext, useLayoutEffect, useRef} from 'react';
import type {Key} from 'ink';
import {ScreenKeys} from '../hooks/use-screen-keys.js';

export const KeyRouteContext = createContext<ScreenKeys>(new ScreenKeys());

/** Receives the keys while `active` (one view at a time: the one that registered last). */
export function useRoutedKeys(handler: (input: string, key: Key) => void, active = true): void {
	const keys = useContext(KeyRouteContext);
	const latest = useRef(handler);
	latest.current = handler;
	useLayoutEffect(() => (active ? keys.attach((input, key) => latest.current(input, key)) : undefined), [active, keys]);
}
