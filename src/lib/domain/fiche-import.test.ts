import { describe, expect, it } from 'vitest';
import { decodeText, findDuplicates, parseFichesCsv, parseFichesTable, type ImportedFiche } from './fiche-import.ts';

// Bytes as the 8-bit encodings write them: Latin-1 for the letters both share, then each one's own.
const CP1252: Record<string, number> = { '€': 0x80, '’': 0x92, 'œ': 0x9c, 'Œ': 0x8c, '…': 0x85, '«': 0xab, '»': 0xbb };
const ISO_8859_15: Record<string, number> = { '€': 0xa4, 'œ': 0xbd, 'Œ': 0xbc };

function encode8bit(text: string, own: Record<string, number>): Uint8Array {
	return Uint8Array.from([...text].map((c) => {
		const code = own[c] ?? c.charCodeAt(0);
		if (code > 0xff) throw new Error(`${c} has no byte here`);
		return code;
	}));
}

const FRENCH = 'Intitulé de l’action;Objectifs visés\r\nAccès aux droits;Œuvrer pour l’accès : 5 000 € « coût »…\r\n';

describe('decodeText', () => {
	it('[IMP1] reads UTF-8 with and without BOM, UTF-16 with BOM, Windows-1252 and ISO-8859-15', () => {
		const utf8 = new TextEncoder().encode(FRENCH);
		expect(decodeText(utf8)).toEqual({ text: FRENCH, encoding: 'utf-8' });
		expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text: FRENCH, encoding: 'utf-8' });
		const utf16 = Uint8Array.from([0xff, 0xfe, ...[...FRENCH].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
		expect(decodeText(utf16)).toEqual({ text: FRENCH, encoding: 'utf-16le' });
		expect(decodeText(encode8bit(FRENCH, CP1252))).toEqual({ text: FRENCH, encoding: 'windows-1252' });
		// ISO-8859-15 has no ’ « » … in 0x80-0x9f: a text written with straight quotes.
		const iso = 'Intitulé;Objectifs\nCœur de ville;Œuvrer : 5 000 €\n';
		expect(decodeText(encode8bit(iso, ISO_8859_15))).toEqual({ text: iso, encoding: 'iso-8859-15' });
		// Only letters both encodings share (é, à, ç): read the same either way.
		const shared = 'Intitulé;Lieu\nÉté à Trévoux;Pont-de-Vaux ç\n';
		expect(decodeText(encode8bit(shared, {})).text).toBe(shared);
	});

	it('[IMP2] a CSV saved by French Excel (Windows-1252, ";") imports with every accent intact', () => {
		const { text } = decodeText(encode8bit(FRENCH, CP1252));
		const parsed = parseFichesCsv(text);
		expect(parsed.ok).toBe(true);
		expect(parsed.fiches?.[0].fields).toMatchObject({ title: 'Accès aux droits', objectifs: 'Œuvrer pour l’accès : 5 000 € « coût »…' });
	});
});

describe('parseFichesTable', () => {
	it('[IMP3] reads the app\'s own sommaire.csv columns (N° action as a code, derived dates left aside)', () => {
		const parsed = parseFichesTable([
			['N° action', "Nom de l'action", 'Porteur', 'Axe', 'Statut', 'Lieu / territoire', 'Début prévu', 'Fin prévue', 'Calendrier incomplet'],
			['12/INS', 'Mobilité', 'CDS Trévoux', 'INS', 'En cours', 'Dombes', '2024-01', '2025-12', 'oui'],
			['13', 'Sans axe', '', '', '', '', '', '', '']
		]);
		expect(parsed).toMatchObject({ ok: true, warnings: [] });
		expect(parsed.fiches?.map((f) => [f.number, f.axis, f.status, f.fields.title, f.fields.porteur, f.fields.lieu])).toEqual([
			[12, 'INS', 'en_cours', 'Mobilité', 'CDS Trévoux', 'Dombes'],
			[13, null, null, 'Sans axe', '', '']
		]);
	});

	it('[IMP4] lists each line in error in French, keeps the other fiches for the preview, and imports nothing', () => {
		const parsed = parseFichesTable([
			['N°', 'Intitulé de l’action', 'Statut', 'Phase', 'Quoi'],
			['1', 'Bonne fiche', 'Validée', 'Diagnostic', 'Recenser'],
			['2', 'Statut faux', 'Finie', '', ''],
			['3', 'Phase fausse', '', 'Réflexion', 'x'],
			['3', '', '', 'Évaluation', 'bilan'],
			['quatre', 'Numéro faux', '', '', ''],
			['5', '', '', '', 'étape sans fiche au-dessus ?'],
			['', '', '', '', '']
		]);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual([
			'Ligne 3 : statut « Finie » inconnu (attendu : Brouillon, En relecture, Validée, En cours, Réalisée, Abandonnée).',
			'Ligne 4 : phase « Réflexion » inconnue (attendu : Diagnostic, Élaboration, Mise en œuvre, Ajustement, Évaluation).',
			'Ligne 6 : numéro « quatre » invalide (attendu : 12 ou 12/INS).'
		]);
		// Line 7 (no title) continues the fiche above, which is in error: left out with it.
		expect(parsed.fiches?.map((f) => [f.source, f.fields.title, f.planning.length])).toEqual([['ligne 2', 'Bonne fiche', 1]]);
	});

	it('[IMP5] ignores unknown columns with a warning shown in the preview', () => {
		const r = parseFichesCsv('Intitulé;Couleur\nA;bleu');
		expect(r).toMatchObject({ ok: true, warnings: ['Colonnes non reconnues, ignorées : « Couleur ».'] });
		expect(r.fiches?.[0].fields.title).toBe('A');
	});

	it('[IMP6] takes off the apostrophe Excel-safe exports put before a cell that looks like a formula', () => {
		const r = parseFichesTable([
			['Intitulé de l’action', 'Objectifs visés', 'Moyens éventuels à prévoir (financiers, matériels, humains)'],
			["'=Action", "'-Réduire", "'l'autre"]
		]);
		expect(r.fiches?.[0].fields).toMatchObject({ title: '=Action', objectifs: '-Réduire', moyens: "'l'autre" });
	});
});

describe('findDuplicates', () => {
	const fiche = (number: number | null, title: string): ImportedFiche => ({
		source: 'ligne 2',
		number,
		axis: null,
		status: null,
		fields: { title } as ImportedFiche['fields'],
		planning: []
	});

	it('[IMP7] finds fiches already in the project by number, else by title (case, accents, punctuation aside)', () => {
		const existing = [
			{ id: 10, number: 1, title: 'Mieux se connaître' },
			{ id: 11, number: 2, title: 'Lever les freins à la mobilité' },
			{ id: 12, number: null, title: 'Garde d’enfants' }
		];
		const matches = findDuplicates(
			[fiche(1, 'Autre intitulé'), fiche(null, 'LEVER LES FREINS A LA MOBILITE !'), fiche(7, "Garde d'enfants"), fiche(8, 'Nouvelle'), fiche(null, 'Garde d’enfants')],
			existing
		);
		expect(matches).toEqual([
			{ index: 0, existingId: 10, by: 'numero' },
			{ index: 1, existingId: 11, by: 'intitule' },
			{ index: 2, existingId: 12, by: 'intitule' }
		]);
	});
});
