// Parses `docker compose ps --all --format json`: a JSON array (Compose < 2.21) or one JSON object per line (newer).
// Strings are made visible once parsed: a "\u001b" in the JSON text is an ESC only then.
import {visibleJson} from '../safe-text.js';

export type ComposeServiceStatus = {
	service: string;
	state: string;
	status?: string;
	health?: string;
	exitCode?: number;
};

export function parseComposePs(output: string): ComposeServiceStatus[] {
	const text = output.trim();
	if (!text) return [];
	const records: unknown[] = visibleJson(
		text.startsWith('[')
			? (JSON.parse(text) as unknown[])
			: text
					.split('\n')
					.filter(l => l.trim().startsWith('{'))
					.map(l => JSON.parse(l) as unknown),
	);
	return records.map(record => {
		const r = record as Record<string, unknown>;
		const service = String(r.Service ?? r.Name ?? '');
		if (!service) throw new Error('docker compose ps: an entry without Service or Name');
		return {
			service,
			state: String(r.State ?? 'unknown').toLowerCase(),
			status: typeof r.Status === 'string' ? r.Status : undefined,
			health: typeof r.Health === 'string' && r.Health ? r.Health : undefined,
			exitCode: typeof r.ExitCode === 'number' ? r.ExitCode : undefined,
		};
	});
}
