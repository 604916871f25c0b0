// A Prometheus server's HTTP API: instant queries (/api/v1/query), answered as samples, and the
// alerts it (/api/v1/alerts) or an Alertmanager (/api/v2/alerts) holds.
// Every failure is one sentence naming Prometheus and its URL (never the URL's credentials).
import type {Dispatcher} from 'undici';
import {LazyAgent} from './undici-loader.js';
import {parsePrometheusAnswer, type PromSample} from '../core/parsers/prometheus-json.js';
import {parseAlertmanagerAlerts, parsePrometheusAlerts, type AlertItem} from '../core/parsers/alerts-json.js';
import {parseVisibleJson, visibleLine} from '../core/safe-text.js';
import {answerWithoutTime} from '../core/parsers/prometheus-same-answer.js';
import {
	BodyTooLargeError,
	displayUrl,
	noAnswerError,
	readBody,
	timedGet,
	type NetworkWords,
} from './http-client.js';

/** The largest answer read from Prometheus (a fleet's query answers with a series per host and unit). */
export const maxPrometheusBodyBytes = 32 * 1024 * 1024;

/** How many queries' last answers a client keeps for `reuse` (a fleet refresh asks eight). */
const maxReusedAnswers = 32;

/** labels, value (NaN and ±Infinity kept, as Prometheus sends them) and the sample's time in ms since the epoch. */
export type PrometheusSample = PromSample;

export type PrometheusClientOptions = {
	/** The server's base URL as configured (http://prometheus:9090, or with a path prefix); the config refuses user:password in it, and none is ever sent or shown. */
	url: string;
	timeoutMs: number;
	/** For `via: ssh`: the local origin (http://127.0.0.1:PORT) of a tunnel to the server. */
	connectOrigin?: () => Promise<string>;
	/** Why the tunnel last failed, when it did. */
	explainFailure?: () => string | undefined;
	dispatcher?: Dispatcher;
	/** Default maxPrometheusBodyBytes. */
	maxBodyBytes?: number;
};

// Network errors as the HTTP client words them, except: a refused connection is no hint that "the
// service" is down, and a DNS retry or an unreachable network are named too.
const prometheusWords: NetworkWords = {
	ECONNREFUSED: 'connection refused',
	EAI_AGAIN: 'host not found',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'host unreachable',
};

// Prometheus' errorType values, as an operator reads them.
const errorKinds: Record<string, string> = {
	bad_data: 'bad query',
	execution: 'query failed',
	timeout: 'query timed out on the server',
	canceled: 'query canceled on the server',
	internal: 'internal error in Prometheus',
	unavailable: 'Prometheus unavailable',
	not_found: 'not found',
	not_acceptable: 'not acceptable',
};

export class PrometheusClient {
	/** Our own pool, unless the caller gave a dispatcher. */
	private readonly agent?: LazyAgent;
	private readonly base: URL;
	/** The URL as messages name it: no credentials, no query string. */
	readonly where: string;
	/** The last answer of each query asked with `unchangedOnce`, by its PromQL (a few: a fleet refresh's). */
	private readonly lastAnswers = new Map<string, {key: string; samples: PrometheusSample[]}>();

	constructor(readonly options: PrometheusClientOptions) {
		this.base = new URL(options.url);
		this.where = displayUrl(options.url).replace(/\/+$/, '');
		// Credentials never come from pg-ops.yaml (the schema refuses them); any that reach here are dropped, never sent.
		this.base.username = '';
		this.base.password = '';
		// Through a tunnel, TLS must still check the certificate of the configured name, not 127.0.0.1.
		const servername =
			options.connectOrigin && this.base.protocol === 'https:' ? this.base.hostname : undefined;
		if (!options.dispatcher)
			this.agent = new LazyAgent({
				keepAliveTimeout: 30_000,
				connections: 4,
				connect: servername ? {servername} : undefined,
			});
	}

	/**
	 * Runs an instant query; rejects with Prometheus' own error (bad query, server down) in words.
	 * `reuse`: an answer that is the last one's text but for the query's time is not parsed again: its
	 * samples are the last ones at the new time (a fleet refresh asks the same queries every round).
	 */
	async query(promql: string, options: {reuse?: boolean} = {}): Promise<PrometheusSample[]> {
		// The server gives up at our timeout too, instead of computing an answer nobody waits for.
		const search = `?${new URLSearchParams({query: promql, timeout: String(this.options.timeoutMs / 1000)})}`;
		const {status, contentType, text} = await this.get('/api/v1/query', search);
		if (!options.reuse || status !== 200) return this.answer(status, contentType, text);
		const same = answerWithoutTime(text);
		const last = this.lastAnswers.get(promql);
		if (same && last?.key === same.key) {
			const at = Math.round(same.seconds * 1000);
			return last.samples.map(s => ({labels: s.labels, value: s.value, at}));
		}
		const samples = this.answer(status, contentType, text);
		if (same) {
			// Bounded: a refresh's handful of queries (they change only with the hosts shown).
			if (this.lastAnswers.size >= maxReusedAnswers) this.lastAnswers.clear();
			this.lastAnswers.set(promql, {key: same.key, samples});
		} else this.lastAnswers.delete(promql);
		return samples;
	}

