'use strict';
/**
 * N8nInstance: one n8n process (N8nProcess) and the client a test drives it with: REST with the
 * owner's login cookie, the public API with an API key, workflows, executions, activation
 * failures, static data and the durable poll cursor.
 */

const fs = require('node:fs');
const path = require('node:path');
const { OWNER, run, sleep } = require('./basics.js');
const { N8nProcess } = require('./n8n-process.js');

class N8nInstance extends N8nProcess {
	constructor(options) {
		super(options);
		this.cookie = null;
		this.apiKey = null;
	}

	async request(method, urlPath, { body, headers = {}, auth = 'cookie', timeoutMs = 60_000 } = {}) {
		const h = { accept: 'application/json', ...headers };
		if (body !== undefined) h['content-type'] = 'application/json';
		if (auth === 'cookie' && this.cookie) h.cookie = this.cookie;
		if (auth === 'apiKey' && this.apiKey) h['x-n8n-api-key'] = this.apiKey;
		// n8n 2.x rejects cookie-authenticated writes without the browser-id header it binds the
		// session to; any stable value works for a non-browser client.
		h['browser-id'] = 'zendesk-export-e2e';
		const res = await fetch(`${this.url}${urlPath}`, {
			method,
			headers: h,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, text, json };
	}

	async rest(method, urlPath, body) {
		return await this.request(method, `/rest${urlPath}`, { body, auth: 'cookie' });
	}

	async api(method, urlPath, body) {
		return await this.request(method, `/api/v1${urlPath}`, { body, auth: 'apiKey' });
	}

	static cookieFrom(res) {
		const setCookie =
			typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		return auth ?? null;
	}

	/** Creates the owner on a fresh instance, or logs in when it exists. Keeps the login cookie. */
	async ensureOwner(owner = OWNER) {
		let res = await this.request('POST', '/rest/owner/setup', { body: owner, auth: 'none' });
		for (let tries = 0; tries < 60 && res.text.includes('starting up'); tries++) {
			await sleep(500);
			res = await this.request('POST', '/rest/owner/setup', { body: owner, auth: 'none' });
		}
		if (res.status !== 200) {
			const body =
				this.n8n.major >= 2
					? { emailOrLdapLoginId: owner.email, password: owner.password }
					: { email: owner.email, emailOrLdapLoginId: owner.email, password: owner.password };
			res = await this.request('POST', '/rest/login', { body, auth: 'none' });
		}
		const cookie = N8nInstance.cookieFrom(res);
		if (res.status !== 200 || !cookie) {
			throw new Error(
				`could not set up or log in the owner: ${res.status} ${res.text.slice(0, 500)}`,
			);
		}
		this.cookie = cookie;
		return owner;
	}

	/** A public-API key for the owner, with every scope the owner may grant. */
	async ensureApiKey() {
		if (this.apiKey) return this.apiKey;
		const scopesRes = await this.rest('GET', '/api-keys/scopes');
		const scopes = Array.isArray(scopesRes.json?.data) ? scopesRes.json.data : undefined;
		const body = { label: `e2e-${Date.now()}`, expiresAt: null };
		if (scopes) body.scopes = scopes;
		const res = await this.rest('POST', '/api-keys', body);
		const key = res.json?.data?.rawApiKey ?? res.json?.data?.apiKey;
		if (res.status !== 200 || !key)
			throw new Error(`could not create an API key: ${res.status} ${res.text.slice(0, 500)}`);
		this.apiKey = key;
		return key;
	}

	async getWorkflow(id) {
		const res = await this.api('GET', `/workflows/${id}`);
		if (res.status !== 200)
			throw new Error(`GET workflow ${id}: ${res.status} ${res.text.slice(0, 300)}`);
		return res.json;
	}

	/**
	 * The trigger node's static data, as saved in the database: the workflow's staticData, or, with
	 * 2.x's opt-in durable poll cursors (N8N_POLLER_DURABLE_CURSORS_ENABLED), the poller_state row.
	 */
	async nodeStaticData(workflowId, nodeName) {
		const wf = await this.getWorkflow(workflowId);
		let staticData = wf.staticData;
		if (typeof staticData === 'string') staticData = JSON.parse(staticData);
		const inWorkflow = staticData?.[`node:${nodeName}`];
		if (inWorkflow) return inWorkflow;
		const node = (wf.nodes ?? []).find((n) => n.name === nodeName);
		return node && this.n8n.major >= 2 ? await this.durableCursor(workflowId, node.id) : null;
	}

	/** Reads poller_state with n8n's own sqlite3 module (built for n8n's Node, so in a child process). */
	async durableCursor(workflowId, nodeId) {
		const sqlite3 = path.join(this.n8n.dir, 'node_modules', 'sqlite3');
		if (!fs.existsSync(this.dbFile) || !fs.existsSync(sqlite3)) return null;
		const script = [
			'const s = require(process.argv[1]);',
			'const db = new s.Database(process.argv[2], s.OPEN_READONLY);',
			'db.get("select cursor from poller_state where workflowId = ? and nodeId = ?", [process.argv[3], process.argv[4]],',
			'  (e, r) => { process.stdout.write(e || !r ? "null" : String(r.cursor)); db.close(); });',
		].join('\n');
		const result = await run(this.n8n.nodeBin, [
			'-e',
			script,
			sqlite3,
			this.dbFile,
			workflowId,
			nodeId,
		]);
		if (result.code !== 0) return null;
		try {
			const cursor = JSON.parse(result.stdout);
			return typeof cursor === 'string' ? JSON.parse(cursor) : cursor;
		} catch {
			return null;
		}
	}

	/** Creates a workflow through the public API (what the editor's save does); returns its id. */
	async createWorkflow(doc) {
		const body = {
			name: doc.name,
			nodes: doc.nodes,
			connections: doc.connections,
			settings: doc.settings,
		};
		const res = await this.api('POST', '/workflows', body);
		if (res.status !== 200 || !res.json?.id) {
			throw new Error(`POST /workflows: ${res.status} ${res.text.slice(0, 500)}`);
		}
		doc.id = res.json.id;
		return res.json.id;
	}

	async activate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/activate`, {});
	}

	async deactivate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/** Every execution of a workflow (oldest first), with data when includeData. */
	async executions(workflowId, { includeData = true, status } = {}) {
		const all = [];
		let cursor;
		for (;;) {
			const qs = new URLSearchParams({
				workflowId,
				limit: '100',
				includeData: String(includeData),
			});
			if (status) qs.set('status', status);
			if (cursor) qs.set('cursor', cursor);
			const res = await this.api('GET', `/executions?${qs}`);
			if (res.status !== 200)
				throw new Error(`GET executions: ${res.status} ${res.text.slice(0, 300)}`);
			all.push(...res.json.data);
			cursor = res.json.nextCursor;
			if (!cursor) break;
		}
		return all.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Activation errors n8n holds for a workflow (what the editor shows on the trigger). */
	async activationError(workflowId) {
		const res = await this.rest('GET', `/active-workflows/error/${workflowId}`);
		return res.json?.data ?? null;
	}

	/**
	 * Why the trigger of an active workflow is not running, or null when nothing failed.
	 * 2.x activates asynchronously (the publication outbox) and keeps the reason per trigger node
	 * in its publication status; 1.x keeps an activation error per workflow.
	 */
	async activationFailure(workflowId) {
		if (this.n8n.major >= 2) {
			const res = await this.rest('GET', `/workflows/${workflowId}/publication-status`);
			const status = res.json?.data ?? res.json;
			const failed = (status?.triggers ?? []).filter((t) => t.status === 'failed');
			if (failed.length)
				return { status: status.status, message: failed.map((t) => t.errorMessage).join(' | ') };
			const legacy = await this.activationError(workflowId);
			return legacy ? { status: status?.status ?? 'error', message: String(legacy) } : null;
		}
		const legacy = await this.activationError(workflowId);
		return legacy ? { status: 'error', message: String(legacy) } : null;
	}

	async publicationStatus(workflowId) {
		const res = await this.rest('GET', `/workflows/${workflowId}/publication-status`);
		return res.json?.data ?? res.json ?? null;
	}

	async testCredential(credential) {
		return await this.rest('POST', '/credentials/test', { credentials: credential });
	}
}

module.exports = { N8nInstance };
