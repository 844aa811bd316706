// French text handling for short workshop notes (post-its): tokens, elisions, stop words, a light
// stemmer, acronyms, a domain synonym table (the social-action vocabulary of a département) and
// the fixed expressions of that vocabulary. Pure, dependency-free, runs in the browser and in Node.
//
// Matching works on accent-folded lower-case forms ("mobilite"); every term keeps the words it
// came from so that labels can be shown with their accents ("mobilité").

import { THESAURUS, type ThesaurusConcept } from './thesaurus.ts';

/** One meaningful unit of a note: a stem, an acronym or a domain concept. */
export interface Term {
	/** Matching key: a stem ("log"), an acronym ("rsa") or a concept ("#logement"). */
	key: string;
	/** The words as written (lower-cased, accents kept; acronyms in capitals). */
	surface: string;
	kind: 'stem' | 'acronym' | 'concept';
	/** For a stem or acronym that belongs to a concept: that concept's key. */
	concept?: string;
	/** A facet's parent concept, implied by the facet ("#mobilite" after "#transports"): not a feature of its own. */
	implied?: boolean;
}

/** The compiled vocabulary: the thesaurus, plus a département's own words when it has some. */
export interface Vocabulary {
	/** Concepts by key ("#mobilite"). */
	concepts: ReadonlyMap<string, Concept>;
	/** Concept of each single word's match key. */
	wordConcept: ReadonlyMap<string, string>;
	/** Expressions by the match key of their first word, longest first. */
	phrasesByFirst: ReadonlyMap<string, Phrase[]>;
}

export interface Concept {
	key: string;
	/** Readable French label, used as such in cluster labels. */
	label: string;
	/** The broader field ("@autonomie"), shared by related concepts. */
	field: string;
	/** For a concept that names people: its "des …" form ("des personnes âgées"). */
	public?: string;
	/** For a facet ("#transports"): the broader concept a note naming it names too ("#mobilite"). */
	parent?: string;
}

// ---------------------------------------------------------------------------------------------
// Characters

