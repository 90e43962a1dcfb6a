/**
 * A small HTTP client for the stand-in's own tests: one stand-in per test (closed after it), its
 * answers read as status, headers, JSON body and raw text.
 */
import { startStandIn, type StandIn, type StandInOptions } from '../zendesk-stand-in/server';

/** `any`: the tests read deep into answers and check them field by field. */
export type Json = Record<string, any>;

export interface Reply {
	status: number;
	headers: Headers;
	body: Json;
	text: string;
}

export const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
export const ADMIN = basic('admin@example.com/token', 'admin-api-token');

/** Status, headers, the body as JSON ({} when it is not JSON) and as text. */
export async function reply(res: Response): Promise<Reply> {
	const text = await res.text();
	let body: Json = {};
	try {
		body = JSON.parse(text) as Json;
	} catch {
		body = {};
	}
	return { status: res.status, headers: res.headers, body, text };
}

export const ids = (r: Reply): number[] => r.body.tickets.map((t: { id: number }) => t.id);

/** Registers the per-test stand-in; `start` merges its options over `defaults`. */
export function standInPerTest(defaults: StandInOptions = {}) {
	let current: StandIn | undefined;
	afterEach(async () => {
		await current?.close();
		current = undefined;
	});
	const started = (): StandIn => {
		if (!current) throw new Error('stand-in not started');
		return current;
	};
	const url = (p: string): string => (p.startsWith('http') ? p : `${started().url}${p}`);
	return {
		start: async (options: StandInOptions = {}): Promise<StandIn> =>
			(current = await startStandIn({ ...defaults, ...options })),
		started,
		url,
		get: async (p: string, authorization: string | null = ADMIN): Promise<Reply> =>
			reply(await fetch(url(p), { headers: authorization ? { authorization } : {} })),
		control: async (method: string, p: string, body?: unknown): Promise<Reply> =>
			reply(
				await fetch(url(`/__control/${p}`), {
					method,
					headers: { 'content-type': 'application/json' },
					body: body === undefined ? undefined : JSON.stringify(body),
				}),
			),
	};
}
