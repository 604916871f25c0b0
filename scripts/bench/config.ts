// Loading pg-ops.yaml as it grows: parseConfig (YAML, duplicate keys, aliases, the schema) for
// 5,000 to 40,000 environments. Linear means the time per environment stays flat as the count
// quadruples (yaml's own unique-key check made it quadratic: 40,000 took 15 s).
import {parseConfig} from '../../source/core/config/parse.js';
import {median, repeat, row, time} from './measure.js';

function configText(environments: number): string {
	const lines = ['environments:'];
	for (let i = 0; i < environments; i++)
		lines.push(
			`  env${i}:`,
			'    transport: local',
			'    services:',
			'      - {name: api, manager: systemd, unit: app-web.service}',
		);
	return `${lines.join('\n')}\n`;
}

export async function benchConfig(runs: number): Promise<void> {
	console.log(`\nloading pg-ops.yaml (parseConfig), median of ${runs} runs:`);
	let first: number | undefined;
	for (const count of [5_000, 10_000, 20_000, 40_000]) {
		const text = configText(count);
		const ms = median(await repeat(runs, async () => time(() => parseConfig(text, 'pg-ops.yaml'))));
		const perEnvironment = (ms * 1000) / count;
		first ??= perEnvironment;
		row(
			`${count} environments (${(text.length / 1024 / 1024).toFixed(1)} MiB)`,
			ms,
			`${perEnvironment.toFixed(0)} µs each, ${(perEnvironment / first).toFixed(2)}x the first`,
		);
	}
}
