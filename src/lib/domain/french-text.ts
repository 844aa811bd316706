// French text handling for short workshop notes (post-its): tokens, elisions, stop words, a light
// stemmer, acronyms, a domain synonym table (the social-action vocabulary of a département) and
// the fixed expressions of that vocabulary. Pure, dependency-free, runs in the browser and in Node.
//
// Matching works on accent-folded lower-case forms ("mobilite"); every term keeps the words it
// came from so that labels can be shown with their accents ("mobilité").

/** One meaningful unit of a note: a stem, an acronym or a domain concept. */
export interface Term {
	/** Matching key: a stem ("log"), an acronym ("rsa") or a concept ("#logement"). */
	key: string;
	/** The words as written (lower-cased, accents kept; acronyms in capitals). */
	surface: string;
	kind: 'stem' | 'acronym' | 'concept';
	/** For a stem or acronym that belongs to a concept: that concept's key. */
	concept?: string;
}

export interface Concept {
	key: string;
	/** Readable French label, used as such in cluster labels. */
	label: string;
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
	mecs aemo aed vif cidff pai iae siae aci etti esat bts hlm oph sdf`
		.split(/\s+/)
		.filter(Boolean)
);

// ---------------------------------------------------------------------------------------------
// Domain concepts and expressions

interface ConceptSpec {
	label: string;
	/** Single words (any inflection: matched by stem) and acronyms. */
	words: string;
	/** Expressions (matched by stem, articles and "de/à/en" between words may vary or be absent). */
	phrases?: string[];
}

// Concepts of a département's social action: variants that facilitators would file together.
const CONCEPT_SPECS: Record<string, ConceptSpec> = {
	mobilite: {
		label: 'Mobilité',
		words: 'mobilité transport déplacement déplacer véhicule voiture permis covoiturage bus autobus navette train TER trajet vélo',
		phrases: ['transports en commun', 'permis de conduire', 'se déplacer', 'se rendre', 'moyen de locomotion']
	},
	logement: {
		label: 'Logement',
		words: 'logement loger hébergement héberger habitat loyer bailleur HLM OPH CHRS SIAO FSL locataire expulsion insalubre insalubrité appartement relogement résidentiel',
		phrases: ['sous-location', 'logement social', 'parcours résidentiel', 'précarité énergétique', 'mal-logement', "hébergement d'urgence", 'sans domicile', 'sans abri', 'sans-abri', 'SDF']
	},
	emploi: {
		label: 'Emploi',
		words: 'emploi travail travailler employeur employabilité embauche embaucher chômage chômeur recrutement recruter intérim IAE SIAE ACI ETTI salarié',
		phrases: ['France Travail', 'Pôle emploi', 'insertion professionnelle', "demandeur d'emploi", "chercheur d'emploi", "retour à l'emploi", 'chantier d insertion', 'marché du travail', 'trouver du travail', 'recherche de travail', 'recherche d emploi', 'bassin d emploi']
	},
	formation: {
		label: 'Formation',
		words: 'formation qualification qualifiant apprentissage alternance diplôme',
		phrases: ['formations qualifiantes']
	},
	sante: {
		label: 'Santé',
		words: 'santé soin soigner médecin médecine médical psychiatrie psychiatre psychiatrique psychologue psychologique psy CMP CMPP hôpital hospitalier hospitalisation infirmier kiné kinésithérapeute dentiste ophtalmo ophtalmologue pédiatre maladie sanitaire CPAM mutuelle addiction addictologie',
		phrases: ['mal-être', 'santé mentale', 'désert médical', 'désertification médicale', 'médecin traitant', 'médecin généraliste', 'parcours de soins', 'sport santé', 'maison de santé', 'centre de santé']
	},
	numerique: {
		label: 'Numérique',
		words: 'numérique internet dématérialisation dématérialiser ordinateur informatique smartphone tablette connexion wifi illectronisme',
		phrases: ['en ligne', 'fracture numérique', 'site internet', 'outils numériques']
	},
	jeunes: {
		label: 'Jeunes',
		words: 'jeune jeunesse adolescent ado CEJ PIJ PAEJ',
		phrases: ['moins de 25 ans', '16-25 ans', '18-25 ans', 'mission locale', 'maison des adolescents', 'garantie jeunes', "contrat d'engagement jeune"]
	},
	droits: {
		label: 'Accès aux droits',
		words: 'droit dossier administratif administration paperasse formulaire prestation CAF MSA',
		phrases: ['accès aux droits', 'ouverture des droits', 'démarches administratives', 'démarche administrative', 'non-recours', 'non recours', 'lourdeur administrative', 'délais de traitement', 'complexité administrative']
	},
	coordination: {
		label: 'Coordination des acteurs',
		words: 'coordination coordonner coordinateur partenariat partenaire partenarial lien réseau interconnaissance articulation articuler acteur cloisonnement décloisonnement décloisonner',
		phrases: ['travail en réseau', 'travail partenarial', 'travailler ensemble', 'interconnaissance des acteurs']
	},
	langue: {
		label: 'Langue française',
		words: 'langue francophone FLE allophone illettrisme analphabétisme alphabétisation traduction interprète traducteur',
		phrases: ['maîtrise du français', 'barrière de la langue', 'parler français', 'cours de français', 'savoirs de base']
	},
	petite_enfance: {
		label: 'Petite enfance',
		words: 'crèche garderie PMI EAJE',
		phrases: ["garde d'enfants", 'mode de garde', 'modes de garde', 'petite enfance', 'assistante maternelle', 'assistantes maternelles', 'micro-crèche', 'halte-garderie', 'jeunes enfants', "accueil du jeune enfant", "relais petite enfance"]
	},
	precarite: {
		label: 'Précarité',
		words: 'précarité précaire précarisation pauvreté pauvre endettement surendettement dette impayé',
		phrases: ['aides financières', 'aide financière', 'sans ressources', 'sans ressource', 'ressources financières', 'faibles ressources', 'minima sociaux', 'reste à vivre', 'fins de mois', 'aide alimentaire', 'colis alimentaires', 'banque alimentaire', 'épicerie sociale', 'épicerie solidaire']
	},
	isolement: {
		label: 'Isolement',
		words: 'isolement isolé solitude',
		phrases: ['lien social', 'liens sociaux', 'repli sur soi']
	},
	personnes_agees: {
		label: 'Personnes âgées',
		words: 'âgé vieillissement vieillissant vieillesse senior EHPAD APA retraité aîné',
		phrases: ['personnes âgées', "perte d'autonomie", 'maintien à domicile', 'aide à domicile', 'plus de 60 ans', 'plus de 65 ans']
	},
	handicap: {
		label: 'Handicap',
		words: 'handicap handicapé MDPH AAH PCH IME ESAT SESSAD ITEP',
		phrases: ['en situation de handicap']
	},
	protection_enfance: {
		label: "Protection de l'enfance",
		words: 'ASE placement AEMO AED MECS',
		phrases: ["aide sociale à l'enfance", "protection de l'enfance", 'information préoccupante', 'informations préoccupantes', "famille d'accueil", 'enfance en danger', 'enfants placés']
	},
	violences: {
		label: 'Violences',
		words: 'violence VIF maltraitance',
		phrases: ['violences conjugales', 'violences intrafamiliales', 'violences faites aux femmes']
	},
	accueil_proximite: {
		label: 'Accueil de proximité',
		words: 'permanence MSAP',
		phrases: ['France Services', 'France Service', 'centre social', 'centres sociaux', 'espace de vie sociale', 'maison France services', 'maison de services au public']
	}
};

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
	'aller vers',
	'se rendre compte',
	'rendre compte',
	'en train de',
	'de plus en plus'
];

/** Concepts by key ("#mobilite"). */
export const CONCEPTS: ReadonlyMap<string, Concept> = new Map(
	Object.entries(CONCEPT_SPECS).map(([id, spec]) => [`#${id}`, { key: `#${id}`, label: spec.label }])
);

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

