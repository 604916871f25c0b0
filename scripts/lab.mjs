// `npm run lab -- start|stop --dir DIR | prerequisites`: the SSH lab (TypeScript under test/lab,
// which only tests and people use, so it is not in dist/).
import {runTypeScript} from './run-typescript.mjs';

await runTypeScript(new URL('../test/lab/cli.ts', import.meta.url), 'lab');
