import * as v from 'valibot';
import { normaliseJoinCode } from './join-code.ts';
import { BOARD_TEMPLATE_VALUES, PROJECT_ROLE_VALUES, WORKSHOP_PHASE_VALUES } from './vocabulary.ts';
import { FICHE_SORTS, FICHE_STATUS_VALUES } from './fiche.ts';

// Every input that crosses a boundary (form, JSON body, URL parameter) is parsed by one of these
// schemas; their messages are shown to users as they are, so they are in French.

/** French names of fields, for the messages valibot writes itself (a missing field, a wrong type). */
const FIELD_LABELS: Record<string, string> = {
	name: 'Votre nom',
	organisation: 'Votre structure',
	code: 'Code',
	displayName: 'Nom',
	email: 'Adresse e-mail',
	password: 'Mot de passe',
	title: 'Titre',
	theme: 'Thème',
	template: 'Modèle',
	phase: 'Phase',
	role: 'Rôle',
	periodStart: 'Début de la période',
	periodEnd: 'Fin de la période',
	departement: 'Département',
	territory: 'Direction de territoire',
	note: 'Contribution',
	text: 'Texte',
	column: 'Colonne',
	type: 'Type de commande',
	id: 'Identifiant',
	noteId: 'Identifiant de contribution'
};

// Whatever a schema does not say itself is said in French rather than in valibot's English.
v.setGlobalMessage((issue) => {
	const key = issue.path?.length ? String(issue.path[issue.path.length - 1].key) : '';
	const label = FIELD_LABELS[key] ?? key;
	if (issue.kind === 'schema' && issue.received === 'undefined' && label) return `${label} : champ obligatoire.`;
	if (issue.kind === 'schema' && !issue.path?.length) return 'Données invalides : un objet avec les champs attendus est nécessaire.';
	return label ? `${label} : valeur invalide.` : 'Valeur invalide.';
});

// Characters that show nothing but change how text reads or compares: bidi overrides and
// isolates (which can display "gpj.exe" as "exe.jpg"), zero-width spaces and joiners, the soft
// hyphen, invisible fillers, the byte-order mark and Unicode tags. Removed from every text a
// person types (names, organisations, titles, notes), so two names that look alike are alike.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g;
// C0 and C1 control characters (NUL, escape, ...), line and paragraph separators.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/g;

/**
 * A one-line text as typed → what is stored: NFC (an "é" typed as e + accent equals "é"),
 * invisible characters removed, tabs, line breaks and other control characters turned into spaces
 * (runs of spaces made one).
 */
export function cleanLine(s: string): string {
	return s.normalize('NFC').replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Same for a text that may hold line breaks (a note): CR LF and CR become LF, the rest as cleanLine. */
export function cleanMultiline(s: string): string {
	return s.normalize('NFC').replace(INVISIBLE, '').replace(/\r\n?/g, '\n').replace(CONTROL_BUT_NEWLINE, ' ').trim();
}

const text = (label: string, max: number, min = 1) =>
	v.pipe(
		v.string(`${label} : texte attendu.`),
		v.transform(cleanLine),
		v.minLength(min, min === 1 ? `${label} : champ obligatoire.` : `${label} : au moins ${min} caractères.`),
		v.maxLength(max, `${label} : ${max} caractères au maximum.`)
	);

const optionalText = (label: string, max: number) =>
	v.pipe(v.optional(v.string(), ''), v.transform(cleanLine), v.maxLength(max, `${label} : ${max} caractères au maximum.`));

export const email = v.pipe(
	v.string('Adresse e-mail : texte attendu.'),
	v.trim(),
	v.toLowerCase(),
	v.minLength(1, 'Adresse e-mail : champ obligatoire.'),
	v.maxLength(254, 'Adresse e-mail trop longue.'),
	v.email("Adresse e-mail invalide : vérifiez qu'elle est de la forme nom@domaine.fr.")
);

export const PASSWORD_MIN = 10;
/** What the server's policy asks (src/lib/server/auth/password-policy.ts), said beside the field. */
export const PASSWORD_HINT = '12 caractères ou plus, ou 10 en mêlant lettres et chiffres ; ni mot de passe courant, ni suite simple, ni votre nom';
export const passwordSchema = v.pipe(
	v.string('Mot de passe : texte attendu.'),
	v.minLength(PASSWORD_MIN, `Mot de passe trop court : ${PASSWORD_MIN} caractères au minimum.`),
	v.maxLength(256, 'Mot de passe trop long : 256 caractères au maximum.')
);

export const personName = text('Nom', 80);

export const signupSchema = v.object({
	displayName: personName,
	email,
	password: passwordSchema
});

export const loginSchema = v.object({
	email,
	password: v.pipe(v.string('Mot de passe : texte attendu.'), v.minLength(1, 'Mot de passe : champ obligatoire.'))
});

const year = (label: string) =>
	v.pipe(
		v.union([v.string(), v.number()], `${label} : année attendue.`),
		v.transform((x) => (typeof x === 'number' ? x : Number(String(x).trim()))),
		v.number(`${label} : année attendue.`),
		v.integer(`${label} : année attendue (par exemple 2022).`),
		v.minValue(2000, `${label} : année entre 2000 et 2100.`),
		v.maxValue(2100, `${label} : année entre 2000 et 2100.`)
	);

export const projectSchema = v.pipe(
	v.object({
		name: text('Nom du projet', 120),
		departement: text('Département', 80),
		territory: text('Direction de territoire', 120),
		periodStart: year('Début de la période'),
		periodEnd: year('Fin de la période')
	}),
	v.check((p) => p.periodEnd > p.periodStart, 'La fin de la période doit suivre son début (par exemple 2022-2028).'),
	v.check((p) => p.periodEnd - p.periodStart <= 12, 'Période trop longue : 12 ans au maximum.')
);

export const axisSchema = v.object({
	code: v.pipe(
		v.string('Code de l’axe : texte attendu.'),
		v.trim(),
		v.toUpperCase(),
		v.regex(/^[A-Z]{2,8}$/, 'Code de l’axe : 2 à 8 lettres sans accent (par exemple INS).')
	),
	label: text('Intitulé de l’axe', 80)
});

export const axesSchema = v.pipe(
	v.array(axisSchema),
	v.minLength(1, 'Au moins un axe est nécessaire.'),
	v.maxLength(20, '20 axes au maximum.'),
	v.check((axes) => new Set(axes.map((a) => a.code)).size === axes.length, 'Deux axes ont le même code.')
);

export const memberSchema = v.object({
	email,
	role: v.picklist(PROJECT_ROLE_VALUES, 'Rôle inconnu.')
});

export const memberRoleSchema = v.object({
	userId: v.pipe(v.string(), v.transform(Number), v.integer('Membre inconnu.')),
	role: v.picklist(PROJECT_ROLE_VALUES, 'Rôle inconnu.')
});

export const workshopSchema = v.object({
	title: text("Titre de l'atelier", 120),
	date: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		// The day must exist: Date.parse would roll 2026-02-31 over to 3 March.
		v.check((d) => d === '' || (/^\d{4}-\d{2}-\d{2}$/.test(d) && isRealDay(d)), 'Date invalide.')
	),
	place: optionalText('Lieu', 160),
	phase: v.picklist(WORKSHOP_PHASE_VALUES, 'Phase inconnue.')
});

