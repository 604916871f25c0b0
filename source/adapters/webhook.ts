// Posts a short message to the team's chat or paging webhook (incidents, maintenance windows).
// The URL is a secret (it carries its own token): it comes from the operator's machine and never
// appears in an error, a log or the timeline.
import {loadUndici} from './undici-loader.js';
import type {NotifyConfig} from '../core/config/schema.js';
import {resolveSecret} from './secrets.js';

export type WebhookMessage = {text: string; env: string; kind: 'incident' | 'maintenance'};
export type WebhookOutcome = {ok: true; status: number} | {ok: false; error: string};

export async function postWebhook(notify: NotifyConfig, message: WebhookMessage): Promise<WebhookOutcome> {
	const {url: source, format, timeoutSeconds} = notify.webhook;
	let url: string;
	try {
		url = await readUrl(source);
	} catch (error) {
		return {ok: false, error: (error as Error).message};
	}
	const timeoutMs = timeoutSeconds * 1000;
	const body =
		format === 'slack'
			? {text: message.text}
			: {text: message.text, env: message.env, kind: message.kind, at: new Date().toISOString()};
	try {
		const {request} = await loadUndici();
		const response = await request(url, {
			method: 'POST',
			headers: {'content-type': 'application/json', 'user-agent': 'pg-ops'},
			body: JSON.stringify(body),
			headersTimeout: timeoutMs,
			bodyTimeout: timeoutMs,
			signal: AbortSignal.timeout(timeoutMs),
		});
		// The body may echo the URL or its token: read to free the socket, never shown; past 64 KiB the connection is closed instead.
		await response.body.dump({limit: 64 * 1024}).catch(() => {});
		if (response.statusCode >= 200 && response.statusCode < 300)
			return {ok: true, status: response.statusCode};
		return {ok: false, error: `webhook: HTTP ${response.statusCode}`};
	} catch (error) {
		return {ok: false, error: `webhook: ${describeFailure(error, timeoutSeconds)}`};
	}
}

async function readUrl(source: NotifyConfig['webhook']['url']): Promise<string> {
	const where = 'env' in source ? source.env : 'its command';
	if ('env' in source) {
		const value = process.env[source.env];
		if (!value)
			throw new Error(
				`webhook: ${source.env} is not set (export it on this machine, or use url: {command: ...} to read it from a password manager)`,
			);
	}
	// resolveSecret's messages name the source, never the value.
	const url = (await resolveSecret(source, 'webhook')).trim();
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new Error(`webhook: the URL from ${where} is not a URL`);
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
		throw new Error(`webhook: the URL from ${where} is not an http(s) URL`);
	return url;
}

/** Why the request failed, from the error's code: never its message, which can carry the URL. */
function describeFailure(error: unknown, timeoutSeconds: number): string {
	const e = error as {name?: string; code?: string; cause?: {code?: string; name?: string}};
	const code = e.code ?? e.cause?.code;
	if (
		e.name === 'TimeoutError' ||
		e.name === 'AbortError' ||
		e.cause?.name === 'TimeoutError' ||
		code === 'UND_ERR_HEADERS_TIMEOUT' ||
		code === 'UND_ERR_BODY_TIMEOUT' ||
		code === 'UND_ERR_CONNECT_TIMEOUT'
	)
		return `timed out after ${timeoutSeconds}s`;
	if (code === 'ECONNREFUSED') return 'connection refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
	if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
	if (typeof code === 'string' && /^(CERT_|ERR_TLS|UNABLE_TO|DEPTH_|SELF_SIGNED)/.test(code))
		return `TLS certificate not accepted (${code})`;
	return `request failed${typeof code === 'string' ? ` (${code})` : ''}`;
}
