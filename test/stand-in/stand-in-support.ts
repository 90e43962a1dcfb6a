/**
 * Shared by the stand-in's own tests (ticket-exports, export-options, auth, control-faults-cli):
 * a fresh stand-in per test on a free port, and the few calls they all make.
 */
import type { Ticket } from '../zendesk-stand-in/server';
import { basic, reply, standInPerTest, type Json, type Reply } from '../helpers/stand-in-client';

export const AGENT = basic('agent@example.com/token', 'agent-api-token');
export const CLIENT = { client_id: 'n8n-client', client_secret: 'n8n-client-secret' };
export const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';
export const bearer = (token: string) => `Bearer ${token}`;

/** Call at a test file's top level: each test starts its own stand-in, closed after it. */
export function standInUnderTest() {
	const { start, started, url, get, control } = standInPerTest({ port: 0 });

	async function postToken(form: Record<string, string>, authorization?: string): Promise<Reply> {
		const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
		if (authorization) headers.authorization = authorization;
		return reply(
			await fetch(url('/oauth/tokens'), {
				method: 'POST',
				headers,
				body: new URLSearchParams(form),
			}),
		);
	}

	async function now(): Promise<number> {
		return (await control('GET', 'now')).body.now;
	}

	async function createAt(atSeconds: number, count = 1, extra: Json = {}): Promise<Ticket[]> {
		return (await control('POST', 'tickets', { count, atSeconds, ...extra })).body.tickets;
	}

	return { start, started, url, get, control, postToken, now, createAt };
}
