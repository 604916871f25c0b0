// A fleet refresh asks Prometheus the same queries every round; an answer that is the last one's but
// for the query's own time is not parsed again. What counts as the same answer, and that the client
// gives the same figures at the new time, and new figures as soon as anything in the answer changed.
import {afterEach, describe, expect, it} from 'vitest';
import {answerWithoutTime} from '../../source/core/parsers/prometheus-same-answer.js';
import {PrometheusClient} from '../../source/adapters/prometheus.js';
import {modelHost, startFakePrometheus, type FakePrometheus} from '../support/fake-prometheus.js';

const answer = (time: string, value: string, host = 'app-01') =>
	`{"status":"success","data":{"resultType":"vector","result":[{"metric":{"host":"${host}"},"value":[${time},"${value}"]},{"metric":{"host":"app-02"},"value":[${time},"1"]}]}}`;

describe('answerWithoutTime', () => {
	it('is the same for two answers that differ only in the time the query ran', () => {
		const first = answerWithoutTime(answer('1796475916.337', '1'))!;
		const second = answerWithoutTime(answer('1796475921.5', '1'))!;
		expect(first.key).toBe(second.key);
		expect([first.seconds, second.seconds]).toEqual([1796475916.337, 1796475921.5]);
	});

	it('differs when a value or a label differs', () => {
		const key = answerWithoutTime(answer('1796475916.337', '1'))!.key;
		expect(answerWithoutTime(answer('1796475921.5', '0'))!.key).not.toBe(key);
		expect(answerWithoutTime(answer('1796475921.5', '1', 'app-03'))!.key).not.toBe(key);
	});

	it('says nothing of an answer without samples, or with a time that is not a number', () => {
		expect(
			answerWithoutTime('{"status":"success","data":{"resultType":"vector","result":[]}}'),
		).toBeUndefined();
		expect(answerWithoutTime('{"value":[x,"1"]}')).toBeUndefined();
		expect(answerWithoutTime('{"value":[1')).toBeUndefined();
	});
});

describe('PrometheusClient.query with reuse', () => {
	let fake: FakePrometheus | undefined;
	let client: PrometheusClient | undefined;
	afterEach(async () => {
		await client?.close();
		await fake?.close();
	});

	it('gives the same figures at the new time, and new ones once a host changed', async () => {
		fake = await startFakePrometheus('node', 'host');
		fake.hosts.set('app-01', modelHost());
		fake.hosts.set('app-02', modelHost({'api.service': 'failed'}));
		client = new PrometheusClient({url: fake.url, timeoutMs: 5000});
		const promql =
			'max by (host, name, state) (node_systemd_unit_state{job="node",name=~"api\\\\.service"} == 1)';
		const first = await client.query(promql, {reuse: true});
		expect(first.map(s => [s.labels.host, s.labels.state])).toEqual([
			['app-01', 'active'],
			['app-02', 'failed'],
		]);
		// The fake stamps each answer with the time it was asked: wait until that time has moved.
		let second = await client.query(promql, {reuse: true});
		while (second[0]!.at === first[0]!.at) second = await client.query(promql, {reuse: true});
		expect(second.map(s => [s.labels.host, s.labels.state, s.value])).toEqual([
			['app-01', 'active', 1],
			['app-02', 'failed', 1],
		]);
		expect(second[0]!.at).toBeGreaterThan(first[0]!.at);
		expect(second[0]!.labels).toBe(first[0]!.labels); // not parsed again
		fake.hosts.set('app-02', modelHost());
		const third = await client.query(promql, {reuse: true});
		expect(third.map(s => s.labels.state)).toEqual(['active', 'active']);
		expect(third[0]!.labels).not.toBe(first[0]!.labels);
	});
});