export const boardSchema = v.object({
	theme: text('Thème de la table', 120),
	template: v.picklist(BOARD_TEMPLATE_VALUES, 'Modèle de table inconnu.')
});

export const joinSchema = v.object({
	code: v.pipe(
		v.string('Code : texte attendu.'),
		v.transform((c) => normaliseJoinCode(c)),
		v.string('Code invalide : il compte 6 caractères, lettres et chiffres (par exemple K7M 2PQ).')
	),
	name: text('Votre nom', 60),
	organisation: text('Votre structure', 100)
});

export const idParam = v.pipe(
	v.string(),
	v.regex(/^\d{1,12}$/, 'Identifiant invalide.'),
	v.transform(Number)
);

/** Until when a public restitution link works: a day from today to a year ahead, to the end of that day (Paris). */
export const publicLinkSchema = v.object({
	until: v.pipe(
		v.string('Date de fin : champ obligatoire.'),
		v.trim(),
		v.check((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && isRealDay(d), 'Date de fin invalide.'),
		v.transform((d) => Date.parse(`${d}T23:59:59+01:00`)),
		v.check((t) => t > Date.now(), 'Date de fin : choisissez aujourd’hui ou un jour à venir.'),
		v.check((t) => t <= Date.now() + 366 * 24 * 3600_000, 'Date de fin : un an au plus.')
	)
});

function isRealDay(iso: string): boolean {
	const t = Date.parse(`${iso}T00:00:00Z`);
	return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso;
}

export type ParseResult<T> =
	| { ok: true; data: T }
	| { ok: false; message: string; fields: Record<string, string> };

/** Parses with a schema; on failure returns the first message and one message per field. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown): ParseResult<v.InferOutput<S>> {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, data: result.output };
	const fields: Record<string, string> = {};
	for (const issue of result.issues) {
		const key = v.getDotPath(issue) ?? '';
		if (key && !(key in fields)) fields[key] = issue.message;
	}
	return { ok: false, message: result.issues[0].message, fields };
}

/** FormData → plain object of strings (the last value wins for repeated keys). */
export function formToObject(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, val] of form.entries()) if (typeof val === 'string') out[k] = val;
	return out;
}

// ---- Fiches-actions ----

export const ficheStatusSchema = v.object({
	status: v.picklist(FICHE_STATUS_VALUES, 'Statut inconnu.'),
	reason: v.pipe(v.optional(v.string(), ''), v.transform(cleanLine), v.maxLength(300, 'Raison : 300 caractères au maximum.'))
});

export const ficheAxisSchema = v.object({
	axis: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.toUpperCase(),
		v.check((a) => a === '' || /^[A-Z]{2,8}$/.test(a), 'Axe inconnu.')
	)
});

export const ficheInviteSchema = v.object({
	name: text('Nom du co-rédacteur', 60),
	organisation: text('Structure', 100)
});

export const ficheListSchema = v.object({
	statut: v.optional(v.picklist(FICHE_STATUS_VALUES, 'Statut inconnu.')),
	axe: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2,8}$/, 'Axe inconnu.'))),
	q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, 'Recherche : 200 caractères au maximum.'))),
	tri: v.optional(v.picklist(FICHE_SORTS, 'Tri inconnu.')),
	ordre: v.optional(v.picklist(['asc', 'desc'], 'Ordre inconnu.'))
});
