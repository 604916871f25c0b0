// Subscribes a component to the engine's store; the engine decides when state changes.
import {useSyncExternalStore} from 'react';
import type {Store, ConsoleState} from '../../engine/store.js';

export function useConsoleState(store: Store<ConsoleState>): ConsoleState {
	return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
