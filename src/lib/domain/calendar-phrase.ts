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
// - "rentrée 2023": septembre 2023 (plans mean the start of the school year, not the autumn).
// - Seasons: "printemps" mars-mai, "été" juil.-août (the summer holidays, when social-action
//   services change pace; June is still the end of the school year), "automne" sept.-nov.,
//   "hiver 2024" déc. 2024-févr. 2025 (the winter that begins in December of the year written, as
//   in "hiver 2024-2025").
// - "début mars", "mi-mars", "fin mars": the month itself (the smallest unit shown is a month).
// - Open-ended phrases run to an end of the plan (the PST's years, options.planYears): "dès 2025",
//   "à partir de l'automne 2024" run from that period to December of the plan's last year; "d'ici
//   fin 2027", "jusqu'en 2026" from January of the plan's first year to the end of that period;
//   "avant l'été 2025" to the month before it. "Toute la durée du PST" (du plan, du projet) is the
//   plan's years. Without options.planYears they are not understood. Phrases with no period in
//   them ("en continu", "permanent", "en cours") are never understood.
// - Lists ("mai-juin et juillet 2023", "2025 et 2026", "fin 2024, début 2025") are read as the
//   period from the first item's start to the last item's end, items in order; their year is the
//   last item's when an item has none. The note lists the items when there are gaps between them.
// - Month cells written by Excel ("sept-24", "janv.-25"): a month and a two-digit year after a dash
//   are 20yy. Dates ("01/09/2024", "09/2024") are their month. Other two-digit years are refused.
// - Ordinal slips ("1ème", "2er", "3°") are read by their digit.
// - "1er semestre 2023-2024", "fin 2023/2024": a part of a year written before a span of years
//   reads as "of the school year 2023-2024", so it is not read as a range ending in December 2024
//   and is not understood. Two such phrases are unambiguous and understood: "rentrée 2023-2024"
//   (sept. 2023) and "hiver 2023-2024" (déc. 2023-févr. 2024), consecutive years only.
// - A range without any year ("mars-juin", "2e semestre") uses options.referenceYear when given; a
//   range with one year ("de mars à juin 2024") gives that year to its other end. Ranges are never
//   shifted across years to make them fit: "de septembre à juin 2024" is not understood.

/** An inclusive range of months, each an ISO month 'YYYY-MM'. */
export interface CalendarPeriod {
	start: string;
	end: string;
}

export type CalendarParse =
	/** `note` names the conventions used ("rentrée = septembre"), for the "lu comme" line. */
	| { understood: true; period: CalendarPeriod; label: string; note?: string }
	/** `hint` says what is missing when the phrase has a reading that needs more (the plan's years). */
	| { understood: false; reason: 'vide' | 'inconnu'; hint?: string };

export interface CalendarOptions {
	/** The year of a phrase that writes none ("2e semestre"). */
	referenceYear?: number;
	/** The plan's first and last years (PST 2022-2028), for "dès 2025", "d'ici fin 2027", "toute la durée du PST". */
	planYears?: { start: number; end: number };
}

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
	/** The convention used, when the months are one ("rentrée = septembre"). */
	note?: string;
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
// A digit with any ordinal ending, slips included ("1ème", "2er", "3°", "1 er"): the digit says it.
const DIGIT_ORDINAL = '\\d ?(?:ere|er|re|eme|ieme|em|e|nde|nd|°|o)';
const ORDINAL = `${Object.keys(ORDINALS)
	.filter((k) => !/^\d/.test(k))
	.join('|')}|dernier|${DIGIT_ORDINAL}`;

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
const RENTREE: MonthSpan = { from: 9, to: 9 };

/** "dernier" is the last of `count`; any other ordinal must be at most `count`. */
function nth(word: string, count: number): number | null {
	const n = word === 'dernier' ? count : /^\d/.test(word) ? Number(word[0]) : ORDINALS[word];
	return n !== undefined && n >= 1 && n <= count ? n : null;
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
	note?: (match: RegExpExecArray) => string;
}