const APOSTROPHES = /[’‘ʼ`´′]/g;
const DASHES = /[‐‑‒–—―]/g;

/** Lower case without accents or ligatures: "Élève Œuvre" → "eleve oeuvre". */
export function foldAccents(text: string): string {
	return text
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '');
}

// ---------------------------------------------------------------------------------------------
// Stop words (accent-folded surface forms)

const STOP_WORDS_TEXT = `
a à au aux le la les l un une des du de d ce cet cette ces c ça ca ceci cela celui celle ceux celles
mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
quel quelle quels quelles tout toute tous toutes chaque plusieurs certain certaine certains certaines
aucun aucune autre autres meme memes tel telle tels telles divers diverse diverses different differente
differents differentes
dans par pour sur sous avec sans chez entre vers contre depuis pendant avant apres lors selon via
malgre parmi outre envers hors jusque jusqu durant concernant afin aupres pres face quant
et ou mais donc or ni car que qu quand comme si lorsque lorsqu puisque puisqu quoique quoiqu soit
je j tu il ils elle elles on nous vous me m te t se s moi toi lui eux y en qui quoi dont
lequel laquelle lesquels lesquelles duquel auquel auxquels auxquelles
etre est sont etait etaient sera seront serait seraient soient ete etant fut suis es sommes etes
avoir ai as avons avez ont avait avaient aura auront aurait auraient eu eue eus ayant
faire fait faits faite faites font faisant
pouvoir peut peuvent pourrait pourraient pu devoir doit doivent devrait devraient
falloir faut fallait faudrait aller va vont allant
permettre permet permettent permettant mettre met mettent mis mise mises
rester reste restent restant sembler semble semblent apparaitre apparait apparaissent apparu apparue
apparus apparues paraitre parait
plus moins tres trop peu beaucoup bien mal aussi egalement notamment ainsi encore deja toujours
souvent parfois jamais alors enfin puis ensuite surtout particulierement plutot assez tant tellement
vraiment seulement non ne pas n point rien fois la ici ailleurs autant environ presque quasi
davantage cependant pourtant toutefois neanmoins effet voire etc ex exemple
un deux trois quatre cinq six sept huit neuf dix vingt trente quarante cinquante cent mille
premier premiere premiers premieres second seconde ans
oui fort forte forts fortes grand grande grands grandes gros grosse petit petite petits petites
important importante importants importantes principal principale principaux principales
general generale generaux generales generalement global globale globaux globales particulier
particuliere particuliers particulieres specifique specifiques adapte adaptee adaptes adaptees
existant existante existants existantes existe existent nombreux nombreuse nombreuses
nouveau nouvelle nouveaux nouvelles possible possibles impossible actuel actuelle actuels actuelles
actuellement vrai vraie reel reelle suffisant suffisante suffisants suffisantes suffisamment
concerne concernee concernes concernees lie liee lies liees relatif relative
soi agit agir agisse agissant aujourd'hui hier demain voir vu vus vue vues voit voient dit dire
aide aides aider
social sociale sociaux sociales
departement departements departemental departementale departementaux departementales
`;

/** Accent-folded words that carry no topic (grammar words and the fluff of diagnostic writing). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
	STOP_WORDS_TEXT.split(/\s+/)
		.filter(Boolean)
		.map(foldAccents)
);

// Words of the domain that appear in every other note ("manque de…", "difficulté à…", "besoin
// de…", "les partenaires soulignent…") and would glue unrelated notes together. Matched by stem,
// so that every inflection goes ("manquer", "manquant", "difficultés").
const GENERIC_WORDS_TEXT = `
probleme problematique difficulte difficile manque manquer manquant besoin necessaire necessite
absence absent insuffisance insuffisant question frein enjeu sujet situation personne public
population territoire territorial secteur partie niveau cadre theme thematique
souligner noter constater pointer relever soulever reperer observer evoquer identifier
exprimer remonter remarquer mentionner publique acceder
renforcer ameliorer developper favoriser faciliter permettre proposer prendre rencontrer retrouver
trouver penser reflechir realiser effectuer obtenir generer constituer
service structure dispositif offre acces professionnel usager beneficiaire habitant
chose gens cas part type moyen ensemble nombre demande attente place present presence presenter delai
organiser organisation adapter adaptation action
complique complexe complexite compliquer
atout force richesse
jour semaine mois an annee moment periode temps duree longtemps tard tardif rapide lent long loin
rare frequent faute raison cause suite solution maniere facon quotidien
hausse augmenter augmentation baisse diminuer diminution evolution evoluer croissant aggraver
eleve faible disponible disponibilite nombre majorite partie charge recours rendez
accompagnement accompagner suivi suivre
commune village hameau canton bourg ville
`;

// ---------------------------------------------------------------------------------------------
// Stemmer

// Irregular forms the suffix rules get wrong.
const STEM_EXCEPTIONS: Record<string, string> = {
	travaux: 'travail',
	jeux: 'jeu',
	lieux: 'lieu',
	feux: 'feu',
	yeux: 'oeil',
	vieux: 'vieil',
	vieille: 'vieil',
	vieilles: 'vieil',
	logique: 'logiqu',
	placement: 'placement',
	placements: 'placement',
	acteur: 'acteur',
	acteurs: 'acteur',
	logiques: 'logiqu',
	france: 'france',
	// "sous forme de" is not training ("formation" stems to "form").
	forme: 'forme',
	formes: 'forme',
	age: 'age',
	ages: 'age',
	agee: 'age',
	agees: 'age',
	ainee: 'aine',
	ainees: 'aine',
	aine: 'aine',
	aines: 'aine'
};

// Derivational and feminine suffixes (singular forms: plurals are stripped first), tried longest
// first. [suffix, replacement, minimum length of what remains].
const STEP2: Array<[string, string, number]> = (
	[
		['issements', '', 3],
		['issement', '', 3],
		['ement', '', 3],
		['abilite', '', 3],
		['ibilite', '', 3],
		['ivite', '', 3],
		['ite', '', 3],
		['atrice', '', 3],
		['ateur', '', 3],
		['ation', '', 3],
		['ative', '', 3],
		['atif', '', 3],
		['sion', 's', 2],
		['tion', 't', 2],
		['issante', '', 3],
		['issant', '', 3],
		['ique', '', 3],
		['euse', '', 3],
		['eux', '', 3],
		['eur', '', 3],
		['ive', '', 3],
		['if', '', 3],
		['ance', '', 3],
		['ence', '', 3],
		['ante', '', 3],
		['ant', '', 3],
		['iere', '', 3],
		['ier', '', 3],
		['esse', '', 3],
		['isme', '', 3],
		['iste', '', 3],
		['able', '', 3],
		['ible', '', 3],
		['ienne', 'ien', 3],
		['elle', '', 4],
		['el', '', 4]
	] as Array<[string, string, number]>
).sort((a, b) => b[0].length - a[0].length);

// Inflections (infinitives, participles, feminine e), tried after STEP2.
const STEP3: Array<[string, string, number]> = [
	['ier', '', 3],
	['ee', '', 3],
	['er', '', 3],
	['ir', '', 4],
	['e', '', 3]
];

/**
 * A light French stemmer for accent-folded lower-case words: plurals (-s, -x, -aux → -al),
 * one derivational or feminine suffix (-ement, -ation, -ité, -ique, -eux/-euse, -if/-ive,
 * -eur/-euse, -ance/-ence, -ant/-ante, -ier/-ière, -esse, -isme/-iste, -able/-ible), one
 * inflection (-er, -é/-ée, -ir, -e), then a doubled final consonant is undoubled.
 * "logements", "loger" → "log"; "mobilité", "mobiles" → "mobil"; "financières", "financement",
 * "financer" → "financ"; "professionnelle", "personne" → "profession", "person".
 */
export function stemFrench(word: string): string {
	let w = word;
	if (w.length <= 3 || /\d/.test(w)) return w;
	const exception = STEM_EXCEPTIONS[w];
	if (exception) return exception;
	// Plurals.
	if (w.endsWith('eaux')) w = w.slice(0, -1);
	else if (w.endsWith('aux') && w.length > 4) w = w.slice(0, -3) + 'al';
	else if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) w = w.slice(0, -1);
	const plural = STEM_EXCEPTIONS[w];
	if (plural) return plural;
	// One derivational suffix.
	for (const [suffix, replacement, min] of STEP2) {
		if (w.endsWith(suffix) && w.length - suffix.length >= min) {
			w = w.slice(0, -suffix.length) + replacement;
			break;
		}
	}
	// One inflection.
	for (const [suffix, replacement, min] of STEP3) {
		if (w.endsWith(suffix) && w.length - suffix.length >= min) {
			w = w.slice(0, -suffix.length) + replacement;
			break;
		}
	}
	// Undouble: "accueill" → "accueil", "personn" → "person".
	if (w.length > 3 && /([bcdfgklmnprst])\1$/.test(w)) w = w.slice(0, -1);
	return w;
}

// ---------------------------------------------------------------------------------------------
// Acronyms

/** Acronyms of the field, recognised even when typed in lower case. */
export const KNOWN_ACRONYMS: ReadonlySet<string> = new Set(
	`rsa caf ccas cias pmi mdph ehpad cmp cmpp cds fsl ase qpv chrs siao cpam msa apa pch aah
	ime itep sessad cada huda ofii fle cej epci msap udaf cesf ars cpts pij paej
	mecs aemo aed vif cidff pai iae siae aci etti esat bts hlm oph sdf saad ssiad csapa reaap laep
	rqth usld eaje cpef aesh ulis fjt dalo`
		.split(/\s+/)
		.filter(Boolean)
);

// ---------------------------------------------------------------------------------------------
// Domain concepts and expressions (the data is in thesaurus.ts)

// Expressions that say nothing about the topic and would otherwise leave a misleading word behind
// ("groupe de travail" is not about jobs, "prise en charge" is everywhere).
const DROPPED_PHRASES = [
	'prise en charge',
	'prendre en charge',
	'prise en compte',
	'prendre en compte',
	'mise en place',
	'mettre en place',
	'mise en oeuvre',
	'mettre en oeuvre',
	'groupe de travail',
	'charge de travail',
	'travail sur',
	'travail de',
	'travailleur social',
	'travailleurs sociaux',
	'travail social',
	'en lien avec',
	'au regard de',
	'par rapport',
	'il y a',
	'se rendre compte',
	'rendre compte',
	'point fort',
	'points forts',
	'en train de',
	'de plus en plus'
];

// Between the content words of an expression, these may vary or be missing
// ("accès aux droits" = "accès au droit" = "accès à leurs droits").
const CONNECTORS = new Set(['de', 'd', 'du', 'des', 'a', 'au', 'aux', 'la', 'le', 'les', 'l', 'en', 'leur', 'leurs', 'son', 'sa', 'ses', 'un', 'une']);

// ---------------------------------------------------------------------------------------------
// Tokens

interface RawToken {
	/** As written. */
	text: string;
	/** Lower case, accents kept. */
	lower: string;
	/** Lower case, accents folded. */
	folded: string;
	/** Key used to compare: stem, or the folded word for grammar words, numbers and acronyms. */
	match: string;
	acronym: boolean;
	/** Written with an apostrophe before the next word ("l'", "d'", "qu'"). */
	elided: boolean;
}

const ELISION = /^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'(.+)$/i;
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

function isShouting(text: string): boolean {
	const letters = text.match(/\p{L}/gu) ?? [];
	if (letters.length < 12) return false;
	const upper = letters.filter((c) => c !== c.toLowerCase()).length;
	return upper / letters.length > 0.6;
}

function matchKey(folded: string, acronym: boolean): string {
	if (acronym || /^\d+$/.test(folded) || STOP_WORDS.has(folded) || CONNECTORS.has(folded)) return folded;
	return stemFrench(folded);
}

interface WordInfo {
	lower: string;
	folded: string;
	/** Match key when the word is not an acronym. */
	match: string;
	/** Written in capitals (2 to 8 characters, 2 capital letters at least). */
	capitals: boolean;
	known: boolean;
	stop: boolean;
}

// Memo of the per-word work (folding, stemming); bounded, and only a cache: results never depend on it.
const WORD_CACHE = new Map<string, WordInfo>();

function wordInfo(word: string): WordInfo {
	let info = WORD_CACHE.get(word);
	if (info) return info;
	const folded = foldAccents(word);
	info = {
		lower: word.toLowerCase(),
		folded,
		match: matchKey(folded, false),
		capitals: /^[\p{Lu}\d]{2,8}$/u.test(word) && (word.match(/\p{Lu}/gu) ?? []).length >= 2,
		known: KNOWN_ACRONYMS.has(folded),
		stop: STOP_WORDS.has(folded)
	};
	if (WORD_CACHE.size >= 20_000) WORD_CACHE.clear();
	WORD_CACHE.set(word, info);
	return info;
}

function rawTokens(text: string): RawToken[] {
	const clean = text.normalize('NFC').replace(APOSTROPHES, "'").replace(DASHES, '-');
	const shouting = isShouting(clean);
	const out: RawToken[] = [];
	for (const m of clean.matchAll(WORD)) {
		// Split elisions: "l'accès" → "l", "accès"; "aujourd'hui" stays one word.
		const parts: Array<[string, boolean]> = [];
		let rest = m[0];
		for (;;) {
			const e = ELISION.exec(rest);
			if (!e || /^aujourd'hui$/i.test(rest)) break;
			parts.push([e[1], true]);
			rest = e[2];
		}
		const pieces = /^aujourd'hui$/i.test(rest) ? [rest] : rest.split("'");
		pieces.forEach((piece, k) => parts.push([piece, k < pieces.length - 1]));
		for (const [part, elided] of parts) {
			if (!part) continue;
			const w = wordInfo(part);
			const acronym = w.known ? w.capitals || !w.stop : w.capitals && !shouting;
			out.push({ text: part, lower: w.lower, folded: w.folded, match: acronym ? w.folded : w.match, acronym, elided });
		}
	}
	return out;
}

interface Phrase {
	/** Match keys of the words; connectors between content words are optional. */
	words: string[];
	concepts: string[];
}

function compilePhrase(text: string, concepts: string[]): Phrase {
	const words: string[] = [];
	for (const t of rawTokens(text)) words.push(t.match);
	return { words, concepts };
}

const GENERIC_STEMS = new Set<string>();

/** A concept of the thesaurus, or of a département's extension (same shape). */
export type ConceptSpec = ThesaurusConcept;

/**
 * Compiles concepts (the thesaurus by default) into the tables `analyse` uses. Throws on a word
 * filed under two concepts: the vocabulary would be ambiguous.
 */
export function compileVocabulary(specs: Readonly<Record<string, ConceptSpec>> = THESAURUS): Vocabulary {
	const concepts = new Map<string, Concept>();
	const wordConcept = new Map<string, string>();
	const phrases: Phrase[] = [];
	for (const [id, spec] of Object.entries(specs)) {
		const key = `#${id}`;
		concepts.set(key, {
			key,
			label: spec.label,
			field: `@${spec.field}`,
			...(spec.public ? { public: spec.public } : {}),
			...(spec.parent ? { parent: `#${spec.parent}` } : {})
		});
		for (const word of spec.words.split(/\s+/).filter(Boolean)) {
			for (const t of rawTokens(word)) {
				const previous = wordConcept.get(t.match);
				if (previous && previous !== key) throw new Error(`french-text: "${word}" is in ${previous} and ${key}`);
				wordConcept.set(t.match, key);
			}
		}
		for (const phrase of spec.phrases ?? []) phrases.push(compilePhrase(phrase, [key]));
	}
	for (const [key, concept] of concepts) {
		if (!concept.parent) continue;
		const parent = concepts.get(concept.parent);
		// One level only, within one field: a facet details its parent's topic.
		if (!parent || parent.parent || parent.field !== concept.field) throw new Error(`french-text: ${key} cannot detail ${concept.parent}`);
	}
	for (const phrase of DROPPED_PHRASES) phrases.push(compilePhrase(phrase, []));
	// Longest expressions first, so that "maison France services" wins over "France services".
	phrases.sort((a, b) => b.words.length - a.words.length);
	const phrasesByFirst = new Map<string, Phrase[]>();
	for (const p of phrases) {
		if (p.words.length === 0) continue;
		const list = phrasesByFirst.get(p.words[0]) ?? [];
		list.push(p);
		phrasesByFirst.set(p.words[0], list);
	}
	return { concepts, wordConcept, phrasesByFirst };
}

