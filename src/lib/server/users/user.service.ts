import type { Db } from '../db/database.ts';
import { now } from '../clock.ts';
import { AppError } from '../errors.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/password.ts';
import { frenchDelay, throttles } from '../auth/rate-limit.ts';
import { passwordProblem } from '../auth/password-policy.ts';

export async function findUserByEmail(db: Db, email: string) {
	return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

/** Sign-up is closed unless OPEN_SIGNUP=1: accounts come from the administrator's invitation links. */
export function isSignupOpen(env: NodeJS.ProcessEnv = process.env): boolean {
	return env.OPEN_SIGNUP === '1';
}

/**
 * Creates a facilitator account when sign-up is open (OPEN_SIGNUP=1); the first account of an
 * instance with no administrator becomes its administrator. The password must pass the policy
 * (auth/password-policy.ts). An address that already has an account gets the same answer as any
 * other refusal, never "this address has an account".
 */
export async function signUp(db: Db, input: { displayName: string; email: string; password: string }, ip: string) {
	if (!isSignupOpen()) throw new AppError('forbidden', SIGNUP_CLOSED);
	const bucket = throttles().signupsByIp;
	const wait = await bucket.retryAfter(ip);
	if (wait > 0) throw new AppError('rate_limited', `Trop de demandes de compte depuis cette connexion. Réessayez dans ${frenchDelay(wait)}.`, wait);
	await bucket.take(ip);
	const problem = passwordProblem(input.password, input);
	if (problem) throw new AppError('invalid', problem);
	const passwordHash = await hashPassword(input.password);
	return db.transaction().execute(async (trx) => {
		const existing = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
		if (existing) throw new AppError('invalid', SIGNUP_REFUSED);
		const admin = await trx.selectFrom('users').select('id').where('is_admin', '=', 1).executeTakeFirst();
		const user = await trx
			.insertInto('users')
			.values({
				email: input.email,
				display_name: input.displayName,
				password_hash: passwordHash,
				is_admin: admin ? 0 : 1,
				created_at: now()
			})
			.returning(['id', 'email', 'display_name', 'is_admin'])
			.executeTakeFirstOrThrow();
		return user;
	});
}

export const SIGNUP_CLOSED = 'Les inscriptions sont fermées sur cette instance : demandez un lien d’invitation à son administrateur.';
const SIGNUP_REFUSED = 'Impossible de créer ce compte. Si vous avez déjà un compte, connectez-vous ; mot de passe oublié : demandez un lien de réinitialisation à l’administrateur.';

/**
 * Checks an e-mail and password. Failures slow down the next attempt per (address, account) and
 * per address, never per account alone: someone elsewhere cannot keep the owner out by failing on
 * purpose. A success from an address clears both of its counters (a venue behind one NAT).
 * A wrong e-mail and a wrong password give the same answer, in the same time.
 */
export async function authenticate(db: Db, input: { email: string; password: string }, ip: string) {
	const { loginByIpAccount, loginByIp } = throttles();
	const pair = `${ip}|${input.email}`;
	const wait = Math.max(await loginByIpAccount.retryAfter(pair), await loginByIp.retryAfter(ip));
	if (wait > 0) {
		throw new AppError('rate_limited', `Trop de tentatives de connexion. Réessayez dans ${frenchDelay(wait)}.`, wait);
	}
	const user = await findUserByEmail(db, input.email);
	const ok = user?.password_hash
		? await verifyPassword(user.password_hash, input.password)
		: (await verifyAgainstDummy(input.password), false);
	if (!user || !ok) {
		await loginByIpAccount.fail(pair);
		await loginByIp.fail(ip);
		throw new AppError('unauthenticated', 'Adresse e-mail ou mot de passe incorrect.');
	}
	await loginByIpAccount.succeed(pair);
	await loginByIp.succeed(ip);
	return user;
}
