'use strict';
/** Small HTTP helpers and the fixed Zendesk error bodies shared by the stand-in's modules. */

const crypto = require('node:crypto');

const ERR_AUTH = Object.freeze({ error: "Couldn't authenticate you" });
const ERR_INVALID_TOKEN = Object.freeze({
	error: 'invalid_token',
	error_description:
		'The access token provided is expired, revoked, malformed or invalid for other reasons.',
});
const ERR_FORBIDDEN = Object.freeze({
	error: {
		title: 'Forbidden',
		message:
			'You do not have access to this page. Please contact the account owner of this help desk for further help.',
	},
});
const ERR_SCOPE = Object.freeze({
	error: 'Forbidden',
	description: 'You are missing the following required scopes: read',
});
const ERR_INVALID_GRANT = Object.freeze({
	error: 'invalid_grant',
	error_description:
		'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
});
const ERR_INVALID_CLIENT = Object.freeze({
	error: 'invalid_client',
	error_description:
		'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
});

/**
 * Writes one answer. `body` is an object (sent as JSON) or a string (sent as is). ctx.headers are
 * the headers collected on the way (rate limits); `headers` wins over them.
 */
function send(ctx, status, body, headers = {}) {
	const { res } = ctx;
	if (res.headersSent || res.destroyed) return;
	let text = typeof body === 'string' ? body : JSON.stringify(body);
	// A "truncated" fault: a well-framed 200 whose JSON stops half way.
	if (ctx.truncate) {
		text = text.slice(0, Math.floor(text.length / 2));
		status = 200;
	}
	const buf = Buffer.from(text);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': buf.length,
		...ctx.headers,
		...headers,
	});
	res.end(buf);
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** JSON or application/x-www-form-urlencoded, whichever the body is. */
function parseBody(text, contentType) {
	if (!text) return {};
	if (/json/i.test(contentType || '') || /^\s*[{[]/.test(text)) {
		try {
			return JSON.parse(text);
		} catch {
			return null;
		}
	}
	return Object.fromEntries(new URLSearchParams(text));
}

function randomToken(bytes = 24) {
	return crypto.randomBytes(bytes).toString('hex');
}

function encodeCursor(dir, gts, id) {
	return Buffer.from(`${dir}|${gts}|${id}`).toString('base64');
}

function decodeCursor(raw) {
	const m = /^([ab])\|(-?\d+)\|(\d+)$/.exec(Buffer.from(raw, 'base64').toString('utf8'));
	return m ? { dir: m[1], gts: Number(m[2]), id: Number(m[3]) } : null;
}

module.exports = {
	send,
	readBody,
	parseBody,
	randomToken,
	encodeCursor,
	decodeCursor,
	ERR_AUTH,
	ERR_INVALID_TOKEN,
	ERR_FORBIDDEN,
	ERR_SCOPE,
	ERR_INVALID_GRANT,
	ERR_INVALID_CLIENT,
};