const WHOLE_YEAR_RULE: Rule = { name: 'année', pattern: /^(?:annee)?$/, span: () => WHOLE_YEAR };

const SEASON_NOTES: Record<string, string> = {
	printemps: 'printemps = mars-mai',
	ete: 'été = juillet-août',
	automne: 'automne = septembre-novembre',
	hiver: 'hiver = décembre-février'
};

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
		span: () => START_OF_YEAR,
		note: () => 'début = janvier-mars'
	},
	{
		name: "milieu d'année",
		pattern: /^(?:mi|mi-annee|milieu(?: d'annee| de l'annee| de)?)$/,
		span: () => MIDDLE_OF_YEAR,
		note: () => 'mi-année = mai-août'
	},
	{
		name: "fin d'année",
		pattern: /^fin(?: d'annee| de l'annee| de)?$/,
		span: () => END_OF_YEAR,
		note: () => 'fin = octobre-décembre'
	},
	{
		name: 'mois',
		pattern: new RegExp(`^(?:(?:debut|mi|fin) (?:de |d')?|mi-)?(?:mois (?:de |d'))?(${MONTH})$`),
		span: (m) => month(m[1])
	},
	{ name: 'rentrée', pattern: /^rentree(?: scolaire)?$/, span: () => RENTREE, note: () => 'rentrée = septembre' },
	{
		name: 'saison',
		pattern: /^(printemps|ete|automne|hiver)$/,
		span: (m) => SEASONS[m[1]],
		note: (m) => SEASON_NOTES[m[1]]
	}
];

/** "hiver 2023-2024", "rentrée scolaire 2023-2024": a period named by its school year. */
const SCHOOL_YEAR_POINT = /^(hiver|rentree(?: scolaire)?) (\d{4})-(\d{4})$/;

/** "sept-24", "janv-25": the cell Excel shows for a date typed in a column formatted mmm-yy. */
const EXCEL_MONTH_POINT = new RegExp(`^(${MONTH})-(\\d{2})$`);

/** "01/09/2024", "1/9/2024", "09/2024" (slashes are dashes once normalised). */
const DATE_POINT = /^(?:(\d{1,2})-)?(\d{1,2})-(\d{4})$/;

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
		const hiver = school[1] === 'hiver';
		return { span: hiver ? SEASONS.hiver : RENTREE, year: first, wholeYear: false, note: hiver ? SEASON_NOTES.hiver : 'rentrée = septembre' };
	}

	const excel = EXCEL_MONTH_POINT.exec(text);
	if (excel) {
		const year = 2000 + Number(excel[2]);
		return { span: month(excel[1]), year, wholeYear: false, note: `« ${excel[2]} » = ${year}` };
	}

	const date = DATE_POINT.exec(text);
	if (date) {
		const [day, monthNumber, year] = [date[1] === undefined ? 1 : Number(date[1]), Number(date[2]), Number(date[3])];
		const valid = day >= 1 && day <= 31 && monthNumber >= 1 && monthNumber <= 12 && validYear(year);
		return valid ? { span: { from: monthNumber, to: monthNumber }, year, wholeYear: false } : null;
	}

	const withYear = TRAILING_YEAR.exec(text);
	const rest = withYear ? (withYear[1] ?? '') : text;
	const year = withYear ? Number(withYear[2]) : null;
	if (year !== null && !validYear(year)) return null;

	for (const rule of RULES) {
		const match = rule.pattern.exec(rest);
		if (!match) continue;
		const span = rule.span(match);
		return span ? { span, year, wholeYear: rule === WHOLE_YEAR_RULE, note: rule.note?.(match) } : null;
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// Ranges: "X-Y", "X à Y", "de X à Y", "du X au Y", "de X jusqu'en Y", "entre X et Y"

/** Months counted from year 0: year * 12 + (month - 1), and the conventions used to read them. */
interface Months {
	start: number;
	end: number;
	notes: string[];
}

const RANGE_OPENER = /^(?:de |du |d')/;
const JOINERS = ['-', ' a ', ' au ', " jusqu'a ", " jusqu'au ", " jusqu'en "];

function months(point: Point, year: number): Months {
	return { start: year * 12 + point.span.from - 1, end: year * 12 + point.span.to - 1, notes: point.note ? [point.note] : [] };
}

function pointMonths(text: string, referenceYear: number | null): Months | null {
	const point = parsePoint(text);
	const year = point ? (point.year ?? referenceYear) : null;
	return point && year !== null ? months(point, year) : null;
}

/** Every way of cutting `text` in two around `joiner`, both sides non-empty. */
function* cuts(text: string, joiner: string): Generator<[string, string]> {
	for (let i = text.indexOf(joiner); i !== -1; i = text.indexOf(joiner, i + 1)) {
		const left = text.slice(0, i);
		const right = text.slice(i + joiner.length);
		if (left && right) yield [left, right];
	}
}

function unique(notes: string[]): string[] {
	return [...new Set(notes)];
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
			const from = months(left, leftYear);
			const to = months(right, rightYear);
			if (from.start > to.start || from.end > to.end) continue;
			readings.set(`${from.start}:${to.end}`, { start: from.start, end: to.end, notes: unique([...from.notes, ...to.notes]) });
		}
	}
	return readings.size === 1 ? [...readings.values()][0] : null;
}

