// Posts a short message to the team's chat or paging webhook (incidents, maintenance windows).
// The URL is a secret (it carries its own token): it comes from the operator's machine and never
// appears in an error, a log or the timeline. H3a implements this; the signature is shared.
import type {NotifyConfig} from '../core/config/schema.js';

export type WebhookMessage = {text: string; env: string; kind: 'incident' | 'maintenance'};
export type WebhookOutcome = {ok: true; status: number} | {ok: false; error: string};

export async function postWebhook(_notify: NotifyConfig, _message: WebhookMessage): Promise<WebhookOutcome> {
	return {ok: false, error: 'webhook posting is being built'};
}
