import type { Kysely } from 'kysely';

/**
 * Moves a row one place up or down among its siblings (same scope, not archived) by swapping
 * positions with its neighbour. Returns false when it is already first or last.
 */
export async function moveRow(
	db: Kysely<any>,
	table: 'workshops' | 'boards',
	scopeColumn: 'project_id' | 'workshop_id',
	id: number,
	direction: 'up' | 'down'
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom(table).select(['id', 'position', scopeColumn]).where('id', '=', id).executeTakeFirst();
		if (!row) return false;
		const neighbour = await trx
			.selectFrom(table)
			.select(['id', 'position'])
			.where(scopeColumn, '=', row[scopeColumn])
			.where('archived_at', 'is', null)
			.where('position', direction === 'up' ? '<' : '>', row.position)
			.orderBy('position', direction === 'up' ? 'desc' : 'asc')
			.limit(1)
			.executeTakeFirst();
		if (!neighbour) return false;
		await trx.updateTable(table).set({ position: neighbour.position }).where('id', '=', row.id).execute();
		await trx.updateTable(table).set({ position: row.position }).where('id', '=', neighbour.id).execute();
		return true;
	});
}

export async function nextPosition(
	db: Kysely<any>,
	table: 'workshops' | 'boards',
	scopeColumn: 'project_id' | 'workshop_id',
	scope: number
): Promise<number> {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.max('position').as('max'))
		.where(scopeColumn, '=', scope)
		.executeTakeFirst();
	return row?.max == null ? 0 : Number(row.max) + 1;
}
