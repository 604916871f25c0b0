// The environment's look (core/config/theme.ts) for the components that draw its chrome: the header's
// name, the focused pane's border, the screens' borders, and with `borders` every pane's border.
// Colours pass through color(): under NO_COLOR there are none, and the words (PROTECTED) carry it.
import React, {createContext, useContext, type ReactNode} from 'react';
import {environmentLook, type EnvironmentLook} from '../core/config/theme.js';
import type {EnvironmentSummary} from '../engine/store.js';
import {color} from './theme.js';

const LookContext = createContext<EnvironmentLook>({color: 'cyan', borders: false});

/** The look of `env`: what pg-ops.yaml's `theme:` gave the engine, else its default. */
export function lookOf(env: Pick<EnvironmentSummary, 'protected' | 'look'>): EnvironmentLook {
	return env.look ?? environmentLook({protected: env.protected});
}

export function EnvLookProvider({env, children}: {env: EnvironmentSummary; children: ReactNode}) {
	return <LookContext.Provider value={lookOf(env)}>{children}</LookContext.Provider>;
}

/** accent: the environment's colour (undefined under NO_COLOR); borders: every pane's border takes it. */
export function useEnvLook(): {accent: string | undefined; borders: boolean} {
	const look = useContext(LookContext);
	return {accent: color(look.color), borders: look.borders};
}