/** The thesaurus alone (what every board uses unless its project extends it). */
export const DEFAULT_VOCABULARY: Vocabulary = compileVocabulary();

/** Concepts of the thesaurus by key ("#mobilite"). */
export const CONCEPTS: ReadonlyMap<string, Concept> = DEFAULT_VOCABULARY.concepts;

for (const word of GENERIC_WORDS_TEXT.split(/\s+/).filter(Boolean).map(foldAccents)) {
	GENERIC_STEMS.add(stemFrench(word));
	// Conjugated forms the stemmer leaves alone: "soulignent", "constatait", "réfléchissent".
	const root = word.endsWith('er') ? word.slice(0, -2) : word.endsWith('ir') ? `${word.slice(0, -2)}iss` : '';
	if (root) for (const ending of ['ent', 'ait', 'aient', 'ons', 'ez']) GENERIC_STEMS.add(stemFrench(root + ending));
}

/** Length of the match of `phrase` at `start` in `tokens`, 0 if none. */
function matchPhrase(phrase: Phrase, tokens: RawToken[], start: number): number {
	const words = phrase.words;
	let i = start;
	let j = 0;
	while (j < words.length) {
		if (i >= tokens.length) return 0;
		if (tokens[i].match === words[j]) {
			i++;
			j++;
			continue;
		}
		// Between two content words (never at either end), connectors may differ or be missing.
		const inside = j > 0 && words.slice(j).some((w) => !CONNECTORS.has(w));
		if (inside && CONNECTORS.has(words[j])) {
			j++;
			continue;
		}
		if (inside && CONNECTORS.has(tokens[i].folded) && i - start < words.length + 3) {
			i++;
			continue;
		}
		return 0;
	}
	return i - start;
}

