// A département's own words for the suggestions ("Vocabulaire du territoire" in the project's
// settings): a short text file, one line per concept, on top of the thesaurus (thesaurus.ts).
//
//   # a comment
//   transports : Rézo Pouce, TAD, ligne 118
//   saisonniers (Emplois saisonniers ; insertion) : saisonnier, tourisme, station de ski
//
// The first form adds words to a concept of the thesaurus; the second creates a concept with its
// label and its field (a key of FIELDS). An entry with a space, a hyphen or an apostrophe is an
// expression, any other a word (matched by stem: plurals and feminine forms follow).

import * as v from 'valibot';
import { compileVocabulary, type ConceptSpec, type Vocabulary } from './french-text.ts';
import { FIELDS, THESAURUS } from './thesaurus.ts';

/** Bounds of the file: a department's additions, not a second thesaurus. */
export const VOCABULARY_LIMITS = { chars: 20_000, lines: 200, entriesPerLine: 100 } as const;

const entrySchema = v.pipe(v.string(), v.trim(), v.minLength(2, 'un mot fait au moins 2 caractères'), v.maxLength(60, 'un mot ou une expression fait au plus 60 caractères'));

const lineSchema = v.object({
	id: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{1,39}$/, 'l’identifiant s’écrit en minuscules sans accents ni espaces (ex. : saisonniers)')),
	label: v.optional(v.pipe(v.string(), v.trim(), v.minLength(2, 'le libellé est trop court'), v.maxLength(60, 'le libellé fait au plus 60 caractères'))),
	field: v.optional(v.picklist(Object.keys(FIELDS), `domaine inconnu (domaines possibles : ${Object.keys(FIELDS).join(', ')})`)),
	entries: v.pipe(v.array(entrySchema), v.minLength(1, 'aucun mot après « : »'), v.maxLength(VOCABULARY_LIMITS.entriesPerLine, `au plus ${VOCABULARY_LIMITS.entriesPerLine} mots par ligne`))
});

export type VocabularyParse = { ok: true; specs: Record<string, ConceptSpec>; vocabulary: Vocabulary; concepts: number } | { ok: false; message: string };

const LINE = /^([^:(]+?)\s*(?:\(([^;)]*)(?:;([^)]*))?\))?\s*:\s*(.*)$/;

/** Reads a vocabulary file: the thesaurus with the file's words and concepts, or a French message naming the line. */
export function parseProjectVocabulary(text: string): VocabularyParse {
	if (text.length > VOCABULARY_LIMITS.chars) return { ok: false, message: `Le vocabulaire dépasse ${VOCABULARY_LIMITS.chars.toLocaleString('fr-FR')} caractères.` };
	const lines = text.split(/\r?\n/);
	const specs: Record<string, ConceptSpec> = Object.fromEntries(Object.entries(THESAURUS).map(([id, c]) => [id, { ...c, phrases: [...(c.phrases ?? [])] }]));
	let count = 0;
	for (const [i, raw] of lines.entries()) {
		const line = raw.trim();
		if (!line || line.startsWith('#')) continue;
		if (++count > VOCABULARY_LIMITS.lines) return { ok: false, message: `Au plus ${VOCABULARY_LIMITS.lines} lignes de vocabulaire.` };
		const where = `Ligne ${i + 1}`;
		const m = LINE.exec(line);
		if (!m) return { ok: false, message: `${where} : écrivez « notion : mot, expression » ou « notion (Libellé ; domaine) : mots ».` };
		const parsed = v.safeParse(lineSchema, {
			id: m[1].trim(),
			label: m[2]?.trim() || undefined,
			field: m[3]?.trim() || undefined,
			entries: m[4].split(',').map((e) => e.trim()).filter(Boolean)
		});
		if (!parsed.success) return { ok: false, message: `${where} : ${parsed.issues[0].message}.` };
		const { id, label, field, entries } = parsed.output;
		const existing = specs[id];
		if (!existing && (!label || !field))
			return { ok: false, message: `${where} : « ${id} » n’est pas une notion du thésaurus ; pour la créer, donnez son libellé et son domaine : ${id} (Libellé ; domaine) : mots.` };
		const spec: ConceptSpec = existing ?? { label: label!, field: field!, words: '', phrases: [] };
		if (existing && label) spec.label = label;
		if (existing && field) spec.field = field;
		const words = entries.filter((e) => !/[\s'’-]/.test(e));
		const phrases = entries.filter((e) => /[\s'’-]/.test(e));
		specs[id] = { ...spec, words: [spec.words, ...words].filter(Boolean).join(' '), phrases: [...(spec.phrases ?? []), ...phrases] };
	}
	try {
		return { ok: true, specs, vocabulary: compileVocabulary(specs), concepts: count };
	} catch (e) {
		// compileVocabulary names the word and the two concepts: say it in French.
		const message = e instanceof Error ? e.message : '';
		const m = /"(.+)" is in #(\w+) and #(\w+)/.exec(message);
		if (m) return { ok: false, message: `« ${m[1]} » est déjà dans la notion « ${m[2]} » : un mot ne peut appartenir qu’à une notion (retirez-le de « ${m[3]} »).` };
		// A facet ("transports") stays in its topic's field ("mobilite"): moving one of them alone is refused.
		const f = /#(\w+) cannot detail #(\w+)/.exec(message);
		if (f) return { ok: false, message: `La notion « ${f[1]} » détaille « ${f[2]} » : les deux restent dans le même domaine (changez le domaine des deux ou d’aucune).` };
		return { ok: false, message: 'Vocabulaire illisible.' };
	}
}
