// `npm run bench [-- --runs 5 --idle-seconds 60]`: the SSH benchmark against the lab (scripts/bench/main.ts).
import {runTypeScript} from './run-typescript.mjs';

await runTypeScript(new URL('./bench/main.ts', import.meta.url), 'bench');
