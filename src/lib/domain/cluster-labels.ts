// Labels for suggested groups that a facilitator can keep: a short French noun phrase made from
// the group's concept and the wording its notes share ("Isolement des personnes âgées",
// "Mobilité : transports en commun"), never a list of stems. Pure; the facilitator renames freely.

import { analyse, DEFAULT_VOCABULARY, foldAccents, stemFrench, type Concept, type Term, type Vocabulary } from './french-text.ts';

/** Longest label proposed (the board's cluster titles are short). */
export const MAX_LABEL_LENGTH = 60;

/** A note and its terms as `analyse(text, { keepWords: true })` gives them. */
export interface NoteTerms {
	text: string;
	terms: Term[];
}

function capitalise(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
	// Keep acronyms and proper nouns at the start of a label part ("PMI et périnatalité").
	return /^\p{Lu}{2}/u.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1);
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** The note's text cut at a word boundary, for groups that share no concept and no word. */
export function shortenText(text: string, max = 50): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	if (clean.length <= max) return clean.replace(/[\s,;:.\-–]+$/, '');
	const cut = clean.slice(0, max + 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : clean.slice(0, max)).replace(/[\s,;:.\-–]+$/, '')}…`;
}

/** In how many notes each key appears, and the surface forms it was written with. */
interface Tally {
	notes: number;
	mentions: number;
	/** Sum over the notes of the key's first position among the kept terms (earlier: the subject). */
	positions: number;
	forms: string[];
}

function tally(notes: NoteTerms[], keep: (t: Term) => boolean): Map<string, Tally> {
	const out = new Map<string, Tally>();
	for (const note of notes) {
		const seen = new Set<string>();
		let position = 0;
		for (const t of note.terms) {
			if (!keep(t)) continue;
			const entry = out.get(t.key) ?? { notes: 0, mentions: 0, positions: 0, forms: [] };
			if (!seen.has(t.key)) {
				entry.notes++;
				entry.positions += position;
			}
			position++;
			seen.add(t.key);
			entry.mentions++;
			entry.forms.push(t.surface);
			out.set(t.key, entry);
		}
	}
	return out;
}

/** The most frequent form (ties: shortest, then alphabetical). */
function mostFrequent(forms: string[]): string {
	const count = new Map<string, number>();
	for (const f of forms) count.set(f, (count.get(f) ?? 0) + 1);
	return [...count].sort((x, y) => y[1] - x[1] || x[0].length - y[0].length || compare(x[0], y[0]))[0][0];
}

/**
 * A label for a group of notes. Rules, first that applies:
 * 1. a topic concept most notes name, with the public most notes name: "Isolement des personnes âgées";
 * 2. two topic concepts of one field most notes name: "Numérique et accès aux droits";
 * 3. the topic with an expression or acronym most notes use: "Mobilité : transports en commun";
 * 4. the topic alone: "Soutien aux aidants"; or the public alone: "Jeunes";
 * 5. no concept: the word most notes share, with its neighbour when most notes have it ("Piscines municipales");
 * 6. nothing shared: the most central note, shortened.
 * `central` is the index of the note most similar to the others (default: the first).
 */
export function labelGroup(texts: string[], options: { vocabulary?: Vocabulary; central?: number } = {}): string {
	const vocabulary = options.vocabulary ?? DEFAULT_VOCABULARY;
	return labelAnalysed(
		texts.map((text) => ({ text, terms: analyse(text, { keepWords: true, vocabulary }) })),
		{ vocabulary, central: options.central }
	);
}

/** `labelGroup` for notes already analysed (the clustering has their terms). */
export function labelAnalysed(notes: NoteTerms[], options: { vocabulary?: Vocabulary; central?: number } = {}): string {
	const vocabulary = options.vocabulary ?? DEFAULT_VOCABULARY;
	const texts = notes.map((n) => n.text);
	const k = notes.length;
	const half = Math.max(2, Math.ceil(k / 2));
	const conceptOf = (key: string): Concept | undefined => vocabulary.concepts.get(key);
	const concepts = tally(notes, (t) => t.kind === 'concept' && conceptOf(t.key) !== undefined);
	// The field the group is about: the one its notes name most (publics count less; a facet's
	// implied parent is not a second mention of its field).
	const fieldWeight = new Map<string, number>();
	for (const [key, c] of tally(notes, (t) => t.kind === 'concept' && !t.implied && conceptOf(t.key) !== undefined)) {
		const concept = conceptOf(key)!;
		fieldWeight.set(concept.field, (fieldWeight.get(concept.field) ?? 0) + c.notes * (concept.public ? 0.4 : 1));
	}
	const ranked = [...concepts]
		.filter(([, c]) => c.notes >= half)
		.sort((x, y) => {
			const cx = conceptOf(x[0])!;
			const cy = conceptOf(y[0])!;
			return (
				y[1].notes - x[1].notes ||
				(fieldWeight.get(cy.field) ?? 0) - (fieldWeight.get(cx.field) ?? 0) ||
				y[1].mentions - x[1].mentions ||
				compare(x[0], y[0])
			);
		});
	const topics = ranked.filter(([key]) => !conceptOf(key)!.public);
	const publics = ranked.filter(([key]) => conceptOf(key)!.public);
	const fits = (label: string) => label.length <= MAX_LABEL_LENGTH;
	// The concept's label, with the wording most notes use when it says more than the label: an
	// expression or an acronym ("transports en commun", "MDPH"), never a single common word.
	const withWording = (concept: Concept, key: string, entry: Tally): string => {
		const wordings = entry.forms.filter((f) => f.includes(' ') || /^\p{Lu}{2,}$/u.test(f));
		if (wordings.length === 0) return concept.label;
		const wording = mostFrequent(wordings);
		const usedBy = notes.filter((n) => n.terms.some((t) => t.key === key && t.surface === wording)).length;
		const folded = foldAccents(wording);
		const name = foldAccents(concept.label);
		if (usedBy < half || name.includes(folded) || folded.includes(name)) return concept.label;
		// An expression that repeats a word of the label ("permis de conduire" for "Permis et
		// véhicule") is the label as people write it; another one details it ("Mobilité : transports en commun").
		const stems = (s: string) => foldAccents(s).split(/[^a-z0-9]+/).filter((w) => w.length > 3).map(stemFrench);
		const labelStems = new Set(stems(concept.label));
		if (stems(wording).some((w) => labelStems.has(w))) return fits(wording) ? capitalise(wording) : concept.label;
		const label = `${concept.label} : ${wording}`;
		return fits(label) ? label : concept.label;
	};

	if (topics.length > 0) {
		// A facet most notes name says more than its parent ("Transports en commun", not "Mobilité").
		// (Only when every note that names the parent names that facet and no other: "Pas de bus" and
		// "Permis trop cher" stay "Mobilité".)
		const facets = [...concepts].filter(([key]) => conceptOf(key)!.parent === topics[0][0]);
		const facet = facets.length === 1 && facets[0][1].notes >= topics[0][1].notes ? facets[0] : undefined;
		const [mainKey, main] = facet ?? topics[0];
		const topic = conceptOf(mainKey)!;
		// "Isolement des personnes âgées", but not "Jeunes en rupture des jeunes": a topic of the
		// public's own field already says who.
		if (publics.length > 0 && conceptOf(publics[0][0])!.field !== topic.field) {
			const label = `${topic.label} ${conceptOf(publics[0][0])!.public}`;
			if (fits(label)) return label;
		}
		const sibling = topics.find(([key]) => key !== mainKey && key !== topic.parent && conceptOf(key)!.parent !== mainKey && conceptOf(key)!.field === topic.field);
		if (sibling) {
			const other = conceptOf(sibling[0])!.label;
			// "Logement" and "Logement indigne": the more specific one says both.
			if (foldAccents(other).includes(foldAccents(topic.label))) return other;
			if (foldAccents(topic.label).includes(foldAccents(other))) return topic.label;
			const label = `${topic.label} et ${lowerFirst(other)}`;
			if (label.length <= 45) return label;
		}
		// A topic of another field that every note names says what the group is about too
		// ("Recrutement et maintien à domicile", "Emploi et modes de garde").
		const other = topics.find(([key, c]) => c.notes === k && conceptOf(key)!.field !== topic.field && !conceptOf(key)!.parent);
		if (other && main.notes === k) {
			const second = conceptOf(other[0])!.label;
			const label = `${topic.label} et ${lowerFirst(second)}`;
			if (!/ et /.test(topic.label) && !/ et /.test(second) && label.length <= 45) return label;
		}
		return withWording(topic, mainKey, main);
	}
	if (publics.length > 0) return withWording(conceptOf(publics[0][0])!, publics[0][0], publics[0][1]);

	// No concept: the word most notes share, with the word that follows it in most of them
	// ("piscines municipales"), as written.
	const words = [...tally(notes, (t) => t.kind !== 'concept')]
		.filter(([, c]) => c.notes >= half)
		.sort((x, y) => y[1].notes - x[1].notes || y[1].mentions - x[1].mentions || x[1].positions - y[1].positions || compare(x[0], y[0]));
	if (words.length > 0) {
		const [key, entry] = words[0];
		const next = new Map<string, string[]>();
		for (const note of notes) {
			const plain = note.terms.filter((t) => t.kind !== 'concept');
			const seen = new Set<string>();
			for (let i = 0; i + 1 < plain.length; i++) {
				if (plain[i].key !== key || seen.has(plain[i + 1].key)) continue;
				seen.add(plain[i + 1].key);
				next.set(plain[i + 1].key, [...(next.get(plain[i + 1].key) ?? []), `${plain[i].surface} ${plain[i + 1].surface}`]);
			}
		}
		const pair = [...next].filter(([, forms]) => forms.length >= half).sort((x, y) => y[1].length - x[1].length || compare(x[0], y[0]))[0];
		const label = capitalise(pair ? mostFrequent(pair[1]) : mostFrequent(entry.forms));
		if (fits(label)) return label;
	}
	const central = Math.min(Math.max(0, options.central ?? 0), k - 1);
	return capitalise(shortenText(texts[central] ?? ''));
}
