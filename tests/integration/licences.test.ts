// The licence check behind `npm run licences` (scripts/licences.mjs): every production dependency
// installed here has a licence compatible with Tablée's EUPL-1.2, and the check says no to what is not.
import { describe, expect, it } from 'vitest';
import { allowed, productionLicences } from '../../scripts/licences.mjs';

describe('licences of the production dependencies', () => {
	it('accepts permissive and listed-compatible licences, refuses strong copyleft and unknown ones', () => {
		expect(allowed('MIT')).toBe(true);
		expect(allowed('(BSD-2-Clause OR MIT OR Apache-2.0)')).toBe(true);
		expect(allowed('(MIT OR GPL-3.0-or-later)')).toBe(true);
		expect(allowed('MIT AND GPL-3.0-only')).toBe(false);
		expect(allowed('GPL-3.0-only')).toBe(false);
		expect(allowed('SSPL-1.0')).toBe(false);
		expect(allowed('UNLICENSED')).toBe(false);
	});

	it('finds every installed production dependency under a compatible licence', () => {
		const rows: { name: string; licence: string | null; ok: boolean }[] = productionLicences();
		expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['better-sqlite3', 'yjs', 'kysely', '@sveltejs/kit']));
		expect(rows.filter((r) => !r.ok)).toEqual([]);
	});
});
