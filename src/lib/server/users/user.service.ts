import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { AppError } from '../errors.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/password.ts';
import { frenchDelay, throttles } from '../auth/rate-limit.ts';

export async function findUserByEmail(db: Db, email: string) {
	return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

/** Creates a facilitator account; the first account of the instance becomes its administrator. */
export async function signUp(db: Db, input: { displayName: string; email: string; password: string }) {
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (trx) => {
		const existing = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
		if (existing) throw new AppError('conflict', 'Un compte existe déjà avec cette adresse e-mail. Connectez-vous.');
		const count = await trx.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		const user = await trx
			.insertInto('users')
			.values({
				email: input.email,
				display_name: input.displayName,
				password_hash: passwordHash,
				is_admin: Number(count.n) === 0 ? 1 : 0,
				created_at: now()
			})
			.returning(['id', 'email', 'display_name', 'is_admin'])
			.executeTakeFirstOrThrow();
		return user;
	});
}

/**
 * Checks an e-mail and password. Failures slow down the next attempt per (address, account) and
 * per address, never per account alone: someone elsewhere cannot keep the owner out by failing on
 * purpose. A success from an address clears both of its counters (a venue behind one NAT).
 * A wrong e-mail and a wrong password give the same answer, in the same time.
 */
export async function authenticate(db: Db, input: { email: string; password: string }, ip: string) {
	const { loginByIpAccount, loginByIp } = throttles();
	const pair = `${ip}|${input.email}`;
	const wait = Math.max(loginByIpAccount.retryAfter(pair), loginByIp.retryAfter(ip));
	if (wait > 0) {
		throw new AppError('rate_limited', `Trop de tentatives de connexion. Réessayez dans ${frenchDelay(wait)}.`, wait);
	}
	const user = await findUserByEmail(db, input.email);
	const ok = user?.password_hash
		? await verifyPassword(user.password_hash, input.password)
		: (await verifyAgainstDummy(input.password), false);
	if (!user || !ok) {
		loginByIpAccount.fail(pair);
		loginByIp.fail(ip);
		throw new AppError('unauthenticated', 'Adresse e-mail ou mot de passe incorrect.');
	}
	loginByIpAccount.succeed(pair);
	loginByIp.succeed(ip);
	return user;
}
