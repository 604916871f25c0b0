// The service-manager stand-in's model: unit definitions, their recorded state, and the state
// systemd would report from them. Stands in for systemd, which cannot run on these machines.
import {existsSync, mkdirSync, readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {writeJsonAtomically} from './atomic-file.js';
import {isDemoProcess} from './processes.js';
import {sandboxPaths} from './sandbox-layout.js';

/** etc/service-manager/<name>.json: what a unit file would say. */
export interface UnitDefinition {
	description: string;
	exec: string[];
	environmentFile?: string;
	// Like Type=notify: start only succeeds once this URL answers 200.
	readyUrl?: string;
}

/** var/lib/service-manager/<name>.json: what systemd would remember about the unit. */
export interface UnitState {
	mainPid: number;
	lastPid: number;
	activating: boolean;
	failed: boolean;
	result: 'success' | 'exit-code' | 'signal';
	execMainStatus: number;
	activeEnterTimestamp?: number;
	inactiveEnterTimestamp?: number;
}

export interface UnitStatus {
	id: string;
	description: string;
	loadState: 'loaded' | 'not-found';
	activeState: 'active' | 'inactive' | 'failed' | 'activating';
	subState: 'running' | 'dead' | 'failed';
	mainPid: number;
	state: UnitState;
	definitionPath: string;
}

const emptyState: UnitState = {
	mainPid: 0,
	lastPid: 0,
	activating: false,
	failed: false,
	result: 'success',
	execMainStatus: 0,
};

/** "app-web" and "app-web.service" both name app-web.service. */
export function unitId(name: string): string {
	return name.includes('.') ? name : `${name}.service`;
}

export function unitShortName(id: string): string {
	return id.replace(/\.service$/, '');
}

export function unitDefinitionPath(root: string, id: string): string {
	return join(sandboxPaths(root).unitDefinitions, `${unitShortName(id)}.json`);
}

export function readUnitDefinition(root: string, id: string): UnitDefinition | undefined {
	const path = unitDefinitionPath(root, id);
	if (!id.endsWith('.service') || !existsSync(path)) return undefined;
	return JSON.parse(readFileSync(path, 'utf8')) as UnitDefinition;
}

export function writeUnitDefinition(root: string, id: string, definition: UnitDefinition): void {
	mkdirSync(sandboxPaths(root).unitDefinitions, {recursive: true});
	writeJsonAtomically(unitDefinitionPath(root, id), definition);
}

export function listUnitIds(root: string): string[] {
	const dir = sandboxPaths(root).unitDefinitions;
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter(file => file.endsWith('.json'))
		.map(file => `${file.slice(0, -5)}.service`)
		.sort();
}

export function readUnitState(root: string, id: string): UnitState {
	const path = join(sandboxPaths(root).unitStates, `${unitShortName(id)}.json`);
	if (!existsSync(path)) return {...emptyState};
	try {
		return {...emptyState, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<UnitState>)};
	} catch {
		return {...emptyState};
	}
}

export function writeUnitState(root: string, id: string, state: UnitState): void {
	const dir = sandboxPaths(root).unitStates;
	mkdirSync(dir, {recursive: true});
	writeJsonAtomically(join(dir, `${unitShortName(id)}.json`), state);
}

/** The unit's process is alive and is really ours (its command line names the sandbox root). */
export function isUnitProcessAlive(root: string, pid: number): boolean {
	return pid > 0 && isDemoProcess(pid, root);
}

/** What `systemctl show` reports, derived from the definition, the state file and the live process. */
export function unitStatus(root: string, name: string): UnitStatus {
	const id = unitId(name);
	const definition = readUnitDefinition(root, id);
	const definitionPath = unitDefinitionPath(root, id);
	if (!definition) {
		return {
			id,
			description: id,
			loadState: 'not-found',
			activeState: 'inactive',
			subState: 'dead',
			mainPid: 0,
			state: {...emptyState},
			definitionPath,
		};
	}
	const state = readUnitState(root, id);
	const base = {id, description: definition.description, loadState: 'loaded' as const, state, definitionPath};
	if (isUnitProcessAlive(root, state.mainPid)) {
		return {
			...base,
			activeState: state.activating ? 'activating' : 'active',
			subState: 'running',
			mainPid: state.mainPid,
		};
	}
	if (state.failed) return {...base, activeState: 'failed', subState: 'failed', mainPid: 0};
	return {...base, activeState: 'inactive', subState: 'dead', mainPid: 0};
}