/** A single period or a range of two: "2ème semestre 2023", "mai-juin", "de 2024 à 2026". */
function parseSegment(text: string, referenceYear: number | null): Months | null {
	return pointMonths(text, referenceYear) ?? parseRange(text, referenceYear);
}

// ---------------------------------------------------------------------------------------------
// Lists: "mai-juin et juillet 2023", "2025 et 2026", "mars, avril et mai 2024", "mai-juin-juillet 2023"

const LIST_SEPARATOR = /\s*,\s*|\s+et\s+|\s+puis\s+|\s*\+\s*|\s+&\s+/;

function monthLabel(index: number): string {
	return `${MONTH_LABELS[index % 12]} ${Math.floor(index / 12)}`;
}

function itemLabel(m: Months): string {
	return formatPeriod({ start: isoMonth(m.start), end: isoMonth(m.end) });
}

/** Items in order, each starting no earlier than the one before: their span, and the gaps named. */
function joinItems(items: Months[]): Months | null {
	for (let i = 1; i < items.length; i++) {
		if (items[i].start < items[i - 1].start || items[i].end < items[i - 1].end) return null;
	}
	const gaps = items.some((m, i) => i > 0 && m.start > items[i - 1].end + 1);
	const notes = unique(items.flatMap((m) => m.notes));
	if (gaps) notes.unshift(`en plusieurs fois : ${items.map(itemLabel).join(', ')}`);
	return { start: items[0].start, end: items.at(-1)!.end, notes };
}

function parseList(text: string, referenceYear: number | null): Months | null {
	if (text.startsWith('entre ')) return null;
	const parts = text.split(LIST_SEPARATOR).filter(Boolean);
	// "mai-juin-juillet 2023": a chain of three or more joined by dashes is a list too.
	const pieces = parts.length > 1 ? parts : text.split('-');
	if (pieces.length < (parts.length > 1 ? 2 : 3)) return null;
	// The year written last is the year of the items that write none ("mai-juin et juillet 2023").
	const lastYear = /(\d{4})$/.exec(pieces.at(-1)!);
	const year = lastYear && validYear(Number(lastYear[1])) ? Number(lastYear[1]) : referenceYear;
	const items: Months[] = [];
	for (const piece of pieces) {
		const item = parts.length > 1 ? parseSegment(piece, year) : pointMonths(piece, year);
		if (!item) return null;
		items.push(item);
	}
	return joinItems(items);
}

// ---------------------------------------------------------------------------------------------
// Phrases that name the plan, or run to one of its ends

const PLAN_WHOLE =
	/^(?:(?:pendant|sur|durant|pour) )?(?:toute la duree|toute la periode|la duree|la periode|tout au long|tout le long|toute la vie) (?:du |de la |de l'|de |d')?(?:pst|pts|plan|projet|projet social de territoire|projet territorial des solidarites|schema)$/;
