// SLO pane: availability, p95 latency and error rate from the SLO endpoint, against configured targets.
import {parseSloJson} from '../../core/parsers/slo-json.js';
import {evaluateSlo} from '../../core/policy/slo.js';
import {paneStatusFromLevels} from '../../core/policy/overall.js';
import {displayUrl} from '../../adapters/http-client.js';
import type {Probe} from './probe.js';

export const sloProbe: Probe<'slo'> = {
	pane: 'slo',
	configured: env => Boolean(env.slo),
	sections: () => [],
	async collect({env, runtime}) {
		const slo = env.slo!;
		if (!('http' in slo.source)) throw new Error('the Prometheus SLO source is not read by this version');
		const response = await runtime.http!.get(slo.source.http);
		const where = displayUrl(response.url);
		if (response.status !== 200) throw new Error(`GET ${where} answered HTTP ${response.status}`);
		const figures = parseSloJson(response.body, where);
		const items = evaluateSlo(figures, slo);
		return {data: {items, window: figures.window}, status: paneStatusFromLevels(items.map(i => i.level))};
	},
};
