import { describe, expect, it } from 'vitest';
import { recapBefore } from './recap';

const columns = [
	{ id: 'atouts', label: 'Atouts' },
	{ id: 'problematiques', label: 'Problématiques' }
];

describe('recapBefore', () => {
	it('[ROT9] counts the notes written before the rotation started, not only earlier rounds', () => {
		const notes = [
			...Array.from({ length: 9 }, () => ({ column: 'atouts' })),
			...Array.from({ length: 5 }, () => ({ column: 'problematiques' })),
			{ column: 'atouts', round: 1 },
			{ column: 'problematiques', round: 1 },
			{ column: 'atouts', round: 2 }
		];
		expect(recapBefore(notes, 2, columns)).toEqual([
			{ label: 'Atouts', n: 10 },
			{ label: 'Problématiques', n: 6 }
		]);
		expect(recapBefore(notes, 1, columns)).toBeNull();
		expect(recapBefore([{ column: 'atouts', round: 2 }], 2, columns)).toBeNull();
	});
});
