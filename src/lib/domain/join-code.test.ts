import { describe, expect, it } from 'vitest';
import { formatJoinCode, generateJoinCode, JOIN_CODE_ALPHABET, normaliseJoinCode } from './join-code.ts';
import { seededRandom as seeded } from '../testing/seeded-random.ts';


describe('join codes', () => {
	it('are 6 characters with no look-alikes (O/0, I/1/L)', () => {
		const random = seeded(42);
		for (let i = 0; i < 2000; i++) {
			const code = generateJoinCode(random);
			expect(code).toMatch(/^[A-Z2-9]{6}$/);
			expect(code).not.toMatch(/[O0I1L]/);
		}
	});

	it('use the whole alphabet (no character is never drawn)', () => {
		const random = seeded(7);
		const seen = new Set<string>();
		for (let i = 0; i < 500; i++) for (const ch of generateJoinCode(random)) seen.add(ch);
		expect([...seen].sort().join('')).toBe([...JOIN_CODE_ALPHABET].sort().join(''));
	});

	it('are reproducible from the random source', () => {
		expect(generateJoinCode(seeded(1))).toBe(generateJoinCode(seeded(1)));
	});

	it('accept what people type: lower case, spaces, dashes', () => {
		expect(normaliseJoinCode('k7m 2pq')).toBe('K7M2PQ');
		expect(normaliseJoinCode(' K7M-2PQ ')).toBe('K7M2PQ');
		expect(normaliseJoinCode('k7m_2p.q')).toBe('K7M2PQ');
	});

	it('refuse wrong lengths and characters outside the alphabet', () => {
		expect(normaliseJoinCode('K7M2P')).toBeNull();
		expect(normaliseJoinCode('K7M2PQR')).toBeNull();
		expect(normaliseJoinCode('K0M2PQ')).toBeNull(); // zero
		expect(normaliseJoinCode('KOM2PQ')).toBeNull(); // letter O
		expect(normaliseJoinCode('K1M2PQ')).toBeNull();
		expect(normaliseJoinCode('KÉM2PQ')).toBeNull();
		expect(normaliseJoinCode('')).toBeNull();
	});

	it('are shown in two groups of three', () => {
		expect(formatJoinCode('K7M2PQ')).toBe('K7M 2PQ');
	});
});
