// DIR/demo.json: how a running demo is found and reached. Written last by the supervisor
// (atomically), read by the CLI and the tests.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

export interface DemoInfo {
	/** The supervisor's pid: the one process that owns the demo. */
	pid: number;
	dir: string;
	/** DIR/pg-ops.yaml, with the single environment `demo`. */
	config: string;
	root: string;
	http: {baseUrl: string; verifyPath: string};
	envFile: string;
	tokenKey: string;
	/** ready: false while PGlite still starts (its port then answers "the database system is starting up"); absent means ready. */
	database: {host: string; port: number; name: string; user: string; ready?: boolean};
	services: string[];
	startedAt: string;
}

export const demoInfoFile = (dir: string) => join(dir, 'demo.json');
export const supervisorPidFile = (dir: string) => join(dir, 'supervisor.pid');
export const supervisorLogFile = (dir: string) => join(dir, 'supervisor.log');

/** The demo described in DIR/demo.json, or undefined when there is none (the supervisor may still have exited). */
export function readDemoInfo(dir: string): DemoInfo | undefined {
	const file = demoInfoFile(dir);
	if (!existsSync(file)) return undefined;
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as DemoInfo;
	} catch {
		return undefined;
	}
}
