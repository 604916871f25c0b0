// pg-ops holds a started service for steadySeconds (default 2 s) before it counts as verified. The hold
// itself (a failure or a new process starts it over, a flapping unit fails it) is proven by
// test/unit/until-hold.test.ts. Integration files that run whole procedures again and again judge
// other things (rows, pids, files, lock files) and spent much of their time idle in these holds: their
// configs get a shorter one, still a real hold (two passing checks of the same process, 0.5 s apart).
import {readFileSync, writeFileSync} from 'node:fs';
import YAML, {isMap, isSeq} from 'yaml';

export const testSteadySeconds = 0.5;

/**
 * Sets steadySeconds on every service of every environment in a config file that names none (a
 * service with its own, such as the fleet's 0, keeps it). Comments and layout are kept.
 */
export function shortenSteadyHolds(configFile: string, seconds = testSteadySeconds): void {
	const doc = YAML.parseDocument(readFileSync(configFile, 'utf8'));
	const environments = doc.get('environments');
	if (!isMap(environments)) throw new Error(`${configFile} has no environments`);
	for (const {value: env} of environments.items) {
		const services = isMap(env) ? env.get('services') : undefined;
		if (!isSeq(services)) continue;
		for (const service of services.items)
			if (isMap(service) && !service.has('steadySeconds')) service.set('steadySeconds', seconds);
	}
	writeFileSync(configFile, doc.toString());
}
