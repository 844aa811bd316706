// The "Calendrier prévisionnel" column of a fiche-action's planning table is free French text
// ("2ème semestre 2023", "de mars à juin 2024", "fin 2024"). This module reads the period such a
// phrase means, to show it next to the text ("juil.-déc. 2023"). It never guesses: a phrase is
// understood only when a rule below consumes all of it; anything else is reported as not
// understood.
// Pure, dependency-free, runs in the browser and in Node.
//
// Choices for phrases whose months are a matter of convention (each is one place below):
// - "début 2024": janv.-mars; "fin 2024" / "fin d'année 2024": oct.-déc.
// - "mi-2024" / "milieu 2024": mai-août, the four months centred on the middle of the year
//   (1 July).
// - "rentrée 2023": sept.-oct. (the weeks of the back-to-school period, not the whole autumn).
// - Seasons: "printemps" mars-mai, "été" juil.-août (the summer holidays, when social-action
//   services change pace; June is still the end of the school year), "automne" sept.-nov.,
//   "hiver 2024" déc. 2024-févr. 2025 (the winter that begins in December of the year written, as
//   in "hiver 2024-2025").
// - "début mars", "mi-mars", "fin mars": the month itself (the smallest unit shown is a month).
// - Open-ended phrases ("à partir de 2024", "dès 2024", "d'ici 2025", "en continu") are not
//   understood: they have no end, and choosing one would be a guess.
// - "1er semestre 2023-2024", "fin 2023/2024": a part of a year written before a span of years
//   reads as "of the school year 2023-2024", so it is not read as a range ending in December 2024
//   and is not understood. Two such phrases are unambiguous and understood: "rentrée 2023-2024"
//   (sept.-oct. 2023) and "hiver 2023-2024" (déc. 2023-févr. 2024), consecutive years only.
// - A range without any year ("mars-juin", "2e semestre") uses options.referenceYear when given; a
//   range with one year ("de mars à juin 2024") gives that year to its other end. Ranges are never
//   shifted across years to make them fit: "de septembre à juin 2024" is not understood.

/** An inclusive range of months, each an ISO month 'YYYY-MM'. */
export interface CalendarPeriod {
	start: string;
	end: string;
}

export type CalendarParse =
	| { understood: true; period: CalendarPeriod; label: string }
	| { understood: false; reason: 'vide' | 'inconnu' };

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const MONTH_LABELS = [
	'janv.',
	'févr.',
	'mars',
	'avr.',
	'mai',
	'juin',
	'juil.',
	'août',
	'sept.',
	'oct.',
	'nov.',
	'déc.'
];

// ---------------------------------------------------------------------------------------------
// Normalising what people type

/**
 * Lower case without accents, one kind of apostrophe and dash, no abbreviation dots, single
 * spaces, no spaces around dashes and apostrophes, no trailing punctuation:
 * "  2ème Semestre 2023 – 1er sem. 2024. " → "2eme semestre 2023-1er sem 2024".
 */
