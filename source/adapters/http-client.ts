// HTTP to the service's ops endpoints (undici): timeouts on every request, the ops token only ever
// in a header, a bounded body, and every string of the answer made visible (core/safe-text.ts)
// before anything reads it.
import type {Dispatcher} from 'undici';
import {LazyAgent, loadUndici} from './undici-loader.js';
import {visibleJson, visibleLines} from '../core/safe-text.js';
import {formatSize} from './output-buffer.js';
import {traced} from './trace.js';

/** `body`: the parsed JSON (every string made visible as one line), else the text; `text`: the body made visible. */
export type HttpResult = {status: number; body: unknown; text: string; ms: number; url: string};

/** The largest body read from the service; a larger one is an error, never held in memory. */
export const maxHttpBodyBytes = 8 * 1024 * 1024;
/** The ops token; forget() drops a cached value so the next call reads its source again (after a rotation). */
export type TokenProvider = (() => Promise<{header: string; value: string}>) & {forget?(): void};

export type HttpClientOptions = {
	baseUrl: string;
	timeoutMs: number;
	token?: TokenProvider;
	dispatcher?: Dispatcher;
	/** Where to really connect, for a base URL reached through a tunnel (http://127.0.0.1:LOCALPORT); messages keep naming baseUrl. */
	connectOrigin?: () => Promise<string>;
	/** Adds the cause a failed request can't see itself (the SSH tunnel's error). */
	explainFailure?: () => string | undefined;
	/** Default maxHttpBodyBytes. */
	maxBodyBytes?: number;
};

export class HttpClient {
	/** Our own pool, unless the caller gave a dispatcher. */
	private readonly agent?: LazyAgent;

	constructor(private readonly options: HttpClientOptions) {
		// Through a tunnel, TLS must still check the certificate of the name in baseUrl, not 127.0.0.1.
		const servername =
			options.connectOrigin && options.baseUrl.startsWith('https:')
				? new URL(options.baseUrl).hostname
				: undefined;
		if (!options.dispatcher)
			this.agent = new LazyAgent({
				keepAliveTimeout: 30_000,
				connections: 8,
				connect: servername ? {servername} : undefined,
			});
	}

	private dispatcher(): Promise<Dispatcher> {
		return this.agent ? this.agent.get() : Promise.resolve(this.options.dispatcher!);
	}

	/** Resolves a path against the base URL; full URLs pass through. */
	url(pathOrUrl: string): string {
		// Plain concatenation keeps a base path such as https://host/app in front of /healthz.
		return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : this.options.baseUrl.replace(/\/+$/, '') + pathOrUrl;
	}

	async get(
		pathOrUrl: string,
		options: {withToken?: boolean; tokenValue?: string} = {},
	): Promise<HttpResult> {
		const result = await this.getOnce(pathOrUrl, options);
		// Refused with the configured token: it may have been rotated since it was read. Read it again, once.
		if (
			(result.status === 401 || result.status === 403) &&
			options.withToken &&
			options.tokenValue === undefined &&
			this.options.token?.forget
		) {
			this.options.token.forget();
			return this.getOnce(pathOrUrl, options);
		}
		return result;
	}

