'use strict';
/**
 * The stand-in's clock and its rate limits (export, cursor, sample, account), all read from that
 * clock, so a virtual clock moves every window, every Retry-After and every `resets=` value.
 */

const { send } = require('./http-util.js');

/**
 * 'real': Date.now() plus whatever advanceBy/advanceTo added. 'virtual': a number that only moves
 * when a test moves it (starting at startMs, default the real time at start).
 */
function createClock(mode = 'real', startMs = null) {
	if (mode !== 'real' && mode !== 'virtual') throw new Error("clock must be 'real' or 'virtual'");
	let virtualMs = startMs == null ? Date.now() : Number(startMs);
	if (!Number.isFinite(virtualMs)) throw new Error('virtualStartMs must be a number');
	let offsetMs = 0;
	const nowMs = () => (mode === 'virtual' ? virtualMs : Date.now() + offsetMs);
	const clock = {
		mode,
		nowMs,
		/** Moves the clock forward by ms (>= 0). Returns the new nowMs(). */
		advanceBy(ms) {
			const n = Number(ms);
			if (!Number.isFinite(n) || n < 0) throw new Error('advanceBy needs a number of ms >= 0');
			if (mode === 'virtual') virtualMs += n;
			else offsetMs += n;
			return nowMs();
		},
		/** Moves the clock forward to ms; a time already passed leaves it where it is. */
		advanceTo(ms) {
			const n = Number(ms);
			if (!Number.isFinite(n)) throw new Error('advanceTo needs a time in ms');
			const delta = n - nowMs();
			if (delta > 0) clock.advanceBy(delta);
			return nowMs();
		},
	};
	return clock;
}

/**
 * Sliding-window log: a request counts for exactly `windowMs` after it was accepted. Limits are read
 * through callbacks so that /__control/config takes effect at once.
 */
class SlidingWindow {
	constructor(limit, windowMs) {
		this.limit = limit;
		this.windowMs = windowMs;
		this.reset();
	}

	reset() {
		this.log = [];
		this.head = 0;
	}

	_prune(now) {
		const edge = now - this.windowMs();
		while (this.head < this.log.length && this.log[this.head] <= edge) this.head++;
		if (this.head > 1024 && this.head * 2 > this.log.length) {
			this.log = this.log.slice(this.head);
			this.head = 0;
		}
	}

	/** Seconds until the oldest counted request leaves the window (0 when none is counted). */
	_resets(now) {
		if (this.head >= this.log.length) return 0;
		return Math.max(1, Math.ceil((this.log[this.head] + this.windowMs() - now) / 1000));
	}

	peek(now) {
		this._prune(now);
		const used = this.log.length - this.head;
		return {
			limit: this.limit(),
			remaining: Math.max(0, this.limit() - used),
			resets: this._resets(now),
		};
	}

	/** Count a request if a slot is free. */
	take(now) {
		this._prune(now);
		const used = this.log.length - this.head;
		if (used >= this.limit()) {
			const resets = this._resets(now);
			return {
				ok: false,
				limit: this.limit(),
				remaining: 0,
				resets,
				retryAfter: Math.max(1, resets),
			};
		}
		this.log.push(now);
		return { ok: true, ...this.peek(now) };
	}
}

const EXPORT_HEADER = 'zendesk-ratelimit-incremental-exports';
const CURSOR_HEADER = 'zendesk-ratelimit-incremental-exports-cursor';

function rateHeaderValue(info) {
	return `total=${info.limit}; remaining=${info.remaining}; resets=${info.resets}`;
}

