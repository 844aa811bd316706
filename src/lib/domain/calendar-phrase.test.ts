import { describe, expect, it } from 'vitest';
import { explainCalendarParse, formatPeriod, parseCalendarPhrase, type CalendarOptions, type CalendarParse } from './calendar-phrase.ts';

/** [phrase, start, end, label] */
type Row = [string, string, string, string];

function understood(start: string, end: string, label: string): CalendarParse {
	return { understood: true, period: { start, end }, label };
}

/** The period and label, without the note (tested on its own below). */
function periodOf(result: CalendarParse): CalendarParse {
	return result.understood ? { understood: true, period: result.period, label: result.label } : { understood: false, reason: result.reason };
}

function expectRows(rows: Row[], options?: CalendarOptions): void {
	for (const [phrase, start, end, label] of rows) {
		expect(periodOf(parseCalendarPhrase(phrase, options)), phrase).toEqual(understood(start, end, label));
	}
}

function expectNotUnderstood(phrases: string[], options?: CalendarOptions): void {
	for (const phrase of phrases) {
		expect(periodOf(parseCalendarPhrase(phrase, options)), phrase).toEqual({
			understood: false,
			reason: 'inconnu'
		});
	}
}

describe('parseCalendarPhrase', () => {
	it('understands every phrase of the Val de Saône Dombes fiches', () => {
		// The "calendrier" values of shared/fixtures/fiches-val-de-saone-dombes.json, copied here
		// because the shared folder is not part of the repository.
		expectRows([
			['1er semestre 2023', '2023-01', '2023-06', 'janv.-juin 2023'],
			['1er semestre 2024', '2024-01', '2024-06', 'janv.-juin 2024'],
			['1er trimestre 2023', '2023-01', '2023-03', 'janv.-mars 2023'],
			['2023', '2023-01', '2023-12', '2023'],
			['2024', '2024-01', '2024-12', '2024'],
			['2025', '2025-01', '2025-12', '2025'],
			['2026', '2026-01', '2026-12', '2026'],
			['2027', '2027-01', '2027-12', '2027'],
			['2028', '2028-01', '2028-12', '2028'],
			['2ème semestre 2023', '2023-07', '2023-12', 'juil.-déc. 2023'],
			['2ème semestre 2024', '2024-07', '2024-12', 'juil.-déc. 2024'],
			['fin 2024', '2024-10', '2024-12', 'oct.-déc. 2024']
		]);
	});

	it('reads a year, with or without the words around it', () => {
		const phrases = [
			'2025',
			'en 2025',
			'année 2025',
			"l'année 2025",
			'courant 2025',
			"au cours de l'année 2025"
		];
		expectRows(phrases.map((phrase): Row => [phrase, '2025-01', '2025-12', '2025']));
	});

	it('reads semesters in all their spellings', () => {
		const first: Row[] = [
			'1er semestre 2023',
			'1er sem. 2023',
			'1ère semestre 2023',
			'premier semestre 2023',
			'S1 2023',
			'semestre 1 2023',
			'au 1er semestre 2023',
			'1ᵉʳ semestre 2023'
		].map((phrase) => [phrase, '2023-01', '2023-06', 'janv.-juin 2023']);
		const second: Row[] = [
			'2ème semestre 2023',
			'2e semestre 2023',
			'2eme semestre 2023',
			'2nd semestre 2023',
			'second semestre 2023',
			'seconde semestre 2023',
			'deuxième semestre 2023',
			'dernier semestre 2023',
			'S2 2023',
			'2ème sem. 2023',
			'au second semestre 2023'
		].map((phrase) => [phrase, '2023-07', '2023-12', 'juil.-déc. 2023']);
		expectRows([...first, ...second]);
	});

	it('reads quarters in all their spellings', () => {
		expectRows([
			['1er trimestre 2023', '2023-01', '2023-03', 'janv.-mars 2023'],
			['premier trimestre 2023', '2023-01', '2023-03', 'janv.-mars 2023'],
			['T1 2023', '2023-01', '2023-03', 'janv.-mars 2023'],
			['2ème trimestre 2023', '2023-04', '2023-06', 'avr.-juin 2023'],
			['2e trimestre 2023', '2023-04', '2023-06', 'avr.-juin 2023'],
			['deuxième trimestre 2023', '2023-04', '2023-06', 'avr.-juin 2023'],
			['T2 2023', '2023-04', '2023-06', 'avr.-juin 2023'],
			['3ème trimestre 2023', '2023-07', '2023-09', 'juil.-sept. 2023'],
			['3e trimestre 2023', '2023-07', '2023-09', 'juil.-sept. 2023'],
			['troisième trimestre 2023', '2023-07', '2023-09', 'juil.-sept. 2023'],
			['T3 2023', '2023-07', '2023-09', 'juil.-sept. 2023'],
			['4ème trimestre 2023', '2023-10', '2023-12', 'oct.-déc. 2023'],
			['4e trimestre 2023', '2023-10', '2023-12', 'oct.-déc. 2023'],
			['quatrième trimestre 2023', '2023-10', '2023-12', 'oct.-déc. 2023'],
			['dernier trimestre 2023', '2023-10', '2023-12', 'oct.-déc. 2023'],
			['T4 2023', '2023-10', '2023-12', 'oct.-déc. 2023'],
			['trimestre 4 2023', '2023-10', '2023-12', 'oct.-déc. 2023']
		]);
	});

	it('reads the start, middle and end of a year (middle = May to August)', () => {
		expectRows([
			['début 2024', '2024-01', '2024-03', 'janv.-mars 2024'],
			["début d'année 2024", '2024-01', '2024-03', 'janv.-mars 2024'],
			['mi-2024', '2024-05', '2024-08', 'mai-août 2024'],
			['mi 2024', '2024-05', '2024-08', 'mai-août 2024'],
			['milieu 2024', '2024-05', '2024-08', 'mai-août 2024'],
			['mi-année 2024', '2024-05', '2024-08', 'mai-août 2024'],
			['à la mi-2024', '2024-05', '2024-08', 'mai-août 2024'],
			['fin 2024', '2024-10', '2024-12', 'oct.-déc. 2024'],
			["fin d'année 2024", '2024-10', '2024-12', 'oct.-déc. 2024'],
			["fin de l'année 2024", '2024-10', '2024-12', 'oct.-déc. 2024'],
			["en fin d'année 2024", '2024-10', '2024-12', 'oct.-déc. 2024'],
			['à la fin 2024', '2024-10', '2024-12', 'oct.-déc. 2024']
		]);
	});

	it('reads a month, its abbreviations, and its start or end as the month itself', () => {
		expectRows([
			['janvier 2024', '2024-01', '2024-01', 'janv. 2024'],
			['janv. 2024', '2024-01', '2024-01', 'janv. 2024'],
			['février 2024', '2024-02', '2024-02', 'févr. 2024'],
			['fevrier 2024', '2024-02', '2024-02', 'févr. 2024'],
			['févr. 2024', '2024-02', '2024-02', 'févr. 2024'],
			['mars 2025', '2025-03', '2025-03', 'mars 2025'],
			['en mars 2025', '2025-03', '2025-03', 'mars 2025'],
			['début mars 2025', '2025-03', '2025-03', 'mars 2025'],
			['mi-mars 2025', '2025-03', '2025-03', 'mars 2025'],
			['fin mars 2025', '2025-03', '2025-03', 'mars 2025'],
			['au mois de mars 2025', '2025-03', '2025-03', 'mars 2025'],
			['avril 2024', '2024-04', '2024-04', 'avr. 2024'],
			['avr. 2024', '2024-04', '2024-04', 'avr. 2024'],
			["début d'avril 2024", '2024-04', '2024-04', 'avr. 2024'],
			['mai 2024', '2024-05', '2024-05', 'mai 2024'],
			['juin 2024', '2024-06', '2024-06', 'juin 2024'],
			['juillet 2024', '2024-07', '2024-07', 'juil. 2024'],
			['juil. 2024', '2024-07', '2024-07', 'juil. 2024'],
			['août 2024', '2024-08', '2024-08', 'août 2024'],
			['aout 2024', '2024-08', '2024-08', 'août 2024'],
			['septembre 2024', '2024-09', '2024-09', 'sept. 2024'],
			['sept. 2024', '2024-09', '2024-09', 'sept. 2024'],
			['octobre 2024', '2024-10', '2024-10', 'oct. 2024'],
			['oct. 2024', '2024-10', '2024-10', 'oct. 2024'],
			['novembre 2024', '2024-11', '2024-11', 'nov. 2024'],
			['nov. 2024', '2024-11', '2024-11', 'nov. 2024'],
			['décembre 2024', '2024-12', '2024-12', 'déc. 2024'],
			['decembre 2024', '2024-12', '2024-12', 'déc. 2024'],
			['déc. 2024', '2024-12', '2024-12', 'déc. 2024']
		]);
	});

	it('reads ranges of months', () => {
		expectRows([
			['mars-juin 2024', '2024-03', '2024-06', 'mars-juin 2024'],
			['mars - juin 2024', '2024-03', '2024-06', 'mars-juin 2024'],
			['mars à juin 2024', '2024-03', '2024-06', 'mars-juin 2024'],
			['de mars à juin 2024', '2024-03', '2024-06', 'mars-juin 2024'],
			["d'avril à juin 2024", '2024-04', '2024-06', 'avr.-juin 2024'],
			['de mars 2024 à juin', '2024-03', '2024-06', 'mars-juin 2024'],
			['juillet-août 2024', '2024-07', '2024-08', 'juil.-août 2024'],
			['septembre 2023 - juin 2024', '2023-09', '2024-06', 'sept. 2023-juin 2024'],
			['de septembre 2023 à juin 2024', '2023-09', '2024-06', 'sept. 2023-juin 2024'],
			['sept. 2023 – juin 2024', '2023-09', '2024-06', 'sept. 2023-juin 2024'],
			['mi-juin-juillet 2024', '2024-06', '2024-07', 'juin-juil. 2024']
		]);
	});

	it('[CAL1] reads the rentrée as September, as plans mean it, and the seasons', () => {
		expectRows([
			['rentrée 2023', '2023-09', '2023-09', 'sept. 2023'],
			['Rentrée 2022', '2022-09', '2022-09', 'sept. 2022'],
			['rentrée scolaire 2023', '2023-09', '2023-09', 'sept. 2023'],
			['à la rentrée 2023', '2023-09', '2023-09', 'sept. 2023'],
			['rentrée 2023-2024', '2023-09', '2023-09', 'sept. 2023'],
			['rentrée scolaire 2023/2024', '2023-09', '2023-09', 'sept. 2023'],
			['printemps 2025', '2025-03', '2025-05', 'mars-mai 2025'],
			['au printemps 2025', '2025-03', '2025-05', 'mars-mai 2025'],
			['été 2024', '2024-07', '2024-08', 'juil.-août 2024'],
			["l'été 2024", '2024-07', '2024-08', 'juil.-août 2024'],
			["à l'automne 2024", '2024-09', '2024-11', 'sept.-nov. 2024'],
			['automne 2024', '2024-09', '2024-11', 'sept.-nov. 2024'],
			['hiver 2024', '2024-12', '2025-02', 'déc. 2024-févr. 2025'],
			['hiver 2024-2025', '2024-12', '2025-02', 'déc. 2024-févr. 2025'],
			['hiver 2024/2025', '2024-12', '2025-02', 'déc. 2024-févr. 2025']
		]);
	});

	it('reads ranges of years', () => {
		expectRows([
			['2024-2025', '2024-01', '2025-12', '2024-2025'],
			['2024 - 2025', '2024-01', '2025-12', '2024-2025'],
			['2024/2025', '2024-01', '2025-12', '2024-2025'],
			['2024 — 2025', '2024-01', '2025-12', '2024-2025'],
			['de 2024 à 2026', '2024-01', '2026-12', '2024-2026'],
			['2023 à 2028', '2023-01', '2028-12', '2023-2028'],
			['2022-2028', '2022-01', '2028-12', '2022-2028'],
			["de 2024 jusqu'en 2026", '2024-01', '2026-12', '2024-2026'],
			['entre 2024 et 2026', '2024-01', '2026-12', '2024-2026'],
			['en 2024-2025', '2024-01', '2025-12', '2024-2025']
		]);
	});

	it('reads ranges of semesters, quarters and other parts of years', () => {
		expectRows([
			['2ème semestre 2023 - 1er semestre 2024', '2023-07', '2024-06', 'juil. 2023-juin 2024'],
			['S2 2023-S1 2024', '2023-07', '2024-06', 'juil. 2023-juin 2024'],
			['du 2nd semestre 2023 au 1er semestre 2024', '2023-07', '2024-06', 'juil. 2023-juin 2024'],
			['T2 2023 - T4 2024', '2023-04', '2024-12', 'avr. 2023-déc. 2024'],
			['1er trimestre - 3ème trimestre 2024', '2024-01', '2024-09', 'janv.-sept. 2024'],
			['de la rentrée 2023 à fin 2024', '2023-09', '2024-12', 'sept. 2023-déc. 2024'],
			["de l'automne 2024 au printemps 2025", '2024-09', '2025-05', 'sept. 2024-mai 2025'],
			['2023 - 1er semestre 2024', '2023-01', '2024-06', 'janv. 2023-juin 2024'],
			['fin 2023 à 2025', '2023-10', '2025-12', 'oct. 2023-déc. 2025']
		]);
	});

	it('tolerates case, missing accents, extra spaces and trailing punctuation', () => {
		expectRows(
			[
				'2EME SEMESTRE 2023',
				'2ème   semestre    2023',
				'  2ème semestre 2023  ',
				'2ème semestre 2023.',
				'2ème semestre 2023 !',
				'2ème semestre 2023;',
				'2eme semestre 2023',
				'2ème\u00a0semestre\u00a02023',
				'2ᵉ semestre 2023'
			].map((phrase): Row => [phrase, '2023-07', '2023-12', 'juil.-déc. 2023'])
		);
		expectRows([
			["AU COURS DE L'ANNÉE 2025", '2025-01', '2025-12', '2025'],
			['fin d’année 2024', '2024-10', '2024-12', 'oct.-déc. 2024'],
			["fin d' année 2024", '2024-10', '2024-12', 'oct.-déc. 2024'],
			['Mi - 2024', '2024-05', '2024-08', 'mai-août 2024']
		]);
	});

	it('uses the reference year for a phrase without a year, and only then', () => {
		const yearless = [
			['2ème semestre', '2023-07', '2023-12', 'juil.-déc. 2023'],
			['rentrée', '2023-09', '2023-09', 'sept. 2023'],
			["fin d'année", '2023-10', '2023-12', 'oct.-déc. 2023'],
			["en fin d'année", '2023-10', '2023-12', 'oct.-déc. 2023'],
			['T3', '2023-07', '2023-09', 'juil.-sept. 2023'],
			['mars', '2023-03', '2023-03', 'mars 2023'],
			['mars-juin', '2023-03', '2023-06', 'mars-juin 2023'],
			['hiver', '2023-12', '2024-02', 'déc. 2023-févr. 2024']
		] satisfies Row[];
		expectRows(yearless, { referenceYear: 2023 });
		expectNotUnderstood(yearless.map(([phrase]) => phrase));
		// A written year wins over the reference year.
		expectRows([['2ème semestre 2025', '2025-07', '2025-12', 'juil.-déc. 2025']], {
			referenceYear: 2023
		});
		// A reference year that is not a valid 4-digit year is ignored.
		expectNotUnderstood(['2ème semestre'], { referenceYear: 23 });
		expectNotUnderstood(['2ème semestre'], { referenceYear: 2023.5 });
	});

	it('reports an empty cell as vide', () => {
		for (const phrase of ['', ' ', '\t\n', '  .  ', '-', '/', '…']) {
			expect(parseCalendarPhrase(phrase), JSON.stringify(phrase)).toEqual({
				understood: false,
				reason: 'vide'
			});
		}
	});

	it('[CAL2] does not guess phrases with no period in them, nor open-ended ones without the plan\'s years', () => {
		const open = ['à partir de 2024', 'dès 2024', 'depuis 2023', "d'ici 2025", "d'ici fin 2024", "jusqu'à fin 2024", 'avant 2025', 'toute la durée du PST'];
		expectNotUnderstood(open, { referenceYear: 2024 });
		for (const phrase of open) {
			expect(explainCalendarParse(parseCalendarPhrase(phrase)), phrase).toBe(
				'non compris : il faut les années du plan (paramètres du projet) pour lire cette période'
			);
		}
		expectNotUnderstood(
			[
				'de 2024',
				'en continu',
				"toute l'année",
				'permanent',
				'permanente',
				'en cours',
				"toute la durée de l'action",
				'dès que possible',
				"d'ici la fin du projet"
			],
			{ referenceYear: 2024, planYears: { start: 2022, end: 2028 } }
		);
	});

	it('does not find a year inside other text', () => {
		expectNotUnderstood([
			'après le bilan de 2024',
			'selon financement 2024',
			'2024 si financement',
			'2024 (à confirmer)',
			'réunion 2024',
			'2024 2025',
			'2024 et bilan',
			'2024, voir',
			'semestre 2023',
			'3ème semestre 2023',
			'5ème trimestre 2023',
			'T5 2023',
			'S3 2023',
			'fin de semestre 2024'
		]);
	});

	it('refuses two-digit years and years outside 1990-2100', () => {
		expectNotUnderstood([
			'fin 24',
			'2ème semestre 23',
			'S1 23',
			'24',
			'2024-25',
			'sept. 23',
			'1989',
			'2101',
			'fin 1900',
			'0999',
			'20245',
			'2024-2101'
		]);
		expectRows([
			['1990', '1990-01', '1990-12', '1990'],
			['2100', '2100-01', '2100-12', '2100']
		]);
	});

	it('refuses a range that ends before it starts', () => {
		expectNotUnderstood([
			'2025-2024',
			'de 2026 à 2024',
			'juin-mars 2024',
			'juin 2024 - mars 2024',
			'1er semestre 2024 - 2ème semestre 2023',
			// Not shifted to the previous year to make it fit.
			'de septembre à juin 2024',
			'hiver - printemps 2025',
			// Ends inside what it starts with.
			'2024 - 1er semestre 2024'
		]);
	});

	it('refuses a part of a year followed by a span of years (a school year is meant)', () => {
		expectNotUnderstood([
			'1er semestre 2023-2024',
			'2ème semestre 2023/2024',
			'fin 2023-2024',
			'rentrée 2023-2025',
			'hiver 2023-2025',
			'hiver 2024-2023'
		]);
	});

	it('[CAL3] reads the month cells Excel writes for a date in a mmm-yy column, and only with a dash', () => {
		const excelMonths = ['janv', 'févr', 'mars', 'avr', 'mai', 'juin', 'juil', 'août', 'sept', 'oct', 'nov', 'déc'];
		const labels = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
		const rows: Row[] = [];
		for (let yy = 20; yy <= 30; yy++) {
			excelMonths.forEach((m, i) => {
				const iso = `20${yy}-${String(i + 1).padStart(2, '0')}`;
				rows.push([`${m}-${yy}`, iso, iso, `${labels[i]} 20${yy}`]);
				rows.push([`${m}.-${yy}`, iso, iso, `${labels[i]} 20${yy}`]);
			});
		}
		expectRows(rows);
		expectRows([
			['sept-24 - déc-24', '2024-09', '2024-12', 'sept.-déc. 2024'],
			['oct-25', '2025-10', '2025-10', 'oct. 2025']
		]);
		expect(parseCalendarPhrase('sept-24')).toMatchObject({ note: '« 24 » = 2024' });
		expectNotUnderstood(['sept 24', 'sept-2', 'sept-245', '24-sept', 'mardi-24']);
	});

	it('[CAL4] reads ordinal slips by their digit ("1ème trimestre 2025")', () => {
		const endings = ['er', 'ère', 're', 'e', 'ème', 'eme', 'ième', 'em', 'nd', 'nde', '°', ' er', ' ème'];
		const rows: Row[] = [];
		for (const ending of endings) {
			for (const n of [1, 2, 3, 4]) {
				const from = String(3 * n - 2).padStart(2, '0');
				const to = String(3 * n).padStart(2, '0');
				rows.push([`${n}${ending} trimestre 2025`, `2025-${from}`, `2025-${to}`, formatPeriod({ start: `2025-${from}`, end: `2025-${to}` })]);
			}
			rows.push([`1${ending} semestre 2025`, '2025-01', '2025-06', 'janv.-juin 2025']);
			rows.push([`2${ending} semestre 2025`, '2025-07', '2025-12', 'juil.-déc. 2025']);
		}
		expectRows(rows);
		expectNotUnderstood(['5ème trimestre 2025', '3ème semestre 2025', '0ème trimestre 2025', '1x trimestre 2025']);
	});

	it('[CAL5] reads lists of periods joined by "-", "et", "," as the span from the first to the last', () => {
		expectRows([
			['mai-juin et juillet 2023', '2023-05', '2023-07', 'mai-juil. 2023'],
			['mai-juin-juillet 2023', '2023-05', '2023-07', 'mai-juil. 2023'],
			['mai, juin et juillet 2023', '2023-05', '2023-07', 'mai-juil. 2023'],
			['2025 et 2026', '2025-01', '2026-12', '2025-2026'],
			['2024, 2025 et 2026', '2024-01', '2026-12', '2024-2026'],
			['2024, 2025', '2024-01', '2025-12', '2024-2025'],
			['fin 2024, début 2025', '2024-10', '2025-03', 'oct. 2024-mars 2025'],
			['1er semestre 2024 puis 1er semestre 2025', '2024-01', '2025-06', 'janv. 2024-juin 2025'],
			['mars et septembre 2024', '2024-03', '2024-09', 'mars-sept. 2024']
		]);
		// A list with gaps says so; a contiguous one does not.
		expect(parseCalendarPhrase('mars et septembre 2024')).toMatchObject({ note: 'en plusieurs fois : mars 2024, sept. 2024' });
		expect(parseCalendarPhrase('2025 et 2026')).not.toHaveProperty('note');
		// Out of order, or an item not understood: the whole phrase is not understood.
		expectNotUnderstood(['juillet et mai 2023', '2026 et 2025', 'mai et bientôt 2023', 'mai-juin et 2023 si possible', 'entre mai']);
	});

	it('[CAL6] reads phrases that name the plan or run to one of its ends, with the plan\'s years', () => {
		const planYears = { start: 2022, end: 2028 };
		expectRows(
			[
				['dès 2025', '2025-01', '2028-12', '2025-2028'],
				['à partir de la rentrée 2024', '2024-09', '2028-12', 'sept. 2024-déc. 2028'],
				['à compter du 2e semestre 2026', '2026-07', '2028-12', 'juil. 2026-déc. 2028'],
				['depuis 2022', '2022-01', '2028-12', '2022-2028'],
				["d'ici fin 2027", '2022-01', '2027-12', '2022-2027'],
				["d'ici 2025", '2022-01', '2025-12', '2022-2025'],
				["jusqu'en 2026", '2022-01', '2026-12', '2022-2026'],
				["jusqu'à fin 2024", '2022-01', '2024-12', '2022-2024'],
				['au plus tard en juin 2024', '2022-01', '2024-06', 'janv. 2022-juin 2024'],
				["avant l'été 2025", '2022-01', '2025-06', 'janv. 2022-juin 2025'],
				['avant 2025', '2022-01', '2024-12', '2022-2024'],
				['Toute la durée du PST', '2022-01', '2028-12', '2022-2028'],
				['pendant toute la durée du projet', '2022-01', '2028-12', '2022-2028'],
				['tout au long du PTS', '2022-01', '2028-12', '2022-2028'],
				['sur la durée du plan', '2022-01', '2028-12', '2022-2028']
			],
			{ planYears }
		);
		expect(explainCalendarParse(parseCalendarPhrase('dès 2025', { planYears }))).toBe("lu comme : 2025-2028 (jusqu'à la fin du plan, déc. 2028)");
		// Outside the plan: no period can run to its end.
		expectNotUnderstood(['dès 2030', "d'ici 2020", 'avant 2022'], { planYears });
	});

	it('[CAL7] explains each reading in the words shown under the cell', () => {
		expect(explainCalendarParse(parseCalendarPhrase('Rentrée 2022'))).toBe('lu comme : sept. 2022 (rentrée = septembre)');
		expect(explainCalendarParse(parseCalendarPhrase('2ème semestre 2023'))).toBe('lu comme : juil.-déc. 2023');
		expect(explainCalendarParse(parseCalendarPhrase('fin 2024'))).toBe('lu comme : oct.-déc. 2024 (fin = octobre-décembre)');
		expect(explainCalendarParse(parseCalendarPhrase('été 2024'))).toBe('lu comme : juil.-août 2024 (été = juillet-août)');
		expect(explainCalendarParse(parseCalendarPhrase(''))).toBe('');
		expect(explainCalendarParse(parseCalendarPhrase('quand possible'))).toMatch(/^non compris : aucune période devinée/);
	});

	it('[CAL8] reads dates as their month and refuses impossible ones', () => {
		expectRows([
			['01/09/2024', '2024-09', '2024-09', 'sept. 2024'],
			['1/9/2024', '2024-09', '2024-09', 'sept. 2024'],
			['09/2024', '2024-09', '2024-09', 'sept. 2024'],
			['du 01/09/2024 au 30/06/2025', '2024-09', '2025-06', 'sept. 2024-juin 2025']
		]);
		expectNotUnderstood(['32/09/2024', '13/2024', '00/2024', '01/09/24']);
	});

	it('[CAL9] reads a list of any two generated periods as their span when in order, and never otherwise', () => {
		const parts = ['', 'début ', 'fin ', '1er semestre ', '2nd semestre ', 'T3 ', 'mars ', 'rentrée ', 'été ', 'hiver '];
		const points = parts.flatMap((part) => [2023, 2024].map((year) => `${part}${year}`));
		let understoodCount = 0;
		for (const a of points) {
			const first = parseCalendarPhrase(a);
			for (const b of points) {
				const second = parseCalendarPhrase(b);
				if (!first.understood || !second.understood) throw new Error(`${a} / ${b} should be understood alone`);
				const inOrder = first.period.start <= second.period.start && first.period.end <= second.period.end;
				for (const phrase of [`${a} et ${b}`, `${a}, ${b}`]) {
					const result = parseCalendarPhrase(phrase);
					expect(result.understood, phrase).toBe(inOrder);
					if (!result.understood) continue;
					understoodCount++;
					expect(result.period, phrase).toEqual({ start: first.period.start, end: second.period.end });
					expect(result.label, phrase).toBe(formatPeriod(result.period));
				}
			}
		}
		expect(understoodCount).toBeGreaterThan(points.length * points.length * 0.5);
	});

	it('always gives a period that starts no later than it ends, labelled by formatPeriod', () => {
		const parts = [
			'',
			'en ',
			'début ',
			'mi-',
			'fin ',
			"fin d'année ",
			'1er semestre ',
			'2nd semestre ',
			'T1 ',
			'3e trimestre ',
			'dernier trimestre ',
			'janvier ',
			'fin mars ',
			'sept. ',
			'décembre ',
			'rentrée ',
			'printemps ',
			'été ',
			'automne ',
			'hiver ',
			'1ème trimestre ',
			'2er semestre '
		];
		const points = parts.flatMap((part) => [2023, 2024].map((year) => `${part}${year}`));
		const phrases = [
			...['sept-23', 'janv.-24', 'déc-24', '01/09/2023', '06/2024'],
			...points,
			...parts.map((part) => part.trim()).filter(Boolean),
			...points.flatMap((a) => points.flatMap((b) => [`${a} - ${b}`, `de ${a} à ${b}`])),
			...points.flatMap((a) => [`dès ${a}`, `d'ici ${a}`, `avant ${a}`, `${a} et 2025`])
		];
		let understoodCount = 0;
		for (const [referenceYear, planYears] of [[undefined, undefined], [2024, { start: 2022, end: 2028 }]] as const) {
			for (const phrase of phrases) {
				const result = parseCalendarPhrase(phrase, { referenceYear, planYears });
				if (!result.understood) continue;
				understoodCount++;
				const { start, end } = result.period;
				expect(start, phrase).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
				expect(end, phrase).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
				expect(start <= end, `${phrase}: ${start} → ${end}`).toBe(true);
				expect(result.label, phrase).toBe(formatPeriod(result.period));
			}
		}
		// Many of these phrases are understood (those ranges that go backwards are not): the loop
		// above is not vacuous.
		expect(understoodCount).toBeGreaterThan(phrases.length / 2);
	});
});

