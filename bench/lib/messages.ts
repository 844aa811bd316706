// Messages between the orchestrator (bench/sync.ts) and its load-generator workers.
import type { WriteRecord } from './writer.ts';

export interface ClientSpec {
	/** Participant index in the phase (0..n-1). */
	idx: number;
	cookie: string;
	cursor: boolean;
	/** Echo awareness like a browser's stock provider. */
	echo: boolean;
	write: boolean;
	move: boolean;
}

export interface WindowStats {
	cpuMs: number;
	eldP50: number;
	eldP99: number;
	eldMax: number;
	awarenessPerClient: number[];
}

export interface StormSocket {
	tCreate: number;
	tOpen: number;
	tFirst: number;
	tStep2: number;
	bytes: number;
	tokens: number;
	error: string | null;
}

export type ToWorker =
	| { type: 'setup'; url: string; docName: string; clients: ClientSpec[]; timeoutMs: number }
	| {
			type: 'start';
			url: string;
			boardId: number;
			n: number;
			t0: number;
			durationMs: number;
			windowStart: number;
			windowEnd: number;
			notesPerSecond: number;
			moveEveryMs: number;
			cursorHz: number;
	  }
	| { type: 'collect'; expected: string[]; writerOf: Record<string, number>; timeoutMs: number }
	| { type: 'storm'; url: string; docName: string; cookies: string[]; startAt: number; timeoutMs: number; ws?: boolean }
	| { type: 'teardown' }
	| { type: 'exit' };

export interface ClientReport {
	idx: number;
	messages: number;
	updates: number;
	bytesIn: number;
	awarenessMsgs: number;
	awarenessEntries: number;
	error: string | null;
	closeCode: number | null;
}

export type FromWorker =
	| { type: 'hello'; pid: number }
	| { type: 'ready'; connectMs: number[]; failed: string[] }
	| { type: 'writes'; records: WriteRecord[]; window: WindowStats | null }
	| { type: 'results'; recv: Record<string, number[]>; missing: Record<string, number>; clients: ClientReport[] }
	| { type: 'stormResult'; sockets: StormSocket[]; cpuMs: number }
	| { type: 'closed' }
	| { type: 'error'; message: string };