/** The windows of one stand-in and the helpers that answer 429 from them. */
function createLimits(app) {
	const { config, clock } = app;
	const exportWindow = new SlidingWindow(
		() => config.exportLimitPerWindow,
		() => config.rateWindowMs,
	);
	const cursorWindow = new SlidingWindow(
		() => config.cursorExportLimitPerWindow,
		() => config.rateWindowMs,
	);
	// The users cursor export's own budget (Zendesk documents 20 a minute for it).
	const usersCursorWindow = new SlidingWindow(
		() => config.usersCursorExportLimitPerWindow,
		() => config.rateWindowMs,
	);
	const sampleWindow = new SlidingWindow(
		() => config.sampleLimitPerWindow,
		() => config.sampleWindowMs,
	);
	const accountWindow = new SlidingWindow(
		() => config.accountLimitPerMinute,
		() => 60000,
	);

	function setAccountHeaders(ctx, info) {
		ctx.headers['x-rate-limit'] = String(info.limit);
		ctx.headers['x-rate-limit-remaining'] = String(info.remaining);
		ctx.headers['ratelimit-limit'] = String(info.limit);
		ctx.headers['ratelimit-remaining'] = String(info.remaining);
		ctx.headers['ratelimit-reset'] = String(info.resets || 60);
	}

	function setExportHeader(ctx, info) {
		ctx.headers[EXPORT_HEADER] = rateHeaderValue(info);
	}

	/** The rate limiter's own 429; `rateLimitRetryAfter: 'none'` leaves Retry-After out. */
	function rateLimited(ctx, info, description) {
		const headers =
			config.rateLimitRetryAfter === 'none' ? {} : { 'retry-after': String(info.retryAfter) };
		send(ctx, 429, { error: 'APIRateLimitExceeded', description }, headers);
	}

	/** The account-wide limit (x-rate-limit): every authenticated API request counts. */
	function takeAccountSlot(ctx) {
		const info = accountWindow.take(clock.nowMs());
		setAccountHeaders(ctx, info);
		if (!info.ok) {
			rateLimited(ctx, info, 'Number of allowed API requests per minute exceeded');
			return false;
		}
		return true;
	}

	/**
	 * An incremental export slot ('export', 'cursor', 'users-cursor' or 'sample'). Every time-based
	 * export (tickets, ticket events, users, organizations) takes an 'export' slot: one budget. The
	 * ticket cursor export has its own window only when cursorExportLimitPerWindow > 0, the users
	 * cursor export when usersCursorExportLimitPerWindow > 0 (the default); otherwise they share
	 * the export budget. Answers 429 and returns false when the window is full.
	 */
	function takeExportSlot(ctx, kind) {
		const ownCursor =
			(kind === 'cursor' && config.cursorExportLimitPerWindow > 0) ||
			(kind === 'users-cursor' && config.usersCursorExportLimitPerWindow > 0);
		let window = exportWindow;
		if (kind === 'sample') window = sampleWindow;
		else if (ownCursor) window = kind === 'cursor' ? cursorWindow : usersCursorWindow;
		const info = window.take(clock.nowMs());
		if (ownCursor) ctx.headers[CURSOR_HEADER] = rateHeaderValue(info);
		else if (kind !== 'sample') setExportHeader(ctx, info);
		if (!info.ok) {
			const what =
				kind === 'sample'
					? 'sample export'
					: ownCursor
						? 'cursor-based incremental export'
						: 'incremental export';
			rateLimited(ctx, info, `Number of allowed ${what} API requests exceeded`);
			return false;
		}
		return true;
	}

	function resetAll() {
		exportWindow.reset();
		cursorWindow.reset();
		usersCursorWindow.reset();
		sampleWindow.reset();
		accountWindow.reset();
	}

	return {
		takeAccountSlot,
		takeExportSlot,
		setExportHeader,
		resetAll,
		exportWindow: () => exportWindow.peek(clock.nowMs()),
		cursorWindow: () => cursorWindow.peek(clock.nowMs()),
		usersCursorWindow: () => usersCursorWindow.peek(clock.nowMs()),
	};
}

module.exports = { createClock, SlidingWindow, createLimits, EXPORT_HEADER, CURSOR_HEADER };
