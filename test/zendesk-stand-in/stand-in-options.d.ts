/**
 * The stand-in's options (startStandIn, POST /__control/config, the CLI): what each one does and
 * its default. Re-exported by server.d.ts; behaviour: see README.md.
 */

export interface StandInOptions {
	/** 0 (default) = a free port. Always on 127.0.0.1. */
	port?: number;
	/** Tickets generated at start (and by POST /__control/reset without a count). Default 0. */
	seedTickets?: number;
	/**
	 * 'real' (default): Date.now(). 'virtual': a clock that only moves with standIn.clock.advanceBy /
	 * advanceTo or POST /__control/clock. Ticket times, the withheld cutoff, every rate-limit window,
	 * Retry-After, `resets=` and token expiry read it. Fixed at start.
	 */
	clock?: 'real' | 'virtual';
	/** Start of the virtual clock, in ms since the epoch. Default: the real time at start. */
	virtualStartMs?: number | null;
	/** Incremental export requests (time + cursor) allowed per rateWindowMs. Default 10. */
	exportLimitPerWindow?: number;
	/**
	 * 0 (default): the cursor export shares the export budget and sends no cursor header. N > 0: the
	 * cursor export has its own sliding window of N per rateWindowMs (and uses no export slot), and
	 * answers carry `zendesk-ratelimit-incremental-exports-cursor: total=N; remaining=R; resets=S`.
	 */
	cursorExportLimitPerWindow?: number;
	/** Sliding window of the export (and cursor) limit, in ms. Default 60000. */
	rateWindowMs?: number;
	/** Sample export requests per sampleWindowMs. Default 10. */
	sampleLimitPerWindow?: number;
	/** Default 1_200_000 (20 minutes). */
	sampleWindowMs?: number;
	/** Account-wide limit (x-rate-limit) per 60 s over every authenticated API request. Default 700. */
	accountLimitPerMinute?: number;
	/** 'seconds' (default): the rate limiter's 429 carries Retry-After; 'none': it does not. */
	rateLimitRetryAfter?: 'seconds' | 'none';
	/** Largest per_page honoured. Default 1000. */
	perPageMax?: number;
	/** Default 7200. */
	accessTokenLifetimeSeconds?: number;
	/** Default 30 days. */
	refreshTokenLifetimeSeconds?: number;
	/** The trailing seconds the exports never return. Default 60. */
	withheldSeconds?: number;
	/** Length of each generated description (ASCII, so bytes). Default 300. */
	descriptionBytes?: number;
	/** Shifts the stand-in's clock (ticket times, the withheld cutoff, token expiry). Default 0. */
	clockOffsetSeconds?: number;
	/**
	 * '400' (default): 400 JSON StartTimeTooRecent; '422': 422 {"error":"Too recent start_time"};
	 * '400-text' / '422-text': that status with a text/plain body
	 * `Too recent start_time. Use a start_time older than 1 minute`.
	 */
	tooRecentStyle?: '400' | '422' | '400-text' | '422-text';
	/** end_time of an empty time-based page. Default 'start'. */
	emptyEndTime?: 'start' | 'cutoff' | 'null';
	/** after_cursor of an empty first cursor page. Default 'null'. */
	cursorOnEmptyStart?: 'null' | 'position';
	/** Time-based pages never grow past per_page (end_time == start_time on a crowded second). */
	stuck?: boolean;
	/** Seed of the ticket generator. Default 1. */
	randomSeed?: number;
	/** The user OAuth codes and client_credentials tokens act as. Default admin@example.com. */
	oauthUserEmail?: string;

	// ---- Real-world shapes (README "Real-world shapes"); all off by default ----
	/** Time-based pages have no end_of_stream key. */
	omitEndOfStream?: boolean;
	/** Served generated_timestamp: a number (default), a numeric string, or no key at all. */
	generatedTimestampStyle?: 'number' | 'string' | 'missing';
	/** On a time-based page that is not end_of_stream, end_time = last ticket's second + N. */
	endTimeSkewSeconds?: number;
	/** end_time of an end_of_stream time-based page = 32503680000 (year 3000). */
	futureEndTime?: boolean;
	/** Epoch second of one phantom ticket (id 990001) served on every time page; 0: off. */
	futureRowSeconds?: number;
	/** Cut time pages from every ticket, then drop what the query filters out (end_time stays). */
	filterAfterPaging?: boolean;
	/** Ticket field ids the ticket fields list leaves out, as if deleted. */
	deletedTicketFieldIds?: number[];
	/** Each time-based request is answered with the exact body of the previous time-based answer. */
	replayPreviousPage?: boolean;
	/** Every time-based request gets the first page served after the switch, end_of_stream false. */
	sameTimePageForEveryStart?: boolean;
	/** Cursor pages repeat the same tickets, after_cursor flipping between two values, never ending. */
	alternatingCursors?: boolean;
	/** A 401 body quotes the credential back: details "token <secret> for <email>", access_token. */
	echoSecretsIn401?: boolean;

	// ---- Ticket events, users and organizations (README "Ticket events, users and organizations") ----
	/** Extra end-users (ids from 10001) seeded at start and on reset. Fixed at start. Default 0. */
	seedUsers?: number;
	/** Extra organizations (ids from 3101) seeded at start and on reset. Fixed at start. Default 0. */
	seedOrganizations?: number;
	/** Seeded tickets get a creation audit (and an update audit when updated). Fixed at start. */
	seedTicketEvents?: boolean;
	/** The users cursor export's own window per rateWindowMs. Default 20; 0 = the export budget. */
	usersCursorExportLimitPerWindow?: number;
	/** Comment child `via`: an object (default), a string, null, or string/object alternating. */
	commentViaStyle?: 'object' | 'string' | 'null' | 'mixed';
	/** Every audit carries `merged_ticket_ids: []`. Default false (the key is absent). */
	includeMergedTicketIds?: boolean;
	/** Every audit ends with a Notification or SlaTargetChange child a consumer must ignore. */
	unknownChildEvents?: boolean;
	/** 'key-per-field' (default, as observed) or the legacy field_name/value/previous_value shape. */
	changeEventStyle?: 'key-per-field' | 'field-name';
	/** A soft delete makes a Change of status to "deleted" (default, our guess) or no event. */
	deletedTicketEvents?: 'status-change' | 'none';
	/**
	 * Ticket metric events (metric-events.js). 'written' (default): a breach event is listed when the
	 * SLA is applied, its `time` ahead; 'due': listed only at its time.
	 */
	slaBreachListing?: 'written' | 'due';
	/** 'in-place' (default): a met target flips `deleted` where the breach is listed; 'relisted': listed again at the fulfilment. */
	slaWithdrawal?: 'in-place' | 'relisted';
	/** Metric events per page. Default 100. */
	metricEventsPageSize?: number;
}
