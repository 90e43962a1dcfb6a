/**
 * Who allocates in n8n while the trigger polls: V8's sampling heap profiler over a stretch of the
 * backfill, counting objects already collected too (garbage is what grows the heap), each sample
 * put on the innermost package on its stack. Answers "how much of n8n's memory is this node".
 */
import { inspectorCall, round, type N8n } from './scale-lib';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children: ProfileNode[];
}
interface SamplingProfile {
	head: ProfileNode;
	samples: Array<{ size: number; nodeId: number }>;
}

export interface AllocationShare {
	seconds: number;
	allocatedMiB: number;
	/** Bytes whose stack passes through this package's code (its own work and what it calls). */
	throughThisNodeMiB: number;
	/** MiB by the innermost package on the stack ("n8n-nodes-zendesk-export" is this node). */
	byPackageMiB: Record<string, number>;
	/** The largest allocating functions: "package | function file:line". */
	topFunctionsMiB: Record<string, number>;
}

const THIS_PACKAGE = 'n8n-nodes-zendesk-export';

function packageOf(url: string): string | null {
	if (!url) return null;
	if (url.includes(THIS_PACKAGE)) return THIS_PACKAGE;
	const packages = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/g);
	if (packages) return packages[packages.length - 1].replace('node_modules/', '');
	return url.startsWith('node:') ? url : null;
}

export async function allocationShare(n8n: N8n, seconds: number): Promise<AllocationShare | null> {
	const answer = await inspectorCall(n8n, [
		{ method: 'HeapProfiler.enable' },
		{
			method: 'HeapProfiler.startSampling',
			params: {
				samplingInterval: 32_768,
				includeObjectsCollectedByMajorGC: true,
				includeObjectsCollectedByMinorGC: true,
			},
		},
		{ method: 'pause', params: { ms: seconds * 1000 } },
		{ method: 'HeapProfiler.stopSampling' },
	]);
	const profile = answer?.profile as SamplingProfile | undefined;
	if (!profile) return null;
	const parentOf = new Map<number, ProfileNode | null>();
	const nodeOf = new Map<number, ProfileNode>();
	const walk = (node: ProfileNode, parent: ProfileNode | null) => {
		nodeOf.set(node.id, node);
		parentOf.set(node.id, parent);
		for (const child of node.children) walk(child, node);
	};
	walk(profile.head, null);
	const byPackage = new Map<string, number>();
	const byFunction = new Map<string, number>();
	let all = 0;
	let throughThisNode = 0;
	for (const sample of profile.samples) {
		all += sample.size;
		const stack: ProfileNode[] = [];
		for (let n = nodeOf.get(sample.nodeId); n; n = parentOf.get(n.id) ?? undefined) stack.push(n);
		const frame = stack.find((n) => packageOf(n.callFrame.url));
		const pkg = frame ? (packageOf(frame.callFrame.url) as string) : 'unknown';
		const where = frame
			? `${frame.callFrame.functionName || '(anonymous)'} ${frame.callFrame.url.split('/').slice(-2).join('/')}:${frame.callFrame.lineNumber}`
			: '';
		byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + sample.size);
		byFunction.set(`${pkg} | ${where}`, (byFunction.get(`${pkg} | ${where}`) ?? 0) + sample.size);
		if (stack.some((n) => n.callFrame.url.includes(THIS_PACKAGE))) throughThisNode += sample.size;
	}
	const inMiB = (entries: Map<string, number>, top: number) =>
		Object.fromEntries(
			[...entries]
				.sort((a, b) => b[1] - a[1])
				.slice(0, top)
				.map(([key, bytes]) => [key, round(bytes / 2 ** 20, 1)]),
		);
	return {
		seconds,
		allocatedMiB: round(all / 2 ** 20, 1),
		throughThisNodeMiB: round(throughThisNode / 2 ** 20, 1),
		byPackageMiB: inMiB(byPackage, 12),
		topFunctionsMiB: inMiB(byFunction, 12),
	};
}
