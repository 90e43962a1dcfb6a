'use strict';
/**
 * Ends the run with one line, `N passed, N failed`, for a person or a script to read. A test file
 * that could not run at all (a syntax error, a throw outside any test) counts as one failure, since
 * jest then reports no failed test.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
	}
}

module.exports = SummaryReporter;
