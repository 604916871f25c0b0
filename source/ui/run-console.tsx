// The console mode's one entry: pick the environment (asking when there are several), render,
// swap engines on `e`, and leave the terminal as it was found.
import React, {useEffect, useState} from 'react';
import {render, Box, useApp} from 'ink';
import {Text} from './SafeText.js';
import type {Config, NamedEnvironment} from '../core/config/schema.js';
import {ConsoleEngine} from '../engine/console-engine.js';
import {ConsoleApp, type EnvironmentChoice} from './ConsoleApp.js';
import {EnvPicker} from './EnvPicker.js';
import {finishOnSignals} from './finish-on-signals.js';
import type {CommandHistory} from './command-line/run-command.js';

export type ConsoleOptions = {
	config: Config;
	envName?: string;
	lastEnv?: string;
	readOnly: boolean;
	trustHostKey?: string;
	onEnvironmentOpened?(name: string): void;
};

export async function runConsole(options: ConsoleOptions): Promise<void> {
	const environments: EnvironmentChoice[] = Object.entries(options.config.environments).map(
		([name, env]) => ({name, description: env.description, protected: env.protected}),
	);
	const useAltScreen = process.stdout.isTTY === true;
	if (useAltScreen) process.stdout.write('\x1b[?1049h\x1b[H');
	let engine: ConsoleEngine | undefined;
	let app: ReturnType<typeof render> | undefined;
	const stopListening = finishOnSignals(
		() => engine,
		() => app?.unmount(),
	);
	try {
		app = render(
			<ConsoleRoot
				options={options}
				environments={environments}
				onEngine={e => {
					engine = e;
				}}
			/>,
			{exitOnCtrlC: false, patchConsole: true},
		);
		await app.waitUntilExit();
	} finally {
		await engine?.dispose();
		stopListening();
		if (useAltScreen) process.stdout.write('\x1b[?1049l');
	}
}

export function ConsoleRoot({
	options,
	environments,
	onEngine,
}: {
	options: ConsoleOptions;
	environments: EnvironmentChoice[];
	onEngine(engine: ConsoleEngine | undefined): void;
}) {
	const initial = options.envName ?? (environments.length === 1 ? environments[0]!.name : undefined);
	const [envName, setEnvName] = useState<string | undefined>(initial);
	const [engine, setEngine] = useState<ConsoleEngine>();
	const [quitting, setQuitting] = useState(false);
	// The `:` lines entered this session, kept when `e` or `:env` opens another environment.
	const [commandHistory] = useState<CommandHistory>(() => ({entries: []}));
	const {exit} = useApp();

	useEffect(() => {
		if (!envName) return;
		const env: NamedEnvironment = {...options.config.environments[envName]!, name: envName};
		const next = new ConsoleEngine(env, {readOnly: options.readOnly, trustHostKey: options.trustHostKey});
		options.onEnvironmentOpened?.(envName);
		setEngine(next);
		onEngine(next);
		return () => void next.dispose();
	}, [envName]);

	if (quitting) return null;
	if (!envName) {
		return (
			<EnvPicker
				environments={environments}
				initial={options.lastEnv}
				onPick={setEnvName}
				onCancel={() => {
					setQuitting(true);
					exit();
				}}
			/>
		);
	}
	if (!engine || engine.env.name !== envName)
		return (
			<Box>
				<Text>opening {envName}…</Text>
			</Box>
		);
	return (
		<ConsoleApp
			engine={engine}
			environments={environments}
			onSwitchEnv={setEnvName}
			onQuit={() => setQuitting(true)}
			commandHistory={commandHistory}
		/>
	);
}