const PHRASES: Phrase[] = [];
const WORD_CONCEPT = new Map<string, string>();
const GENERIC_STEMS = new Set<string>();

for (const [id, spec] of Object.entries(CONCEPT_SPECS)) {
	const key = `#${id}`;
	for (const word of spec.words.split(/\s+/).filter(Boolean)) {
		for (const t of rawTokens(word)) {
			const previous = WORD_CONCEPT.get(t.match);
			if (previous && previous !== key) throw new Error(`french-text: "${word}" is in ${previous} and ${key}`);
			WORD_CONCEPT.set(t.match, key);
		}
	}
	for (const phrase of spec.phrases ?? []) PHRASES.push(compilePhrase(phrase, [key]));
}
for (const phrase of DROPPED_PHRASES) PHRASES.push(compilePhrase(phrase, []));
// Longest expressions first, so that "maison France services" wins over "France services".
PHRASES.sort((a, b) => b.words.length - a.words.length);
const PHRASES_BY_FIRST = new Map<string, Phrase[]>();
for (const p of PHRASES) {
	const list = PHRASES_BY_FIRST.get(p.words[0]) ?? [];
	list.push(p);
	PHRASES_BY_FIRST.set(p.words[0], list);
}
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
export function analyse(text: string, options: { keepWords?: boolean } = {}): Term[] {
	const tokens = rawTokens(text);
	const terms: Term[] = [];
	for (let i = 0; i < tokens.length; ) {
		const t = tokens[i];
		let matched = 0;
		for (const phrase of PHRASES_BY_FIRST.get(t.match) ?? []) {
			const n = matchPhrase(phrase, tokens, i);
			if (n > 0) {
				let surface = '';
				for (const x of tokens.slice(i, i + n)) surface += (x.acronym ? x.text.toUpperCase() : x.lower) + (x.elided ? "'" : ' ');
				surface = surface.trim();
				for (const c of phrase.concepts) terms.push({ key: c, surface, kind: 'concept' });
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
			const concept = WORD_CONCEPT.get(t.match);
			if (concept) terms.push({ key: concept, surface, kind: 'concept' });
			terms.push({ key: t.match, surface, kind: 'acronym', concept });
			continue;
		}
		if (t.folded.length < 2 || /^\d+$/.test(t.folded) || STOP_WORDS.has(t.folded) || CONNECTORS.has(t.folded)) continue;
		if (GENERIC_STEMS.has(t.match)) continue;
		const concept = WORD_CONCEPT.get(t.match);
		if (concept) {
			terms.push({ key: concept, surface, kind: 'concept' });
			if (options.keepWords) terms.push({ key: t.match, surface, kind: 'stem', concept });
			continue;
		}
		terms.push({ key: t.match, surface, kind: 'stem' });
	}
	return terms;
}

/** The matching keys of a note (for tests and debugging): `analyse(text).map(t => t.key)`. */
export function normalise(text: string): string[] {
	return analyse(text).map((t) => t.key);
}
