/** Types for n8n-harness.js, so the TypeScript e2e tests can use it. Behaviour: see the .js file. */

export const REPO_ROOT: string;
export const PACKAGE_NAME: string;
export const NODE_TYPE: string;
export const VERSIONS: Readonly<Record<1 | 2, string>>;
export const OWNER: Readonly<{
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}>;
export const ENCRYPTION_KEY: string;

export function sleep(ms: number): Promise<void>;
export function log(...args: unknown[]): void;
export function tail(text: string, lines: number): string;
export function run(
	cmd: string,
	args: string[],
	options?: Record<string, unknown>,
): Promise<{ code: number; stdout: string; stderr: string }>;
export function freePort(): Promise<number>;
export function selectMajor(value?: string): 1 | 2;

export interface N8nInstall {
	major: 1 | 2;
	version: string;
	nodeBin: string;
	n8nBin: string;
	dir: string;
	/** True when this call installed it (no .installed marker before). */
	cold: boolean;
	waitedForOtherInstall: boolean;
	ms: number;
}
export function ensureN8n(
	major?: 1 | 2,
	options?: { waitForOtherInstallMs?: number },
): Promise<N8nInstall>;
export function buildAndPack(
	stateDir: string,
	options?: { attempts?: number; retryDelayMs?: number },
): Promise<string>;
export function installPackage(userFolder: string, tarball: string): Promise<string>;

export interface HttpAnswer {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

export interface CredentialDoc {
	id: string;
	name: string;
	type: 'zendeskExportApi' | 'zendeskExportOAuth2Api';
	data: Record<string, unknown>;
}

export interface WorkflowDoc {
	id: string;
	name: string;
	active: boolean;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Execution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt: string | null;
	workflowId: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	data?: any;
}

export class N8nInstance {
	constructor(options: {
		n8n: N8nInstall;
		userFolder: string;
		env?: Record<string, string>;
		/** 'start' (default): a main; 'worker': `n8n worker`, ready when its log says so. */
		command?: 'start' | 'worker';
	});
	n8n: N8nInstall;
	command: 'start' | 'worker';
	userFolder: string;
	port: number | null;
	cookie: string | null;
	apiKey: string | null;
	logFile: string;
	starts: number;
	readyMs?: number;
	startedAtMs?: number;
	child: { pid?: number } | null;
	readonly url: string;
	readonly dbFile: string;
	env(): Promise<Record<string, string>>;
	cli(
		args: string[],
		options?: { allowFailure?: boolean },
	): Promise<{ code: number; output: string }>;
	importCredentials(credentials: CredentialDoc[]): Promise<{ code: number; output: string }>;
	importWorkflows(workflows: WorkflowDoc[]): Promise<{ code: number; output: string }>;
	publishWithCli(workflowId: string): Promise<{ code: number; output: string }>;
	start(options?: { timeoutMs?: number }): Promise<number>;
	kill(signal?: NodeJS.Signals): Promise<void>;
	stop(options?: { graceMs?: number }): Promise<void>;
	log(): string;
	request(
		method: string,
		path: string,
		options?: {
			body?: unknown;
			headers?: Record<string, string>;
			auth?: 'cookie' | 'apiKey' | 'none';
			timeoutMs?: number;
		},
	): Promise<HttpAnswer>;
	rest(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
	api(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
	ensureOwner(owner?: {
		email: string;
		firstName: string;
		lastName: string;
		password: string;
	}): Promise<unknown>;
	ensureApiKey(): Promise<string>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	getWorkflow(id: string): Promise<any>;
	nodeStaticData(workflowId: string, nodeName: string): Promise<Record<string, unknown> | null>;
	durableCursor(workflowId: string, nodeId: string): Promise<Record<string, unknown> | null>;
	createWorkflow(doc: WorkflowDoc): Promise<string>;
	activate(workflowId: string): Promise<HttpAnswer>;
	deactivate(workflowId: string): Promise<HttpAnswer>;
	executions(
		workflowId: string,
		options?: { includeData?: boolean; status?: string },
	): Promise<Execution[]>;
	activationError(workflowId: string): Promise<unknown>;
	activationFailure(workflowId: string): Promise<{ status: string; message: string } | null>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	publicationStatus(workflowId: string): Promise<any>;
	testCredential(credential: {
		id: string;
		name: string;
		type: string;
		data?: Record<string, unknown>;
	}): Promise<HttpAnswer>;
}

export interface StandInRequest {
	at: string;
	method: string;
	path: string;
	query: Record<string, string>;
	auth: 'basic' | 'bearer' | 'none';
	user: string | null;
	status: number;
	endpoint: string;
	fault?: string;
}

export interface StandInControl {
	call(method: string, urlPath: string, body?: unknown): Promise<any>;
	now(): Promise<number>;
	clock(): Promise<{ now: number; cutoff: number }>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	createTickets(input?: Record<string, unknown>): Promise<any[]>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	updateTicket(id: number, input?: Record<string, unknown>): Promise<any>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	deleteTicket(id: number, input?: Record<string, unknown>): Promise<any>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	getTicket(id: number): Promise<any>;
	truth(): Promise<
		Array<{ id: number; generated_timestamp: number; status: string; updated_at: string }>
	>;
	requests(): Promise<StandInRequest[]>;
	clearRequests(): Promise<unknown>;
	faults(faults: Array<Record<string, unknown>>): Promise<unknown>;
	clearFaults(): Promise<unknown>;
	config(changes?: Record<string, unknown>): Promise<unknown>;
	issueOAuthTokens(input?: Record<string, unknown>): Promise<{
		access_token: string;
		refresh_token: string;
		token_type: string;
		scope: string;
		expires_in: number;
		refresh_token_expires_in: number;
	}>;
	stats(): Promise<unknown>;
}
export function standInControl(baseUrl: string): StandInControl;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function triggerItems(execution: Execution, nodeName: string): any[];
export function executionError(
	execution: Execution,
): { message?: string; description?: string; httpCode?: string; name?: string } | null;
export function makeId(prefix: string): string;
export function uuid(): string;
export function apiTokenCredential(options: {
	id?: string;
	name?: string;
	baseUrl: string;
	email?: string;
	apiToken?: string;
	subdomain?: string;
}): CredentialDoc;
export function oauth2Credential(options: {
	id?: string;
	name?: string;
	baseUrl: string;
	grantType?: 'authorizationCode' | 'clientCredentials';
	clientId?: string;
	clientSecret?: string;
	tokenData?: Record<string, unknown>;
	subdomain?: string;
}): CredentialDoc;
export function triggerWorkflow(options: {
	id?: string;
	name?: string;
	cron?: string;
	parameters?: Record<string, unknown>;
	credential: { id: string; name: string; type: string };
	extraNodes?: Array<Record<string, unknown>>;
	triggerName?: string;
}): WorkflowDoc;
export function cronAtSecond(second: number): string;
