// A Prometheus server's HTTP query API (/api/v1/query): instant queries, answered as samples.
// Contract only; the implementation arrives with the Prometheus SLO source.
export type PrometheusSample = {labels: Record<string, string>; value: number; at: number};

export type PrometheusClientOptions = {
	/** The server's base URL as configured (http://prometheus:9090). */
	url: string;
	timeoutMs: number;
	/** For `via: ssh`: the local origin (http://127.0.0.1:PORT) of a tunnel to the server. */
	connectOrigin?: () => Promise<string>;
	/** Why the tunnel last failed, when it did. */
	explainFailure?: () => string | undefined;
};

export class PrometheusClient {
	constructor(readonly options: PrometheusClientOptions) {}

	/** Runs an instant query; rejects with Prometheus' own error (bad query, server down) in words. */
	async query(promql: string): Promise<PrometheusSample[]> {
		void promql;
		throw new Error('not implemented yet');
	}

	async close(): Promise<void> {}
}