// Conjugated endings the stemmer leaves alone ("desservent", "recrutaient"), tried only to find a
// word's concept ("desservent" is "desservir": #transports), never to make a stem of its own:
// "parent" or "urgent" must stay what they are.
const VERB_ENDINGS: Array<[string, string]> = [
	['issent', 'ir'],
	['aient', 'er'],
	['ent', 'er'],
	['ait', 'er'],
	['ons', 'er'],
	['ez', 'er']
];

// Memo like WORD_CACHE: bounded, only a cache.
const VERB_CACHE = new Map<string, string>();

function verbStem(folded: string): string {
	let stem = VERB_CACHE.get(folded);
	if (stem !== undefined) return stem;
	stem = '';
	for (const [ending, infinitive] of VERB_ENDINGS)
		if (folded.endsWith(ending) && folded.length - ending.length >= 3) {
			stem = stemFrench(folded.slice(0, -ending.length) + infinitive);
			break;
		}
	if (VERB_CACHE.size >= 20_000) VERB_CACHE.clear();
	VERB_CACHE.set(folded, stem);
	return stem;
}

/** True if the accent-folded word is a stop word (grammar word or domain fluff). */
export function isStopWord(word: string): boolean {
	const folded = foldAccents(word);
	return STOP_WORDS.has(folded) || GENERIC_STEMS.has(stemFrench(folded));
}

