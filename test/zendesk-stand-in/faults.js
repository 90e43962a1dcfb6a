'use strict';
/**
 * Queued faults: served, in queue order, to the next API requests whose path+query contains
 * `pathContains`, before authentication and rate limiting. See README.md, "Faults".
 */

const { send } = require('./http-util.js');

const FAULT_KINDS = [
	'429',
	'500',
	'502',
	'503',
	'504',
	'html503',
	'reset',
	'truncated',
	'delay',
	'replay',
];

const STATUS_NAMES = {
	500: 'InternalServerError',
	502: 'BadGateway',
	503: 'ServiceUnavailable',
	504: 'GatewayTimeout',
};

/** A fault as given to POST /__control/faults, checked and normalised. Throws on a bad one. */
function parseFault(f) {
	const kind = String(f.kind);
	if (!FAULT_KINDS.includes(kind)) {
		throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
	}
	let retryAfterSeconds = f.retryAfterSeconds == null ? null : Number(f.retryAfterSeconds);
	let noRetryAfter = false;
	if (f.retryAfter === 'none') noRetryAfter = true;
	else if (f.retryAfter != null) {
		if (!Number.isFinite(Number(f.retryAfter))) {
			throw new Error("retryAfter must be a number of seconds or 'none'");
		}
		retryAfterSeconds = Number(f.retryAfter);
	}
	return {
		kind,
		pathContains: f.pathContains == null ? null : String(f.pathContains),
		count: f.count == null ? 1 : Math.max(1, Math.floor(Number(f.count))),
		retryAfterSeconds,
		retryAfter: noRetryAfter ? 'none' : null,
		retryAfterHeader: f.retryAfterHeader == null ? null : String(f.retryAfterHeader),
		delayMs: f.delayMs == null ? null : Number(f.delayMs),
	};
}

function takeFault(state, target) {
	const i = state.faults.findIndex((f) => !f.pathContains || target.includes(f.pathContains));
	if (i < 0) return null;
	const fault = state.faults[i];
	fault.count -= 1;
	if (fault.count <= 0) state.faults.splice(i, 1);
	return fault;
}

/** The Retry-After header of a fault answer: the raw line, the seconds, or none. */
function retryAfterHeaders(fault, fallback) {
	if (fault.retryAfter === 'none') return {};
	if (fault.retryAfterHeader != null) return { 'retry-after': fault.retryAfterHeader };
	const seconds = fault.retryAfterSeconds == null ? fallback : fault.retryAfterSeconds;
	return seconds == null ? {} : { 'retry-after': String(seconds) };
}

/** Serve a fault; returns true when the request is finished (false: go on, e.g. after a delay). */
async function serveFault(app, ctx, fault) {
	switch (fault.kind) {
		case 'reset':
			ctx.req.socket.destroy();
			return true;
		case 'delay':
			await app.sleep(fault.delayMs == null ? 1000 : fault.delayMs);
			return false;
		case 'truncated':
			ctx.truncate = true;
			return false;
		case 'replay':
			// A cache or proxy answering with an earlier time-based page, byte for byte.
			if (app.state.lastTimeBody == null) return false;
			send(ctx, 200, app.state.lastTimeBody);
			return true;
		case '429': {
			const headers = retryAfterHeaders(fault, 1);
			// 'none' is a bare 429: no Retry-After and no rate-limit header either.
			if (ctx.u.pathname.includes('/incremental/') && fault.retryAfter !== 'none') {
				let resets = fault.retryAfterSeconds;
				if (resets == null && fault.retryAfterHeader != null) {
					const m = /\d+/.exec(fault.retryAfterHeader);
					resets = m ? Number(m[0]) : null;
				}
				app.limits.setExportHeader(ctx, {
					limit: app.config.exportLimitPerWindow,
					remaining: 0,
					resets: resets == null ? 1 : resets,
				});
			}
			send(
				ctx,
				429,
				{ error: 'APIRateLimitExceeded', description: 'Rate limit exceeded' },
				headers,
			);
			return true;
		}
		case 'html503': {
			const html =
				'<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>' +
				'<body><h1>Service Unavailable</h1><p>Zendesk is temporarily unavailable.</p></body></html>';
			const headers = { 'content-type': 'text/html; charset=utf-8', ...retryAfterHeaders(fault) };
			send(ctx, 503, html, headers);
			return true;
		}
		default: {
			const status = Number(fault.kind);
			send(
				ctx,
				status,
				{ error: STATUS_NAMES[status], description: `Stand-in fault ${status}` },
				retryAfterHeaders(fault),
			);
			return true;
		}
	}
}

module.exports = { FAULT_KINDS, parseFault, takeFault, serveFault };
