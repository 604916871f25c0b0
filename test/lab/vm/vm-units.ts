// The app's systemd units in the lab VM: the demo's HTTP service and workers as real units with
// Restart=, dependencies on PostgreSQL's unit, and a start that fails with an exit code when the lab
// (app-orchestrator at boot) or a test (vm-switches) says so. They run as the deploy user, who owns the
// app's files, so a token rotation by that user needs no root.
import {orchestratorCrash} from '../../../source/demo/orchestrator-crash.js';
import {vmAccounts} from './base-root.js';
import {vmApp, vmPaths} from './vm-layout.js';

export interface VmUnit {
	name: string;
	text: string;
}

const demo = (script: string) => `${vmPaths.demoDist}/demo/${script}.js`;

export function vmUnits(): VmUnit[] {
	const user = vmAccounts.deploy.name;
	const service = (lines: string[]) =>
		[`User=${user}`, `Group=${user}`, 'Type=exec', ...lines, 'TimeoutStopSec=10'].join('\n');
	return [
		{
			name: 'app-web.service',
			text: `[Unit]
Description=Demo web API (ops endpoints)
Wants=${vmPaths.postgresUnit}
After=${vmPaths.postgresUnit} network.target

[Service]
${service([
	`ExecStart=${vmPaths.libexec}/start-unit app-web ${vmPaths.node} ${demo('http-service')} --env-file ${vmApp.envFile}`,
	// Ready once /healthz answers: until then systemd says activating (start-post), and a restart waits for it.
	`ExecStartPost=${vmPaths.node} ${vmPaths.libexec}/wait-healthy.mjs ${vmApp.envFile}`,
	'Restart=on-failure',
	'RestartSec=1',
	'TimeoutStartSec=30',
])}

[Install]
WantedBy=multi-user.target
`,
		},
		{
			name: 'app-orchestrator.service',
			text: `[Unit]
Description=Demo ETL orchestrator
Requires=${vmPaths.postgresUnit}
After=${vmPaths.postgresUnit} app-web.service

[Service]
${service([
	`ExecStart=${vmPaths.libexec}/start-unit app-orchestrator ${vmPaths.node} ${demo('worker')} --unit app-orchestrator`,
	// No Restart=: a crash leaves it failed until someone restarts it (the lab seeds one at boot).
	'Restart=no',
])}

[Install]
WantedBy=multi-user.target
`,
		},
		{
			name: 'app-intake.service',
			text: `[Unit]
Description=Demo intake watcher
After=app-web.service

[Service]
${service([
	`ExecStart=${vmPaths.libexec}/start-unit app-intake ${vmPaths.node} ${demo('worker')} --unit app-intake`,
	'Restart=on-failure',
	'RestartSec=1',
])}

[Install]
WantedBy=multi-user.target
`,
		},
	];
}

/** The units' wrapper: runs the program unless a switch under vmPaths.switches makes this start fail. */
export const startUnitScript = `#!/bin/sh
# pg-ops lab: a unit's ExecStart. UNIT.crash-once makes the next start print it and exit 1 (once);
# UNIT.broken makes every start print it and exit 1 (until a test removes it). Otherwise: exec the program.
unit=$1
shift
switches=${vmPaths.switches}
if [ -e "$switches/$unit.crash-once" ]; then
	sed "s/{pid}/$$/g" "$switches/$unit.crash-once"
	rm -f "$switches/$unit.crash-once"
	exit 1
fi
if [ -e "$switches/$unit.broken" ]; then
	cat "$switches/$unit.broken" >&2
	exit 1
fi
exec "$@"
`;

/** ExecStartPost of app-web: waits (up to 25 s) until /healthz on the env file's PORT answers 200. */
export const waitHealthyScript = `// pg-ops lab: app-web is started once its /healthz answers.
import {readFileSync} from 'node:fs';
const port = /^PORT=(\\d+)$/m.exec(readFileSync(process.argv[2], 'utf8'))?.[1];
if (!port) throw new Error(\`no PORT= in \${process.argv[2]}\`);
const deadline = Date.now() + 25_000;
for (;;) {
	try {
		if ((await fetch(\`http://127.0.0.1:\${port}/healthz\`)).status === 200) process.exit(0);
	} catch {}
	if (Date.now() > deadline) {
		console.error(\`app-web did not answer /healthz on port \${port} within 25 s\`);
		process.exit(1);
	}
	await new Promise(resolve => setTimeout(resolve, 100));
}
`;

/** What app-orchestrator prints at its first start in the lab: the demo's crash (ERROR and stack trace). */
export function orchestratorCrashText(now: Date): string {
	const lines = orchestratorCrash(now.getTime());
	return `${lines.slice(lines.findIndex(line => line.includes(' ERROR '))).join('\n')}\n`;
}
