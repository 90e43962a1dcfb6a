/**
 * The verdict of `npm run soak` (scripts/lib/soak-report.js): a soak that cannot see a lost or a
 * repeated version would pass whatever the trigger did, so its checks are tested on made-up runs.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const report = require('../../scripts/lib/soak-report.js');

const NODE = 'Zendesk Export Trigger';

function execution(
	id: string,
	tickets: Array<[number, number]>,
	status = 'success',
	startedAt = 0,
) {
	const items = tickets.map(([tid, gts]) => ({ json: { id: tid, generated_timestamp: gts } }));
	return {
		id,
		status,
		startedAt: new Date(startedAt).toISOString(),
		data:
			status === 'success'
				? { resultData: { runData: { [NODE]: [{ data: { main: [items] } }] } } }
				: {
						resultData: { runData: {} },
						executionData: {
							nodeExecutionStack: [{ node: { name: NODE }, data: { main: [items] } }],
						},
					},
	};
}

const truth = [
	{ id: 1, generated_timestamp: 100, status: 'open' },
	{ id: 2, generated_timestamp: 200, status: 'new' },
	{ id: 3, generated_timestamp: 50, status: 'open' }, // before the start: not expected
	{ id: 4, generated_timestamp: 990, status: 'new' }, // after the cutoff: not expected yet
];
const base = { truth, startSeconds: 100, cutoffSeconds: 900, changes: [], nodeName: NODE };

describe('soak report', () => {
	it('passes a run that emitted every final version once, earlier versions allowed', () => {
		const check = report.checkWorkflow({
			...base,
			executions: [
				execution('1', [
					[1, 90 + 10],
					[2, 150],
				]),
				execution('2', [[2, 200]]),
			],
		});
		expect(check.lost).toEqual([]);
		expect(check.duplicates).toEqual([]);
		expect(check.expectedFinalVersions).toBe(2);
		expect(check.earlierVersions).toBe(1);
	});

	it('finds a version emitted twice, and a lost one that only an unfinished execution holds', () => {
		const check = report.checkWorkflow({
			...base,
			executions: [
				execution('1', [[1, 100]]),
				execution('2', [[1, 100]]),
				execution('3', [[2, 200]], 'crashed'),
			],
		});
		expect(check.duplicates).toEqual([{ key: '1:100', times: 2, executions: ['1', '2'] }]);
		expect(check.lost).toEqual([{ key: '2:200', status: 'new', inUnfinishedExecution: '3' }]);
	});

	it('measures latency from the change to the first execution carrying it', () => {
		const check = report.checkWorkflow({
			...base,
			changes: [{ id: 1, gts: 100, atMs: 100_000 }],
			executions: [execution('1', [[1, 100]], 'success', 190_000)],
		});
		expect(check.latency).toMatchObject({ n: 1, p50: 90_000, p99: 90_000 });
	});

	it('counts the faulted share of export requests only', () => {
		const share = report.faultShare([
			{ endpoint: 'tickets', status: 429, fault: '429' },
			{ endpoint: 'tickets', status: 200, fault: 'delay' },
			{ endpoint: 'cursor', status: 200 },
			{ endpoint: 'tickets', status: 429 },
			{ endpoint: 'users_me', status: 500, fault: '500' },
		]);
		expect(share).toMatchObject({
			exportRequests: 4,
			faulted: 2,
			share: 0.5,
			shareWithoutDelays: 0.25,
		});
		expect(share.limiter429).toBe(1);
	});
});