const OPEN_START = /^(?:des |a partir (?:de |du |d')|a compter (?:de |du |d')|depuis )(.+)$/;
const OPEN_END = /^(?:d'ici (?:a |au |la |le |l')?|jusqu'(?:a |au |en )|au plus tard (?:en |au |a |le |la )?)(.+)$/;
const BEFORE = /^avant (?:le |la |l'|d'ici )?(.+)$/;

type PlanYears = NonNullable<CalendarOptions['planYears']>;

/** What the phrase means when it names the plan or one of its ends; 'plan' when that needs the plan's years. */
function parseOpen(text: string, plan: PlanYears | null, referenceYear: number | null): Months | 'plan' | null {
	const planStart = plan ? plan.start * 12 : null;
	const planEnd = plan ? plan.end * 12 + 11 : null;
	const planLabel = plan ? `${plan.start}-${plan.end}` : '';
	if (PLAN_WHOLE.test(text)) {
		return planStart === null || planEnd === null ? 'plan' : { start: planStart, end: planEnd, notes: [`durée du plan ${planLabel}`] };
	}
	const opening = OPEN_START.exec(text);
	if (opening) {
		const from = parseSegment(opening[1], referenceYear);
		if (!from) return null;
		if (planEnd === null) return 'plan';
		if (from.start > planEnd) return null;
		return { start: from.start, end: Math.max(from.end, planEnd), notes: [...from.notes, `jusqu'à la fin du plan, ${monthLabel(planEnd)}`] };
	}
	const until = OPEN_END.exec(text);
	const before = until ? null : BEFORE.exec(text);
	const limit = until ?? before;
	if (limit) {
		const to = parseSegment(limit[1], referenceYear);
		if (!to) return null;
		if (planStart === null) return 'plan';
		const end = until ? to.end : to.start - 1;
		if (end < planStart) return null;
		return { start: planStart, end, notes: [...to.notes, `depuis le début du plan, ${monthLabel(planStart)}`] };
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// Public API

function isoMonth(index: number): string {
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The period a "Calendrier prévisionnel" phrase means, or why it is not understood: 'vide' for an
 * empty cell (or one with only punctuation, such as "-"), 'inconnu' for anything no rule reads
 * whole. A phrase without a year ("2e semestre") is understood only with options.referenceYear;
 * one that runs to an end of the plan ("dès 2025") only with options.planYears.
 */
export function parseCalendarPhrase(text: string, options?: CalendarOptions): CalendarParse {
	const phrase = normalise(text);
	if (!/[a-z0-9]/.test(phrase)) return { understood: false, reason: 'vide' };

	const given = options?.referenceYear;
	const referenceYear = given !== undefined && validYear(given) ? given : null;
	const plan = options?.planYears;
	const planYears = plan && validYear(plan.start) && validYear(plan.end) && plan.start <= plan.end ? plan : null;

	const open = parseOpen(phrase, planYears, referenceYear);
	if (open === 'plan') {
		return { understood: false, reason: 'inconnu', hint: 'il faut les années du plan (paramètres du projet) pour lire cette période' };
	}
	const found = open ?? parseSegment(phrase, referenceYear) ?? parseList(phrase, referenceYear);
	if (!found) return { understood: false, reason: 'inconnu' };

	const period = { start: isoMonth(found.start), end: isoMonth(found.end) };
	const result: CalendarParse = { understood: true, period, label: formatPeriod(period) };
	if (found.notes.length) result.note = found.notes.join(' ; ');
	return result;
}

/** The line shown under a calendar cell: "lu comme : sept. 2022 (rentrée = septembre)". */
export function explainCalendarParse(result: CalendarParse): string {
	if (result.understood) return `lu comme : ${result.label}${result.note ? ` (${result.note})` : ''}`;
	if (result.reason === 'vide') return '';
	return `non compris${result.hint ? ` : ${result.hint}` : ' : aucune période devinée (écrivez par exemple « 2e semestre 2025 » ou « de mars à juin 2026 »)'}`;
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
