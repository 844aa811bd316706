import { describe, expect, it } from 'vitest';
import { formatPeriod, parseCalendarPhrase, type CalendarParse } from './calendar-phrase.ts';

/** [phrase, start, end, label] */
type Row = [string, string, string, string];

function understood(start: string, end: string, label: string): CalendarParse {
	return { understood: true, period: { start, end }, label };
}

function expectRows(rows: Row[], options?: { referenceYear?: number }): void {
	for (const [phrase, start, end, label] of rows) {
		expect(parseCalendarPhrase(phrase, options), phrase).toEqual(understood(start, end, label));
	}
}

function expectNotUnderstood(phrases: string[], options?: { referenceYear?: number }): void {
	for (const phrase of phrases) {
		expect(parseCalendarPhrase(phrase, options), phrase).toEqual({
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

	it('reads the rentrée (September-October) and the seasons', () => {
		expectRows([
			['rentrée 2023', '2023-09', '2023-10', 'sept.-oct. 2023'],
			['rentrée scolaire 2023', '2023-09', '2023-10', 'sept.-oct. 2023'],
			['à la rentrée 2023', '2023-09', '2023-10', 'sept.-oct. 2023'],
			['rentrée 2023-2024', '2023-09', '2023-10', 'sept.-oct. 2023'],
			['rentrée scolaire 2023/2024', '2023-09', '2023-10', 'sept.-oct. 2023'],
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
			['rentrée', '2023-09', '2023-10', 'sept.-oct. 2023'],
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

	it('does not guess open-ended phrases', () => {
		expectNotUnderstood(
			[
				'à partir de 2024',
				'dès 2024',
				'depuis 2023',
				"d'ici 2025",
				"d'ici fin 2024",
				"jusqu'à fin 2024",
				'avant 2025',
				'de 2024',
				'en continu',
				'tout au long du projet',
				"toute l'année",
				'permanent',
				'permanente',
				'en cours'
			],
			{ referenceYear: 2024 }
		);
	});

	it('does not find a year inside other text', () => {
		expectNotUnderstood([
			'après le bilan de 2024',
			'selon financement 2024',
			'2024 si financement',
			'2024 (à confirmer)',
			'réunion 2024',
			'2024, 2025',
			'2024 2025',
			'2024 et 2025',
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
			'hiver '
		];
		const points = parts.flatMap((part) => [2023, 2024].map((year) => `${part}${year}`));
		const phrases = [
			...points,
			...parts.map((part) => part.trim()).filter(Boolean),
			...points.flatMap((a) => points.flatMap((b) => [`${a} - ${b}`, `de ${a} à ${b}`]))
		];
		let understoodCount = 0;
		for (const referenceYear of [undefined, 2024]) {
			for (const phrase of phrases) {
				const result = parseCalendarPhrase(phrase, { referenceYear });
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
