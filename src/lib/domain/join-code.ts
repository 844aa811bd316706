// Join codes are read aloud in a room and typed on phones: 6 characters from an alphabet
// without the look-alikes O/0, I/1/L, so nobody hesitates over a character.
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

/** `random` returns a float in [0, 1): injected so tests can make codes reproducible. */
export function generateJoinCode(random: () => number = secureRandom): string {
	let code = '';
	for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
		code += JOIN_CODE_ALPHABET[Math.floor(random() * JOIN_CODE_ALPHABET.length)];
	}
	return code;
}

/**
 * What a person typed → the canonical code, or null when it cannot be one.
 * Accepts lower case, spaces and dashes ("abc 234", "ABC-234").
 */
export function normaliseJoinCode(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s\-_.]/g, '');
	if (code.length !== JOIN_CODE_LENGTH) return null;
	for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
	return code;
}

/** "ABC234" → "ABC 234", easier to read on a projector. */
export function formatJoinCode(code: string): string {
	return `${code.slice(0, 3)} ${code.slice(3)}`;
}

function secureRandom(): number {
	const buf = new Uint32Array(1);
	crypto.getRandomValues(buf);
	return buf[0] / 2 ** 32;
}