	private async getOnce(
		pathOrUrl: string,
		{withToken = false, tokenValue}: {withToken?: boolean; tokenValue?: string},
	): Promise<HttpResult> {
		const url = this.url(pathOrUrl);
		const headers: Record<string, string> = {accept: 'application/json, text/plain;q=0.5'};
		if (withToken || tokenValue !== undefined) {
			if (!this.options.token)
				throw new Error(`${displayUrl(url)} needs the ops token, and http.token is not configured`);
			const token = await this.options.token();
			headers[token.header] = tokenValue ?? token.value;
		}
		const started = Date.now();
		try {
			let target = Promise.resolve(url);
			if (this.options.connectOrigin && url.startsWith(this.options.baseUrl.replace(/\/+$/, ''))) {
				const parsed = new URL(url);
				headers.host = parsed.host; // virtual hosts still see the name the service is known by
				target = this.options.connectOrigin().then(origin => origin + parsed.pathname + parsed.search);
			}
			// The tunnel and the HTTP client get ready side by side.
			const [where, dispatcher] = await Promise.all([target, this.dispatcher()]);
			const response = await traced(
				`http: GET ${new URL(url).pathname}`,
				timedGet(where, headers, dispatcher, this.options.timeoutMs),
			);
			const raw = await readBody(
				response,
				this.options.maxBodyBytes ?? maxHttpBodyBytes,
				`GET ${displayUrl(url)}`,
			);
			const text = visibleLines(raw);
			let body: unknown = text;
			if (String(response.headers['content-type'] ?? '').includes('json') || /^\s*[[{]/.test(raw)) {
				try {
					// Parsed from the raw text: a "\u001b" escape in a JSON string is an ESC only once parsed.
					body = visibleJson(JSON.parse(raw));
				} catch {
					// not JSON after all: keep the text for the message
				}
			}
			return {status: response.statusCode, body, text, ms: Date.now() - started, url};
		} catch (error) {
			if (error instanceof BodyTooLargeError) throw error;
			throw noAnswerError(`GET ${displayUrl(url)}`, error, this.options);
		}
	}

	async close(): Promise<void> {
		await this.agent?.close();
	}
}

/** The URL without query string or credentials, safe for messages and logs. */
export function displayUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return url.split('?')[0]!;
	}
}

/** A GET that gives up after timeoutMs, whether waiting for the headers, for the body or overall. */
export async function timedGet(
	url: string,
	headers: Record<string, string>,
	dispatcher: Dispatcher,
	timeoutMs: number,
): Promise<Dispatcher.ResponseData> {
	const {request} = await loadUndici();
	return request(url, {
		method: 'GET',
		headers,
		dispatcher,
		headersTimeout: timeoutMs,
		bodyTimeout: timeoutMs,
		signal: AbortSignal.timeout(timeoutMs),
	});
}

/** An answer whose body is larger than the client reads. */
export class BodyTooLargeError extends Error {}

/**
 * The body as text, read only up to `maxBytes`: a larger one (by its Content-Length, or once that
 * much has arrived) is dropped and its connection closed, and the request fails saying so.
 */
export async function readBody(
	response: Dispatcher.ResponseData,
	maxBytes: number,
	what: string,
): Promise<string> {
	const tooLarge = () => {
		response.body.destroy();
		return new BodyTooLargeError(
			`${what}: the answer is larger than ${formatSize(maxBytes)}, the most pg-ops reads from one request (is it the right URL?)`,
		);
	};
	const declared = Number(response.headers['content-length']);
	if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of response.body as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > maxBytes) throw tooLarge();
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** A network error's code in words; a client may word some codes its own way (NetworkWords). */
export type NetworkWords = Readonly<Record<string, string>>;

const serviceWords: NetworkWords = {
	ECONNREFUSED: 'connection refused (is the service running?)',
	ENOTFOUND: 'host not found',
	ECONNRESET: 'connection reset',
	UND_ERR_SOCKET: 'connection reset',
};

/** Why a request got no answer, in words: a timeout, a known error code (`words` first), else the error's own message. */
export function describeNetworkError(error: unknown, timeoutMs: number, words: NetworkWords = {}): string {
	const e = error as {
		name?: string;
		code?: string;
		message?: string;
		cause?: {code?: string; message?: string};
	};
	const code = e.code ?? e.cause?.code;
	if (
		e.name === 'TimeoutError' ||
		e.name === 'AbortError' ||
		code === 'UND_ERR_HEADERS_TIMEOUT' ||
		code === 'UND_ERR_BODY_TIMEOUT'
	)
		return `no answer within ${timeoutMs / 1000}s`;
	if (code !== undefined && Object.hasOwn(words, code)) return words[code]!;
	if (code !== undefined && Object.hasOwn(serviceWords, code)) return serviceWords[code]!;
	return e.cause?.message ?? e.message ?? String(error);
}

/** A request that got no answer: "PREFIX: why", and the SSH tunnel's own error when it has one. */
export function noAnswerError(
	prefix: string,
	error: unknown,
	options: {timeoutMs: number; explainFailure?: () => string | undefined},
	words?: NetworkWords,
): Error {
	const cause = options.explainFailure?.();
	return new Error(
		`${prefix}: ${describeNetworkError(error, options.timeoutMs, words)}${cause ? ` (through the SSH tunnel: ${cause})` : ''}`,
	);
}
