// The crash app-orchestrator is seeded with (failed 2 minutes before start-up): shared by the
// demo's supervisor and the SSH lab, so both show the same failed unit and journal.

/** The journal lines of the crash, `{pid}` standing for the dead process's pid. */
export function orchestratorCrash(failedAt: number): string[] {
	const at = (secondsBefore: number) => new Date(failedAt - secondsBefore * 1000).toISOString();
	return [
		`${at(3 * 86_400)} [systemd] Started app-orchestrator.service - Demo ETL orchestrator.`,
		`${at(3 * 86_400 - 1)} [{pid}] INFO app-orchestrator: started (pid {pid}), working every 20s`,
		`${at(41)} [{pid}] INFO app-orchestrator: scheduler tick 12958: checked 4 jobs, nothing due; queue depth 3`,
		`${at(21)} [{pid}] INFO app-orchestrator: scheduler tick 12959: claiming job 4420 (score_accounts)`,
		`${at(1)} [{pid}] ERROR app-orchestrator: unhandled error in scheduler loop, exiting`,
		'Error: lease renewal for job 4411 failed: row is locked by another worker (lock_timeout 5000ms)',
		'    at renewLease (/opt/app/current/orchestrator/leases.js:64:11)',
		'    at async claimNext (/opt/app/current/orchestrator/claim.js:88:5)',
		'    at async runTick (/opt/app/current/orchestrator/loop.js:41:7)',
		'    at async main (/opt/app/current/orchestrator/main.js:19:3)',
	];
}
