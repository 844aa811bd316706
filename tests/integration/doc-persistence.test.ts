import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, getNotes } from '../../src/lib/docs/board.ts';
import { appendUpdate, loadDocState, writeSnapshot } from '../../src/lib/server/docs/doc-persistence.ts';
import { setupDb } from '../helpers/db.ts';

let ctx: Awaited<ReturnType<typeof setupDb>>;
beforeEach(async () => {
	ctx = await setupDb();
});
afterEach(async () => {
	await ctx.close();
});

function noteUpdate(doc: Y.Doc, id: string, text: string): Uint8Array {
	let update: Uint8Array | null = null;
	const capture = (u: Uint8Array) => (update = u);
	doc.on('update', capture);
	addNote(doc, { id, text, column: 'atouts', position: 0, colour: 'jaune', createdAt: 1 });
	doc.off('update', capture);
	return update!;
}

describe('durable doc storage (SQLite)', () => {
	it('loads an unknown doc as empty', async () => {
		const { doc, lastUpdateId, logLength } = await loadDocState(ctx.db, 'board:1');
		expect(getNotes(doc)).toEqual([]);
		expect(lastUpdateId).toBe(0);
		expect(logLength).toBe(0);
	});

	it('gives back every appended update, in order', async () => {
		const writer = new Y.Doc();
		for (let i = 0; i < 5; i++) await appendUpdate(ctx.db, 'board:1', noteUpdate(writer, `n${i}`, `note ${i}`));
		const { doc, logLength } = await loadDocState(ctx.db, 'board:1');
		expect(getNotes(doc).map((n) => n.text).sort()).toEqual(['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
		expect(logLength).toBe(5);
	});

	it('compacts the log into a snapshot without losing updates appended after it', async () => {
		const writer = new Y.Doc();
		let last = 0;
		for (let i = 0; i < 3; i++) last = await appendUpdate(ctx.db, 'board:1', noteUpdate(writer, `a${i}`, `avant ${i}`));
		const loaded = await loadDocState(ctx.db, 'board:1');
		await appendUpdate(ctx.db, 'board:1', noteUpdate(writer, 'late', 'arrivée pendant la compaction'));
		await writeSnapshot(ctx.db, 'board:1', Y.encodeStateAsUpdate(loaded.doc), last);

		const left = await ctx.db.selectFrom('doc_updates').select('id').where('doc_name', '=', 'board:1').execute();
		expect(left).toHaveLength(1);
		const again = await loadDocState(ctx.db, 'board:1');
		expect(getNotes(again.doc).map((n) => n.text)).toContain('arrivée pendant la compaction');
		expect(getNotes(again.doc)).toHaveLength(4);
	});

	it('keeps docs apart', async () => {
		const writer = new Y.Doc();
		await appendUpdate(ctx.db, 'board:1', noteUpdate(writer, 'x', 'table 1'));
		const { doc } = await loadDocState(ctx.db, 'board:2');
		expect(getNotes(doc)).toEqual([]);
	});
});
