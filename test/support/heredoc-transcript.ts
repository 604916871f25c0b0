// Issue 14's heredoc-in-transcript case, run for real: a `console` block in which a here-document
// piped into tee writes a config file and the next prompt restarts a unit. Read wrongly, the plan
// writes the restart command into the file and never restarts; read as an operator reads it, the
// file gets the body and the unit restarts. Used on the demo and on the lab.
import {expect} from 'vitest';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {runStep} from './app-vm-runbook.js';

/** The runbook, writing `file` (a path on the host) and restarting app-orchestrator. */
export function heredocTranscriptRunbook(file: string) {
	const text = [
		'# Incident: bad worker config',
		'',
		'## What we ran',
		'',
		'```console',
		`deploy@app-1:~$ cat <<EOF | tee ${file}`,
		'workers=16',
		'queue=ingest-main',
		'EOF',
		'workers=16',
		'queue=ingest-main',
		'deploy@app-1:~$ sudo systemctl restart app-orchestrator',
		'deploy@app-1:~$ systemctl is-active app-orchestrator',
		'active',
		'```',
		'',
	].join('\n');
	return parseRunbook(text, 'incident-heredoc.md');
}

/**
 * Runs the transcript's one step on `env` and checks the world: the file holds the body, the
 * unit's main process changed (it restarted), and nothing of the transcript's output ran.
 */
export async function runHeredocTranscript(
	env: NamedEnvironment,
	file: string,
	host: {readFile(path: string): string; mainPid(): Promise<string>},
): Promise<void> {
	const runbook = heredocTranscriptRunbook(file);
	const [step] = runbook.sections.flatMap(section => section.steps);
	expect(step!.commands).toEqual([
		`cat <<EOF | tee ${file}\nworkers=16\nqueue=ingest-main\nEOF`,
		'sudo systemctl restart app-orchestrator',
		'systemctl is-active app-orchestrator',
	]);
	const before = await host.mainPid();
	const result = await runStep(env, runbook, step!, {}, {operator: 'heredoc-test'});
	expect(result.outcome, result.message).toBe('succeeded');
	expect(host.readFile(file)).toBe('workers=16\nqueue=ingest-main\n');
	const after = await host.mainPid();
	expect(after).not.toBe(before);
	expect(after).not.toBe('0');
	expect(result.steps[0]!.output).toMatch(/^active$/m);
}