	/**
	 * The alerts firing now (and, from Prometheus, pending), worst first: Prometheus' /api/v1/alerts, or
	 * an Alertmanager's /api/v2/alerts. Every string is made visible before anything reads it.
	 */
	async alerts(api: 'prometheus' | 'alertmanager'): Promise<AlertItem[]> {
		const path = api === 'prometheus' ? '/api/v1/alerts' : '/api/v2/alerts';
		const who = api === 'prometheus' ? `Prometheus at ${this.where}` : `Alertmanager at ${this.where}`;
		const {status, contentType, text} = await this.get(path, '');
		let body: unknown;
		try {
			body = parseVisibleJson(text);
		} catch {
			const what = contentType ? contentType.split(';')[0] : 'no content type';
			throw new Error(`${who} answered HTTP ${status} with ${what}, not alerts in JSON`);
		}
		if (status !== 200) throw new Error(`${who} answered HTTP ${status} for ${path}`);
		return api === 'prometheus' ? parsePrometheusAlerts(body, who) : parseAlertmanagerAlerts(body, who);
	}

	/** One GET under the server's base path (through the tunnel for via: ssh), its body bounded. */
	private async get(
		suffix: string,
		search: string,
	): Promise<{status: number; contentType: string; text: string}> {
		const path = `${this.base.pathname.replace(/\/+$/, '')}${suffix}`;
		const headers: Record<string, string> = {accept: 'application/json'};
		let origin = this.base.origin;
		if (this.options.connectOrigin) {
			headers.host = this.base.host; // a proxy in front of Prometheus still sees the name it is known by
			origin = await this.connectOrigin();
		}
		try {
			const dispatcher = await (this.agent ? this.agent.get() : this.options.dispatcher!);
			const response = await timedGet(origin + path + search, headers, dispatcher, this.options.timeoutMs);
			const contentType = visibleLine(String(response.headers['content-type'] ?? ''));
			const text = await readBody(
				response,
				this.options.maxBodyBytes ?? maxPrometheusBodyBytes,
				`Prometheus at ${this.where}`,
			);
			return {status: response.statusCode, contentType, text};
		} catch (error) {
			if (error instanceof BodyTooLargeError) throw error;
			throw noAnswerError(`Prometheus at ${this.where} did not answer`, error, this.options, prometheusWords);
		}
	}

	async close(): Promise<void> {
		await this.agent?.close();
	}

	private async connectOrigin(): Promise<string> {
		try {
			return await this.options.connectOrigin!();
		} catch (error) {
			throw new Error(
				`Prometheus at ${this.where} could not be reached through the SSH tunnel: ${(error as Error).message}`,
			);
		}
	}

	private answer(status: number, contentType: string, text: string): PrometheusSample[] {
		let body: unknown;
		try {
			// Every string (labels, Prometheus' error text) made visible before anything reads it.
			body = parseVisibleJson(text);
		} catch {
			body = undefined;
		}
		const isAnswer = Boolean(body && typeof body === 'object' && 'status' in body);
		if (!isAnswer) {
			if (status === 401 || status === 403)
				throw new Error(
					`Prometheus at ${this.where} refused the request (HTTP ${status}): it wants credentials, which pg-ops.yaml cannot hold; reach it through via: ssh from a host it trusts, or a local proxy`,
				);
			if (status === 404)
				throw new Error(
					`Prometheus at ${this.where} answered HTTP 404 for /api/v1/query: is the URL the server's base URL (with its path prefix, if any)?`,
				);
			const what = contentType ? contentType.split(';')[0] : 'no content type';
			throw new Error(
				`Prometheus at ${this.where} answered HTTP ${status} with ${what}, not a query answer in JSON`,
			);
		}
		const parsed = parsePrometheusAnswer(body, `Prometheus at ${this.where}`);
		if (!parsed.ok) {
			const kind = errorKinds[parsed.errorType] ?? `${parsed.errorType} error`;
			// 'invalid parameter "query": 1:5: parse error: ...' names the one parameter we send; the position is what helps.
			const detail = parsed.error.replace(/^invalid parameter "query":\s*/, '');
			throw new Error(detail ? `${kind}: ${detail}` : `${kind} (HTTP ${status})`);
		}
		if (status !== 200) throw new Error(`Prometheus at ${this.where} answered HTTP ${status}`);
		return parsed.samples;
	}
}
