// startDemo's failure path: when the supervisor cannot build the sandbox it must say why (with
// the supervisor's log) and leave nothing running, and stopDemo on an empty dir is a no-op.
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, expect, test} from 'vitest';
import {readDemoInfo, startDemo, stopDemo} from '../source/demo/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pg-ops-demo-fail-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

test('stopDemo is harmless where no demo ever ran', async () => {
	expect(await stopDemo({dir: join(dir, 'never-started')})).toEqual({wasRunning: false});
});

test('startDemo refuses to wipe a root that is not a demo sandbox, and reports the supervisor log', async () => {
	const demoDir = join(dir, 'taken');
	mkdirSync(join(demoDir, 'root'), {recursive: true});
	writeFileSync(join(demoDir, 'root', 'precious.txt'), 'not ours\n');
	await expect(startDemo({dir: demoDir})).rejects.toThrow(
		/exited with code 1 before it was ready[\s\S]*is not a pg-ops demo sandbox/,
	);
	expect(existsSync(join(demoDir, 'root', 'precious.txt'))).toBe(true);
	expect(readDemoInfo(demoDir)).toBeUndefined();
	expect(await stopDemo({dir: demoDir})).toEqual({wasRunning: false});
}, 30_000);
