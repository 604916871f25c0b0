// A demo background unit (app-orchestrator, app-intake): logs a line of plausible work every
// few seconds (so a followed log shows life) and exits 0 on SIGTERM, so the service manager's stop and restart have something real to act on.
const unit = argValue('--unit') ?? 'worker';
const intervalMs = 4_000;

const chores: Record<string, (tick: number) => string> = {
	'app-orchestrator': tick =>
		`scheduler tick ${tick}: checked 4 jobs, ${tick % 3 === 0 ? 'enqueued result_resolution' : 'nothing due'}; queue depth ${2 + (tick % 4)}`,
	// The lab's compose project runs the scheduler as a container.
	'app-scheduler': tick =>
		`scheduler tick ${tick}: ${tick % 4 === 0 ? 'enqueued daily_pass' : 'nothing due'}; next check in 4s`,
	'app-intake': tick =>
		`intake scan ${tick}: ${tick % 5 === 0 ? '1 new file accepted (invoices_batch.csv)' : 'no new files'} in spool/incoming`,
};

function log(level: 'INFO' | 'WARN', message: string): void {
	process.stdout.write(`${new Date().toISOString()} [${process.pid}] ${level} ${unit}: ${message}\n`);
}

function argValue(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

let tick = 0;
log('INFO', `started (pid ${process.pid}), working every ${intervalMs / 1000}s`);
const timer = setInterval(() => log('INFO', (chores[unit] ?? (n => `tick ${n}`))(++tick)), intervalMs);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, () => {
		clearInterval(timer);
		log('INFO', `received ${signal}, finishing current tick and exiting`);
		process.exit(0);
	});
}