/**
 * The terms of a note, in order: domain expressions and synonyms become concepts ("#mobilite"),
 * acronyms stay as they are ("rsa", followed by their concept if they have one), other words
 * become stems; stop words, generic words of the domain, numbers and single letters are dropped.
 * A single word that belongs to a concept gives the concept only, and also its own stem (with
 * `concept` set) when `keepWords` is true.
 */
export function analyse(text: string, options: { keepWords?: boolean; vocabulary?: Vocabulary } = {}): Term[] {
	const { phrasesByFirst, wordConcept, concepts } = options.vocabulary ?? DEFAULT_VOCABULARY;
	const tokens = rawTokens(text);
	const terms: Term[] = [];
	// A facet names its parent too ("bus" is #transports and #mobilite).
	const pushConcept = (key: string, surface: string) => {
		terms.push({ key, surface, kind: 'concept' });
		const parent = concepts.get(key)?.parent;
		if (parent) terms.push({ key: parent, surface, kind: 'concept', implied: true });
	};
	for (let i = 0; i < tokens.length; ) {
		const t = tokens[i];
		let matched = 0;
		for (const phrase of phrasesByFirst.get(t.match) ?? []) {
			const n = matchPhrase(phrase, tokens, i);
			if (n > 0) {
				let surface = '';
				for (const x of tokens.slice(i, i + n)) surface += (x.acronym ? x.text.toUpperCase() : x.lower) + (x.elided ? "'" : ' ');
				surface = surface.trim();
				for (const c of phrase.concepts) pushConcept(c, surface);
				matched = n;
				break;
			}
		}
		if (matched > 0) {
			i += matched;
			continue;
		}
		i++;
		const surface = t.acronym ? t.text.toUpperCase() : t.lower;
		if (t.acronym) {
			const concept = wordConcept.get(t.match);
			if (concept) pushConcept(concept, surface);
			terms.push({ key: t.match, surface, kind: 'acronym', concept });
			continue;
		}
		if (t.folded.length < 2 || /^\d+$/.test(t.folded) || STOP_WORDS.has(t.folded) || CONNECTORS.has(t.folded)) continue;
		if (GENERIC_STEMS.has(t.match)) continue;
		const concept = wordConcept.get(t.match) ?? wordConcept.get(verbStem(t.folded));
		if (concept) {
			pushConcept(concept, surface);
			if (options.keepWords) terms.push({ key: t.match, surface, kind: 'stem', concept });
			continue;
		}
		terms.push({ key: t.match, surface, kind: 'stem' });
	}
	return terms;
}

/** The matching keys of a note (for tests and debugging): `analyse(text).map(t => t.key)`. */
export function normalise(text: string, vocabulary?: Vocabulary): string[] {
	return analyse(text, { vocabulary }).map((t) => t.key);
}
