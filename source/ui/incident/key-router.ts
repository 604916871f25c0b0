// Keys for the incident screens come through the console's own input handler, which is always
// listening, and go to whichever incident view is showing: a view registers while it is mounted,
// at commit time. (Ink subscribes a new component's useInput only after the frame is drawn, so a
// key typed right after `i`, `n` or enter would otherwise reach nobody.)
import {createContext, useContext, useLayoutEffect, useRef, type MutableRefObject} from 'react';
import type {Key} from 'ink';

export type KeyHandler = (input: string, key: Key) => void;
export type KeyRoute = MutableRefObject<KeyHandler | undefined>;

export const KeyRouteContext = createContext<KeyRoute>({current: undefined});

/** Receives the keys while `active` (one view at a time: the one that registered last). */
export function useRoutedKeys(handler: KeyHandler, active = true): void {
	const route = useContext(KeyRouteContext);
	const latest = useRef(handler);
	latest.current = handler;
	useLayoutEffect(() => {
		if (!active) return;
		const receive: KeyHandler = (input, key) => latest.current(input, key);
		route.current = receive;
		return () => {
			if (route.current === receive) route.current = undefined;
		};
	}, [active, route]);
}
