import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum recommended cost (19 MiB, 2 passes).
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
	try {
		return await verify(hashed, password);
	} catch {
		return false;
	}
}

// Verified against when the e-mail is unknown, so that a wrong e-mail and a wrong password take
// the same time and answer the same message.
let dummy: Promise<string> | null = null;
export async function verifyAgainstDummy(password: string): Promise<void> {
	dummy ??= hash('tablee-dummy-password', OPTIONS);
	await verifyPassword(await dummy, password);
}
