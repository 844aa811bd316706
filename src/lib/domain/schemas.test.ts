import { describe, expect, it } from 'vitest';
import { axesSchema, joinSchema, loginSchema, parse, projectSchema, signupSchema, workshopSchema, boardSchema, cleanLine, cleanMultiline } from './schemas.ts';

describe('input validation (French messages)', () => {
	it('normalises e-mails and rejects malformed ones', () => {
		const ok = parse(signupSchema, { displayName: ' Claire ', email: ' Claire@Ain.FR ', password: 'unmotdepasse' });
		expect(ok).toEqual({ ok: true, data: { displayName: 'Claire', email: 'claire@ain.fr', password: 'unmotdepasse' } });
		const bad = parse(signupSchema, { displayName: 'Claire', email: 'claire-at-ain.fr', password: 'unmotdepasse' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) {
			expect(bad.message).toContain('Adresse e-mail invalide');
			expect(bad.fields.email).toBeDefined();
		}
	});

	it('asks for a 10-character password at sign-up, any non-empty one at login', () => {
		const short = parse(signupSchema, { displayName: 'C', email: 'c@ain.fr', password: 'court' });
		expect(short.ok === false && short.message).toContain('trop court');
		expect(parse(loginSchema, { email: 'c@ain.fr', password: 'court' }).ok).toBe(true);
		const empty = parse(loginSchema, { email: 'c@ain.fr', password: '' });
		expect(empty.ok === false && empty.message).toContain('obligatoire');
	});

	it('reads the period of a project as years, end after start', () => {
		const base = { name: 'PST Bresse', departement: 'Ain', territory: 'DT Bresse' };
		expect(parse(projectSchema, { ...base, periodStart: '2022', periodEnd: '2028' })).toMatchObject({
			ok: true,
			data: { periodStart: 2022, periodEnd: 2028 }
		});
		const reversed = parse(projectSchema, { ...base, periodStart: '2028', periodEnd: '2022' });
		expect(reversed.ok === false && reversed.message).toContain('La fin de la période');
		const notYear = parse(projectSchema, { ...base, periodStart: 'deux mille', periodEnd: '2028' });
		expect(notYear.ok === false && notYear.message).toContain('année');
	});

	it('upper-cases axis codes and refuses duplicates, digits and an empty list', () => {
		expect(parse(axesSchema, [{ code: 'ins', label: 'Insertion' }])).toEqual({ ok: true, data: [{ code: 'INS', label: 'Insertion' }] });
		const dup = parse(axesSchema, [{ code: 'INS', label: 'a' }, { code: 'ins', label: 'b' }]);
		expect(dup.ok === false && dup.message).toContain('même code');
		const digits = parse(axesSchema, [{ code: 'IN5', label: 'a' }]);
		expect(digits.ok === false && digits.message).toContain('2 à 8 lettres');
		const none = parse(axesSchema, []);
		expect(none.ok === false && none.message).toContain('Au moins un axe');
	});

	it('accepts an empty or ISO workshop date, a known phase only', () => {
		expect(parse(workshopSchema, { title: 'Diagnostic', date: '', place: '', phase: 'diagnostic' }).ok).toBe(true);
		expect(parse(workshopSchema, { title: 'Diagnostic', date: '2026-12-03', phase: 'restitution' }).ok).toBe(true);
		const badDate = parse(workshopSchema, { title: 'Diagnostic', date: '03/12/2026', phase: 'diagnostic' });
		expect(badDate.ok === false && badDate.message).toBe('Date invalide.');
		const badPhase = parse(workshopSchema, { title: 'Diagnostic', phase: 'apéro' });
		expect(badPhase.ok === false && badPhase.message).toBe('Phase inconnue.');
	});

	it('knows the two board templates only', () => {
		expect(parse(boardSchema, { theme: 'Logement', template: 'afom' }).ok).toBe(true);
		expect(parse(boardSchema, { theme: 'Logement', template: 'swot' }).ok).toBe(false);
		const noTheme = parse(boardSchema, { theme: '   ', template: 'afom' });
		expect(noTheme.ok === false && noTheme.message).toContain('obligatoire');
	});

	it('normalises the join code and requires a name and an organisation', () => {
		expect(parse(joinSchema, { code: 'k7m 2pq', name: 'Nadia', organisation: 'CAF' })).toEqual({
			ok: true,
			data: { code: 'K7M2PQ', name: 'Nadia', organisation: 'CAF' }
		});
		const badCode = parse(joinSchema, { code: 'K0M2PQ', name: 'Nadia', organisation: 'CAF' });
		expect(badCode.ok === false && badCode.message).toContain('Code invalide');
		const noOrg = parse(joinSchema, { code: 'K7M2PQ', name: 'Nadia', organisation: '' });
		expect(noOrg.ok === false && noOrg.fields.organisation).toContain('obligatoire');
		const longName = parse(joinSchema, { code: 'K7M2PQ', name: 'x'.repeat(61), organisation: 'CAF' });
		expect(longName.ok === false && longName.message).toContain('60 caractères');
	});

	it('answers a non-object body with a message, not an exception', () => {
		const r = parse(joinSchema, 'bonjour');
		expect(r.ok).toBe(false);
	});
});

describe('messages valibot writes itself', () => {
	it('are in French: a missing field, a body that is not an object', () => {
		const missing = parse(joinSchema, { code: 'K7M2PQ', organisation: 'CAF' });
		expect(missing.ok === false && missing.message).toBe('Votre nom : champ obligatoire.');
		for (const body of [null, 'texte', 42]) {
			const r = parse(joinSchema, body);
			expect(r.ok === false && r.message).toContain('Données invalides');
		}
		const list = parse(joinSchema, []);
		expect(list.ok === false && list.message).toBe('Code : champ obligatoire.');
	});

	it('refuse a day that does not exist', () => {
		const r = parse(workshopSchema, { title: 'Atelier', date: '2026-02-31', phase: 'diagnostic' });
		expect(r.ok === false && r.message).toBe('Date invalide.');
		expect(parse(workshopSchema, { title: 'Atelier', date: '2028-02-29', phase: 'diagnostic' }).ok).toBe(true);
	});
});

describe('[NORM1] text typed by people is normalised at the boundary', () => {
	it('composes accents (NFC) so that "é" typed two ways is one name', () => {
		const r = parse(joinSchema, { code: 'K7M2PQ', name: 'Rene\u0301e', organisation: 'CAF' });
		expect(r.ok && r.data.name).toBe('Renée');
		expect(r.ok && r.data.name.length).toBe(5);
	});

	it('removes bidi overrides and isolates, zero-width characters, soft hyphens, BOM and Unicode tags', () => {
		const r = parse(joinSchema, {
			code: 'K7M2PQ',
			name: '\u202EAdmin\u202C\u200B \u2066Paul\u2069\u00AD\uFEFF',
			organisation: 'C\u200DA\u200CF\u2060 \u{E0041}de l’Ain'
		});
		expect(r.ok && [r.data.name, r.data.organisation]).toEqual(['Admin Paul', 'CAF de l’Ain']);
	});

	it('turns NUL, escape, tabs and line breaks in one-line fields into spaces', () => {
		expect(cleanLine('Nadia\u0000B.\u001b[31m\tx\ny\u2028z')).toBe('Nadia B. [31m x y z');
	});

	it('refuses a name made only of invisible characters, with the French message', () => {
		const r = parse(joinSchema, { code: 'K7M2PQ', name: '\u200B\u202E\u0000', organisation: 'CAF' });
		expect(r).toMatchObject({ ok: false, fields: { name: 'Votre nom : champ obligatoire.' } });
	});

	it('keeps line breaks in notes (CR LF becomes LF) and removes the rest', () => {
		expect(cleanMultiline('Ligne 1\r\nLigne\u202E 2\rfin\u0000!')).toBe('Ligne 1\nLigne 2\nfin !');
	});

	it('applies to titles, organisations and project fields too', () => {
		const r = parse(projectSchema, { name: 'PST\u200B Bresse\u0000', departement: 'Ain', territory: 'DT\u202E Bresse', periodStart: '2024', periodEnd: '2030' });
		expect(r.ok && [r.data.name, r.data.territory]).toEqual(['PST Bresse', 'DT Bresse']);
		const w = parse(workshopSchema, { title: 'Diag\u2067nostic\u2069', date: '', phase: 'diagnostic' });
		expect(w.ok && w.data.title).toBe('Diagnostic');
	});
});