describe('formatPeriod', () => {
	it('writes short French labels', () => {
		const cases: [string, string, string][] = [
			['2025-03', '2025-03', 'mars 2025'],
			['2024-09', '2024-09', 'sept. 2024'],
			['2025-01', '2025-12', '2025'],
			['2024-01', '2025-12', '2024-2025'],
			['2022-01', '2028-12', '2022-2028'],
			['2023-07', '2023-12', 'juil.-déc. 2023'],
			['2024-01', '2024-11', 'janv.-nov. 2024'],
			['2024-02', '2024-12', 'févr.-déc. 2024'],
			['2024-12', '2025-02', 'déc. 2024-févr. 2025'],
			['2024-01', '2025-06', 'janv. 2024-juin 2025'],
			['2023-07', '2024-12', 'juil. 2023-déc. 2024']
		];
		for (const [start, end, label] of cases) {
			expect(formatPeriod({ start, end }), `${start} → ${end}`).toBe(label);
		}
	});

	it('uses every French month abbreviation', () => {
		const labels = Array.from({ length: 12 }, (_, i) => {
			const month = `2024-${String(i + 1).padStart(2, '0')}`;
			return formatPeriod({ start: month, end: month }).replace(' 2024', '');
		});
		expect(labels).toEqual([
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
		]);
	});

	it('refuses malformed months and periods that end before they start', () => {
		expect(() => formatPeriod({ start: '2024-13', end: '2024-12' })).toThrow(RangeError);
		expect(() => formatPeriod({ start: '2024-1', end: '2024-12' })).toThrow(RangeError);
		expect(() => formatPeriod({ start: '2025-01', end: '2024-12' })).toThrow(RangeError);
	});
});
