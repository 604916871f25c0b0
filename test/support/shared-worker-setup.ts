// Set up before each file of the 'unit' project, whose files share a worker process (isolate: false):
// what one file changes in the process (its environment, fake timers) goes back when that file ends,
// so the next file in the same worker starts as it would in a process of its own.
import {afterAll, vi} from 'vitest';

const environmentBefore = {...process.env};

afterAll(() => {
	vi.useRealTimers();
	for (const name of Object.keys(process.env)) if (!(name in environmentBefore)) delete process.env[name];
	Object.assign(process.env, environmentBefore);
});
