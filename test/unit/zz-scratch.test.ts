import {it} from 'vitest';
import {matchPrompt} from '../../source/core/runbooks/prompts.js';
import {startsLikeCommand} from '../../source/core/runbooks/classify.js';
import {readBlock} from '../../source/core/runbooks/read-block.js';
it('scratch', () => {
	const l = 'bash-3.2$ helm install postgres-operator ./charts/postgres-operator';
	console.log(matchPrompt(l, () => false), startsLikeCommand('helm install'));
	console.log(readBlock('bash', [l, 'NAME: x', '', '# Verify', 'bash-3.2$ kubectl get pods', 'NAME   READY']));
});
