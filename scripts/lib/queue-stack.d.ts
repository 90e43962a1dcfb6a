/** Types for queue-stack.js (and the servers of queue-servers.js). Behaviour: see the .js files. */
import type { N8nInstall, N8nInstance } from './n8n-harness';

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	database: string;
	password: string;
	dataDir: string;
	pid: number;
	psql(sql: string, database?: string): Promise<string>;
	stop(): Promise<void>;
}

export interface RedisServer {
	host: string;
	port: number;
	pid: number;
	stop(): Promise<void>;
}

export class QueueStack {
	constructor(options: {
		n8n: N8nInstall;
		baseDir: string;
		workers?: number;
		env?: Record<string, string>;
	});
	baseDir: string;
	pg: PostgresServer | null;
	redis: RedisServer | null;
	main: N8nInstance | null;
	workers: N8nInstance[];
	startServices(): Promise<void>;
	n8nEnv(): Record<string, string>;
	prepareN8n(tarball: string): Promise<N8nInstance>;
	startN8n(): Promise<void>;
	workerRunning(executionId: string): number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	rows<T = any>(sql: string): Promise<T[]>;
	redisCli(...args: string[]): Promise<string>;
	describe(): Record<string, unknown>;
	stop(): Promise<void>;
}
