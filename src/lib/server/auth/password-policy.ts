import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';

// What a new password must be, after the CNIL's recommendation on passwords (délibération
// n° 2022-100 du 21 juillet 2022, "cas n° 2": a password with a restriction of access to the
// account, here the growing delays of rate-limit.ts, needs an entropy of at least 50 bits) and
// ANSSI's "Recommandations relatives à l'authentification multifacteur et aux mots de passe"
// (2021: length first, no composition rule beyond it, refuse known and guessable passwords).
// So: at least 50 bits by the CNIL's count (length × log2 of the alphabet used: 11 lower-case
// letters, or 10 mixing letters and digits), AND not guessable by zxcvbn (score 3 of 4 at least:
// dictionaries of common passwords, French and English words, first names and surnames, keyboard
// walks, repeats, sequences, dates), nor made of the person's own name or e-mail.

export const PASSWORD_MIN_ENTROPY_BITS = 50;
export const PASSWORD_MIN_SCORE = 3;

let factory: ZxcvbnFactory | null = null;
function estimator(): ZxcvbnFactory {
	factory ??= new ZxcvbnFactory({
		dictionary: { ...common.dictionary, ...fr.dictionary },
		graphs: common.adjacencyGraphs,
		translations: fr.translations
	});
	return factory;
}

/** The CNIL's entropy: length × log2(size of the alphabets the password draws from). */
export function cnilEntropyBits(password: string): number {
	const chars = [...password];
	let alphabet = 0;
	if (chars.some((c) => /[a-z]/.test(c))) alphabet += 26;
	if (chars.some((c) => /[A-Z]/.test(c))) alphabet += 26;
	if (chars.some((c) => /[0-9]/.test(c))) alphabet += 10;
	if (chars.some((c) => /[^a-zA-Z0-9]/.test(c) && c.charCodeAt(0) < 128)) alphabet += 33;
	// Accented and other letters: counted as one more alphabet of the French accents.
	if (chars.some((c) => c.charCodeAt(0) >= 128)) alphabet += 16;
	return alphabet ? chars.length * Math.log2(alphabet) : 0;
}

/** Null when the password may be used; otherwise why not, in French, to show beside the field. */
export function passwordProblem(password: string, personal: { email?: string; displayName?: string } = {}): string | null {
	if (cnilEntropyBits(password) < PASSWORD_MIN_ENTROPY_BITS) {
		return 'Mot de passe trop simple : allongez-le (12 caractères ou plus) ou mêlez lettres, chiffres et signes.';
	}
	const lower = password.toLowerCase();
	const local = personal.email?.split('@')[0]?.toLowerCase();
	const words = [local, ...(personal.displayName?.toLowerCase().split(/\s+/) ?? [])].filter((w): w is string => !!w && w.length >= 4);
	if (words.some((w) => lower.includes(w))) return 'Mot de passe refusé : il contient votre nom ou votre adresse e-mail.';
	const result = estimator().check(password, ['tablee', 'tablée', 'departement', 'département', ...words]);
	if (result.score < PASSWORD_MIN_SCORE) {
		const hint = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, '')})` : '';
		return `Mot de passe trop facile à deviner${hint} : choisissez par exemple quatre mots sans lien entre eux.`;
	}
	return null;
}
