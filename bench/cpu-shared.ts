/**
 * What the CPU children (cpu.ts for tickets, cpu-events.ts for ticket events) share: fetching a
 * page from the stand-in as a string with its headers, n8n's poll context answering from memory,
 * the randomised rounds, and the priority. Nothing here runs on import.
 */
import { getPriority, setPriority } from 'node:os';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { ZendeskExportTrigger } from '../nodes/ZendeskExportTrigger/ZendeskExportTrigger.node';
import { ADMIN_EMAIL, ADMIN_TOKEN, BASIC_AUTH } from './lib';

export const PARSE = 'bare JSON.parse';

export const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** One export answer as the node's HTTP helper hands it over: the body string and the headers. */
export interface Answer {
	body: string;
	headers: Record<string, string>;
	origin: string;
}

/** GETs `path?query` from a running stand-in, as the node's admin credential. */
export async function fetchAnswer(
	origin: string,
	path: string,
	query: Record<string, string>,
): Promise<Answer> {
	const response = await fetch(`${origin}${path}?${new URLSearchParams(query)}`, {
		headers: { authorization: BASIC_AUTH },
	});
	if (response.status !== 200) throw new Error(`The stand-in answered ${response.status}`);
	const headers: Record<string, string> = {};
	response.headers.forEach((value, key) => {
		headers[key] = value;
	});
	return { body: await response.text(), headers, origin };
}

const noop = () => undefined;

/**
 * Just enough of n8n's poll context for the node; the answer comes from memory, whatever was
 * asked. `parameters` are the node's (Trigger On, Event, the options collections), on top of the
 * API-token credential, Start From = 2000-01-01 and Simplify off.
 */
export function memoryContext(answer: Answer, parameters: IDataObject) {
	let staticData: IDataObject = {};
	const all: IDataObject = {
		authentication: 'apiToken',
		startFrom: 'date',
		startDate: '2000-01-01T00:00:00Z',
		// Raw items: this context answers every request with the one page, and Simplify (on by
		// default) also asks for the ticket fields or the users by id, which it cannot answer.
		simplify: false,
		...parameters,
	};
	const node = {
		id: 'bench',
		name: 'Zendesk Export Trigger',
		type: 'n8n-nodes-zendesk-export.zendeskExportTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: all,
	};
	/** The static data the activation poll saved: every timed run is a tick from there. */
	let activated: IDataObject | undefined;
	const ctx = {
		getNode: () => node,
		getWorkflow: () => ({ id: 'bench', name: 'bench', active: true }),
		getMode: () => 'trigger',
		getActivationMode: () => 'activate',
		getTimezone: () => 'UTC',
		getPollBudgetMs: () => 300_000,
		getNodeParameter: (name: string, fallback?: unknown) => all[name] ?? fallback,
		getCredentials: async () => ({
			subdomain: 'bench',
			email: ADMIN_EMAIL,
			apiToken: ADMIN_TOKEN,
			baseUrl: answer.origin,
		}),
		getWorkflowStaticData: () => staticData,
		logger: { debug: noop, info: noop, warn: noop, error: noop },
		helpers: {
			httpRequestWithAuthentication: async () => ({
				body: answer.body,
				headers: answer.headers,
				statusCode: 200,
				statusMessage: 'OK',
			}),
		},
	};
	return {
		ctx: ctx as unknown as IPollFunctions,
		/**
		 * Publishes once (the activation poll checks access and saves the position), so that every
		 * timed run is a scheduled tick from the same position: the whole page is new.
		 */
		activate: async (trigger: ZendeskExportTrigger) => {
			staticData = {};
			await trigger.poll.call(ctx as unknown as IPollFunctions);
			activated = { ...staticData };
		},
		reset: () => {
			staticData = { ...activated, boundaryKeys: [] };
		},
	};
}

/**
 * Runs each variant once per round, in a new random order every round (so drift and leftover
 * work do not favour one), and returns the times of the rounds after the warmup. `prepare` runs
 * before each variant, untimed, before the forced GC.
 */
export async function rounds(
	variants: Record<string, () => unknown>,
	runs: number,
	warmup: number,
	forceGc: boolean,
	prepare: (name: string) => unknown = () => undefined,
) {
	const names = Object.keys(variants);
	const ms: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
	const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
	const ratio: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
	for (let round = 0; round < warmup + runs; round++) {
		const order = [...names].sort(() => Math.random() - 0.5);
		const roundMs: Record<string, number> = {};
		const roundCpu: Record<string, number> = {};
		for (const name of order) {
			prepare(name);
			if (forceGc) gc();
			const cpu0 = process.cpuUsage();
			const t0 = process.hrtime.bigint();
			await variants[name]();
			roundMs[name] = Number(process.hrtime.bigint() - t0) / 1e6;
			const used = process.cpuUsage(cpu0);
			roundCpu[name] = (used.user + used.system) / 1000;
		}
		if (round < warmup) continue;
		for (const name of names) {
			ms[name].push(roundMs[name]);
			cpu[name].push(roundCpu[name]);
			if (roundMs[PARSE] !== undefined) ratio[name].push(roundMs[name] / roundMs[PARSE]);
		}
	}
	return { names, ms, cpu, ratio };
}

/**
 * On a shared machine the timed runs are otherwise cut by other processes' time slices. A higher
 * priority (where allowed: root, or CAP_SYS_NICE) keeps more of them whole; only this child gets it.
 */
export function raisePriority(): number {
	try {
		setPriority(-10);
	} catch {
		// not allowed: run at the normal priority
	}
	return getPriority();
}
