// Keys for a screen the console opens (the incident and maintenance screens, the runbook checklist)
// reach it through the app's own input handler, which is always listening: Ink starts a component's
// useInput only after it has been drawn, so a key typed right after the one that opened the screen
// would otherwise be lost. A chunk read at once ("value\r") is split here into its presses.
import {useLayoutEffect, useRef} from 'react';
import type {Key} from 'ink';
import type {KeyPress} from '../../core/key-table.js';
import {keyPresses} from '../keys.js';

/** Returns false for a press it does not take (a view that is being replaced): it is kept for the next handler. */
export type PressHandler = (press: KeyPress) => boolean | void;

export class ScreenKeys {
	private handler?: PressHandler;
	private pending: KeyPress[] = [];

	/** Hands a chunk's presses to the screen, one by one, or keeps them until a screen takes them. */
	send(input: string, key: Key): void {
		for (const press of keyPresses(input, key)) this.press(press);
	}

	attach(handler: PressHandler): () => void {
		this.handler = handler;
		for (const press of this.pending.splice(0)) this.press(press);
		return () => {
			if (this.handler === handler) this.handler = undefined;
		};
	}

	/** One press (already split from its chunk). */
	press(press: KeyPress): void {
		// Once one press waits, the later ones wait behind it: their order is kept.
		if (this.pending.length > 0 || !this.handler || this.handler(press) === false) this.pending.push(press);
	}
}

/** The screen's side: its handler (the latest render's) gets every press sent, from before it was drawn on, while `active`. */
export function useScreenKeys(keys: ScreenKeys, handler: PressHandler, active = true): void {
	const latest = useRef(handler);
	latest.current = handler;
	useLayoutEffect(() => (active ? keys.attach(press => latest.current(press)) : undefined), [active, keys]);
}
