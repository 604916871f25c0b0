// Facts for restart: which service, and the state it is in now.
import {parseSystemctlShow} from '../../core/parsers/systemctl-show.js';
import {unitName} from '../../core/policy/services.js';
import {planRestart} from '../../core/procedures/restart.js';
import type {Plan} from '../../core/procedures/plan.js';
import {batchPrelude} from '../refresh.js';
import {systemctlShowCommand} from '../probes/services.js';
import type {Runtime} from '../runtime.js';
import {PlanError, type ProcedureOptions} from './options.js';

export async function planRestartFor(runtime: Runtime, options: ProcedureOptions): Promise<Plan> {
	const {env} = runtime;
	if (env.services.length === 0) throw new PlanError(`${env.name} has no services configured`);
	const name = options.service ?? env.services[0]!.name;
	const service = env.services.find(s => s.name === name);
	if (!service) throw new PlanError(`no service "${name}" in ${env.name} (have: ${env.services.map(s => s.name).join(', ')})`);
	let state: string | undefined;
	if (service.manager === 'systemd') {
		const result = await runtime.host.exec(`${batchPrelude(env)}${systemctlShowCommand([unitName(service)])}`, {timeoutMs: env.probeTimeoutSeconds * 1000});
		state = parseSystemctlShow(result.stdout)[0]?.activeState;
	}
	return planRestart(env, service, {state});
}
