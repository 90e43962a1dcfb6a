/** The guard every nock test file installs catches a request that ran past the script. */
import nock from 'nock';

import { guardNock, ORIGIN } from '../helpers/transport-fixtures';
import { setup, TIME_PATH } from '../helpers/transport-source';

const guard = guardNock();

describe('guardNock', () => {
	it('should record a request no interceptor matched, even when the caller swallows the error', async () => {
		const { source, deadline } = setup({ random: () => 0 });
		nock(ORIGIN).get('/somewhere-else').reply(200, {});
		// The transport takes nock's refusal for a network failure, retries and gives up.
		await source.timePage(1, deadline(1_500)).catch(() => undefined);
		expect(guard.unmatched.length).toBeGreaterThan(0);
		expect(guard.unmatched[0]).toContain(TIME_PATH);
		// Cleared here so this deliberate miss does not fail the test in afterEach.
		guard.unmatched.splice(0);
		nock.cleanAll();
	});
});
