// Keys for a screen the console opens (the maintenance window) reach it through the console's own
// input handler, which is always listening: Ink starts a component's useInput only after it has
// been drawn, so a key typed right after the one that opened the screen would otherwise be lost.
import {useLayoutEffect, useRef} from 'react';
import type {Key} from 'ink';

type Handler = (input: string, key: Key) => void;

export class ScreenKeys {
	private handler?: Handler;
	private pending: Array<[string, Key]> = [];

	/** Hands a key to the screen, or keeps it until the screen is there. */
	send(input: string, key: Key): void {
		if (this.handler) this.handler(input, key);
		else this.pending.push([input, key]);
	}

	attach(handler: Handler): () => void {
		this.handler = handler;
		for (const [input, key] of this.pending.splice(0)) handler(input, key);
		return () => {
			if (this.handler === handler) this.handler = undefined;
		};
	}
}

/** The screen's side: its handler (the latest render's) gets every key sent, from before it was drawn on. */
export function useScreenKeys(keys: ScreenKeys, handler: Handler): void {
	const latest = useRef(handler);
	latest.current = handler;
	useLayoutEffect(() => keys.attach((input, key) => latest.current(input, key)), [keys]);
}
