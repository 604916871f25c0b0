// The incident views take their keys from the console's own input handler (hooks/use-screen-keys.ts:
// Ink starts a new component's useInput only after it is drawn, so a key typed right after `i`,
// `n` or enter would otherwise be lost). Several views take turns: the one showing registers while
// it is active, at commit time, through this context.
import {createContext, useContext} from 'react';
import {ScreenKeys, useScreenKeys, type PressHandler} from '../hooks/use-screen-keys.js';

export const KeyRouteContext = createContext<ScreenKeys>(new ScreenKeys());

/** Receives the presses while `active` (one view at a time: the one that registered last). */
export function useRoutedKeys(handler: PressHandler, active = true): void {
	useScreenKeys(useContext(KeyRouteContext), handler, active);
}