function normalise(text: string): string {
	return (
		text
			.replace(/[’‘ʼ`´′]/g, "'")
			// NFKD is NFD plus compatibility forms: "1ᵉʳ" → "1er", non-breaking spaces → spaces.
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[‐‑‒–—―−/]/g, '-')
			.replace(/\./g, ' ')
			.replace(/[\s,;:!?]+$/, '')
			.replace(/\s*-\s*/g, '-')
			.replace(/\s*'\s*/g, "'")
			.replace(/\s+/g, ' ')
			.trim()
	);
}

// ---------------------------------------------------------------------------------------------
// One period: "[lead] <part of a year> [year]"

/** Months of a period within its year, 1 = January; `to` passes 12 when it runs into next year. */
interface MonthSpan {
	from: number;
	to: number;
}

interface Point {
	span: MonthSpan;
	/** The year written, or null ("2e semestre"). */
	year: number | null;
	/** A whole year ("2024", "année 2024"), as opposed to a part of one. */
	wholeYear: boolean;
}

/** Words that open a phrase without changing its meaning, longest first. */
const LEADS = [
	"au cours de l'",
	'au cours de la ',
	'au cours du ',
	'au cours de ',
	"dans le courant de l'",
	'dans le courant de la ',
	'dans le courant du ',
	'dans le courant de ',
	"courant de l'",
	'courant ',
	'en ',
	'au ',
	'a la ',
	"a l'",
	'le ',
	'la ',
	"l'"
];

/** "1er", "premier", "2ème", "2nd", "second", "troisième"… (accent-folded). */
const ORDINALS: Record<string, number> = {
	'1er': 1,
	'1ere': 1,
	'1re': 1,
	premier: 1,
	premiere: 1,
	'2e': 2,
	'2eme': 2,
	'2ieme': 2,
	'2nd': 2,
	'2nde': 2,
	second: 2,
	seconde: 2,
	deuxieme: 2,
	'3e': 3,
	'3eme': 3,
	'3ieme': 3,
	troisieme: 3,
	'4e': 4,
	'4eme': 4,
	'4ieme': 4,
	quatrieme: 4
};
const ORDINAL = `${Object.keys(ORDINALS).join('|')}|dernier`;

/** Month names and their usual abbreviations (accent-folded, without dots). */
const MONTHS: Record<string, number> = {
	janvier: 1,
	janv: 1,
	jan: 1,
	fevrier: 2,
	fevr: 2,
	fev: 2,
	mars: 3,
	avril: 4,
	avr: 4,
	mai: 5,
	juin: 6,
	juillet: 7,
	juil: 7,
	aout: 8,
	septembre: 9,
	sept: 9,
	sep: 9,
	octobre: 10,
	oct: 10,
	novembre: 11,
	nov: 11,
	decembre: 12,
	dec: 12
};
const MONTH = Object.keys(MONTHS).join('|');

const SEASONS: Record<string, MonthSpan> = {
	printemps: { from: 3, to: 5 },
	ete: { from: 7, to: 8 },
	automne: { from: 9, to: 11 },
	hiver: { from: 12, to: 14 }
};

const WHOLE_YEAR: MonthSpan = { from: 1, to: 12 };
const START_OF_YEAR: MonthSpan = { from: 1, to: 3 };
const MIDDLE_OF_YEAR: MonthSpan = { from: 5, to: 8 };
const END_OF_YEAR: MonthSpan = { from: 10, to: 12 };
const RENTREE: MonthSpan = { from: 9, to: 10 };

/** "dernier" is the last of `count`; any other ordinal must be at most `count`. */
function nth(word: string, count: number): number | null {
	const n = word === 'dernier' ? count : ORDINALS[word];
	return n !== undefined && n <= count ? n : null;
}

function semester(n: number | null): MonthSpan | null {
	return n === null ? null : { from: 6 * n - 5, to: 6 * n };
}

function quarter(n: number | null): MonthSpan | null {
	return n === null ? null : { from: 3 * n - 2, to: 3 * n };
}

function month(name: string): MonthSpan {
	return { from: MONTHS[name], to: MONTHS[name] };
}

interface Rule {
	name: string;
	/** Matched against the whole phrase once its lead and trailing year are taken off. */
	pattern: RegExp;
	span: (match: RegExpExecArray) => MonthSpan | null;
}

const WHOLE_YEAR_RULE: Rule = { name: 'année', pattern: /^(?:annee)?$/, span: () => WHOLE_YEAR };

const RULES: Rule[] = [
	WHOLE_YEAR_RULE,
	{
		name: 'semestre',
		pattern: new RegExp(`^(${ORDINAL}) (?:semestre|sem)$`),
		span: (m) => semester(nth(m[1], 2))
	},
	{
		name: 'S1, semestre 1',
		pattern: /^(?:s|semestre )([12])$/,
		span: (m) => semester(Number(m[1]))
	},
	{
		name: 'trimestre',
		pattern: new RegExp(`^(${ORDINAL}) (?:trimestre|trim)$`),
		span: (m) => quarter(nth(m[1], 4))
	},
	{
		name: 'T1, trimestre 1',
		pattern: /^(?:t|trimestre )([1-4])$/,
		span: (m) => quarter(Number(m[1]))
	},
	{
		name: "début d'année",
		pattern: /^debut(?: d'annee| de l'annee| de)?$/,
		span: () => START_OF_YEAR
	},
	{
		name: "milieu d'année",
		pattern: /^(?:mi|mi-annee|milieu(?: d'annee| de l'annee| de)?)$/,
		span: () => MIDDLE_OF_YEAR
	},
	{ name: "fin d'année", pattern: /^fin(?: d'annee| de l'annee| de)?$/, span: () => END_OF_YEAR },
	{
		name: 'mois',
		pattern: new RegExp(`^(?:(?:debut|mi|fin) (?:de |d')?|mi-)?(?:mois (?:de |d'))?(${MONTH})$`),
		span: (m) => month(m[1])
	},
	{ name: 'rentrée', pattern: /^rentree(?: scolaire)?$/, span: () => RENTREE },
	{ name: 'saison', pattern: /^(printemps|ete|automne|hiver)$/, span: (m) => SEASONS[m[1]] }
];

/** "hiver 2023-2024", "rentrée scolaire 2023-2024": a period named by its school year. */
const SCHOOL_YEAR_POINT = /^(hiver|rentree(?: scolaire)?) (\d{4})-(\d{4})$/;

/** A phrase ending in a year: "2025", "fin 2024", "mi-2024". */
const TRAILING_YEAR = /^(?:(.*?)[ -])?(\d{4})$/;

function validYear(year: number): boolean {
	return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

function stripLead(phrase: string): string {
	const lead = LEADS.find((l) => phrase.startsWith(l));
	return lead ? phrase.slice(lead.length) : phrase;
}

function parsePoint(phrase: string): Point | null {
	const text = stripLead(phrase);

	const school = SCHOOL_YEAR_POINT.exec(text);
	if (school) {
		const [first, second] = [Number(school[2]), Number(school[3])];
		if (!validYear(first) || second !== first + 1) return null;
		const span = school[1] === 'hiver' ? SEASONS.hiver : RENTREE;
		return { span, year: first, wholeYear: false };
	}

	const withYear = TRAILING_YEAR.exec(text);
	const rest = withYear ? (withYear[1] ?? '') : text;
	const year = withYear ? Number(withYear[2]) : null;
	if (year !== null && !validYear(year)) return null;

	for (const rule of RULES) {
		const match = rule.pattern.exec(rest);
		if (!match) continue;
		const span = rule.span(match);
		return span ? { span, year, wholeYear: rule === WHOLE_YEAR_RULE } : null;
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// Ranges: "X-Y", "X à Y", "de X à Y", "du X au Y", "de X jusqu'en Y", "entre X et Y"

/** Months counted from year 0: year * 12 + (month - 1). */
interface Months {
	start: number;
	end: number;
}

const RANGE_OPENER = /^(?:de |du |d')/;
const JOINERS = ['-', ' a ', ' au ', " jusqu'a ", " jusqu'au ", " jusqu'en "];

function months(span: MonthSpan, year: number): Months {
	return { start: year * 12 + span.from - 1, end: year * 12 + span.to - 1 };
}

/** Every way of cutting `text` in two around `joiner`, both sides non-empty. */
function* cuts(text: string, joiner: string): Generator<[string, string]> {
	for (let i = text.indexOf(joiner); i !== -1; i = text.indexOf(joiner, i + 1)) {
		const left = text.slice(0, i);
		const right = text.slice(i + joiner.length);
		if (left && right) yield [left, right];
	}
}

function parseRange(text: string, referenceYear: number | null): Months | null {
	const between = text.startsWith('entre ');
	const body = between ? text.slice('entre '.length) : text.replace(RANGE_OPENER, '');
	const joiners = between ? [' et '] : JOINERS;

	// Every reading of the phrase as a range; understood only if they all agree.
	const readings = new Map<string, Months>();
	for (const joiner of joiners) {
		for (const [leftText, rightText] of cuts(body, joiner)) {
			const left = parsePoint(leftText);
			const right = parsePoint(rightText);
			if (!left || !right) continue;
			// "1er semestre 2023-2024" is a part of the school year 2023-2024, not a range (see top).
			if (joiner === '-' && right.wholeYear && !left.wholeYear && right.year !== null) continue;
			const leftYear = left.year ?? right.year ?? referenceYear;
			const rightYear = right.year ?? left.year ?? referenceYear;
			if (leftYear === null || rightYear === null) continue;
			const from = months(left.span, leftYear);
			const to = months(right.span, rightYear);
			if (from.start > to.start || from.end > to.end) continue;
			readings.set(`${from.start}:${to.end}`, { start: from.start, end: to.end });
		}
	}
	return readings.size === 1 ? [...readings.values()][0] : null;
}

// ---------------------------------------------------------------------------------------------
// Public API

function isoMonth(index: number): string {
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The period a "Calendrier prévisionnel" phrase means, or why it is not understood: 'vide' for an
 * empty cell (or one with only punctuation, such as "-"), 'inconnu' for anything no rule reads
 * whole. A phrase without a year ("2e semestre") is understood only with options.referenceYear.
 */
export function parseCalendarPhrase(
	text: string,
	options?: { referenceYear?: number }
): CalendarParse {
	const phrase = normalise(text);
	if (!/[a-z0-9]/.test(phrase)) return { understood: false, reason: 'vide' };

	const given = options?.referenceYear;
	const referenceYear = given !== undefined && validYear(given) ? given : null;

	let found: Months | null;
	const point = parsePoint(phrase);
	if (point) {
		const year = point.year ?? referenceYear;
		found = year === null ? null : months(point.span, year);
	} else {
		found = parseRange(phrase, referenceYear);
	}
	if (!found) return { understood: false, reason: 'inconnu' };

	const period = { start: isoMonth(found.start), end: isoMonth(found.end) };
	return { understood: true, period, label: formatPeriod(period) };
}

const ISO_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function yearAndMonth(iso: string): [number, number] {
	const match = ISO_MONTH.exec(iso);
	if (!match) throw new RangeError(`Not an ISO month (YYYY-MM): "${iso}"`);
	return [Number(match[1]), Number(match[2])];
}

/**
 * Short French label of a period: "mars 2025", "2025", "2024-2025", "juil.-déc. 2023",
 * "déc. 2024-févr. 2025".
 */
export function formatPeriod(period: CalendarPeriod): string {
	const [startYear, startMonth] = yearAndMonth(period.start);
	const [endYear, endMonth] = yearAndMonth(period.end);
	if (endYear * 12 + endMonth < startYear * 12 + startMonth) {
		throw new RangeError(`Period ends before it starts: ${period.start} → ${period.end}`);
	}
	const from = MONTH_LABELS[startMonth - 1];
	const to = MONTH_LABELS[endMonth - 1];

	if (startMonth === 1 && endMonth === 12) {
		return startYear === endYear ? `${startYear}` : `${startYear}-${endYear}`;
	}
	if (startYear === endYear) {
		return startMonth === endMonth ? `${from} ${startYear}` : `${from}-${to} ${startYear}`;
	}
	return `${from} ${startYear}-${to} ${endYear}`;
}
