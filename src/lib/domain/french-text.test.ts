import { describe, expect, it } from 'vitest';
import { analyse, CONCEPTS, foldAccents, isStopWord, normalise, stemFrench } from './french-text.ts';

const stem = (word: string) => stemFrench(foldAccents(word));

describe('French text of the notes', () => {
	it('matches words typed with or without accents, capitals or ligatures', () => {
		expect(foldAccents('Élève, Œuvre, déjà, Ça, MAÏS')).toBe('eleve, oeuvre, deja, ca, mais');
		expect(normalise('Mobilité réduite')).toEqual(normalise('mobilite reduite'));
		expect(normalise('Précarité')).toEqual(normalise('PRECARITE des familles').slice(0, 1));
	});

	it('splits elisions (l’, d’, qu’, j’, jusqu’) and keeps "aujourd’hui" whole', () => {
		expect(normalise("L'accès à l'hébergement d'urgence")).toEqual(['#logement']);
		expect(normalise('l’isolement')).toEqual(normalise('isolement'));
		expect(normalise("qu'il soit jusqu'à aujourd'hui, j'ai vu")).toEqual([]);
		expect(normalise("d'insertion")).toEqual(normalise('insertion'));
	});

	it('drops grammar words and the fluff of diagnostic writing', () => {
		expect(normalise("Il y a beaucoup de choses à faire et c'est très important")).toEqual([]);
		expect(normalise('Il apparaît également nécessaire de renforcer notamment ainsi encore')).toEqual([]);
		expect(normalise('Les partenaires soulignent, les professionnels constatent')).toEqual(['#coordination']);
	});

	it('drops the generic words of the domain: manque, difficulté, besoin, problème', () => {
		for (const word of ['Manque', 'manques', 'Difficultés', 'difficile', 'Besoin', 'besoins', 'Problème', 'Problématiques', 'Freins', 'Absence', 'insuffisant'])
			expect(normalise(word), word).toEqual([]);
		expect(isStopWord('difficultés')).toBe(true);
		expect(isStopWord('logement')).toBe(false);
	});

	it('gives plural, feminine and verb variants the same stem', () => {
		const families = [
			['logement', 'logements', 'loger', 'logé'],
			['social', 'sociaux', 'sociale', 'sociales'],
			['financier', 'financière', 'financières', 'financement', 'financer'],
			['isolé', 'isolée', 'isolés', 'isolement'],
			['accompagnement', 'accompagnements', 'accompagner', 'accompagnée'],
			['précaire', 'précaires'],
			['mobilité', 'mobilités', 'mobile'],
			['jeune', 'jeunes', 'jeunesse'],
			['professionnel', 'professionnelle', 'professionnels'],
			['médical', 'médicaux', 'médicale', 'médicales'],
			['bailleur', 'bailleurs', 'bail'],
			['établissement', 'établissements', 'établir']
		];
		for (const family of families) {
			const stems = new Set(family.map(stem));
			expect(stems.size, `${family.join(', ')} → ${[...stems].join(', ')}`).toBe(1);
		}
		expect(stem('logement')).not.toBe(stem('logique'));
		expect(stem('placement')).not.toBe(stem('place'));
	});

	it('keeps acronyms (RSA, CAF, CCAS, PMI, MDPH, EHPAD, CMP, CDS, FSL, ASE, QPV), also in lower case', () => {
		const keys = normalise('RSA, CAF, CCAS, PMI, MDPH, EHPAD, CMP, CDS, FSL, ASE, QPV');
		for (const acronym of ['rsa', 'caf', 'ccas', 'pmi', 'mdph', 'ehpad', 'cmp', 'cds', 'fsl', 'ase', 'qpv']) expect(keys).toContain(acronym);
		expect(normalise('bénéficiaires du rsa')).toEqual(['rsa']);
		expect(analyse('Dossiers CAF').find((t) => t.kind === 'acronym')).toMatchObject({ key: 'caf', surface: 'CAF', concept: '#droits' });
	});

	it('does not take a note written in capitals for a string of acronyms', () => {
		expect(normalise('MANQUE DE PLACES EN CRECHE POUR LES FAMILLES')).toEqual(normalise('Manque de places en crèche pour les familles'));
		expect(normalise('DÉLAIS CAF TROP LONGS')).toContain('caf');
	});

	it('files the variants of a topic under one concept', () => {
		const same = (texts: string[], concept: string) => {
			for (const text of texts) expect(normalise(text), text).toContain(concept);
		};
		same(['transports en commun', 'mobilité', 'déplacements', 'véhicule', 'permis de conduire', 'se rendre aux rendez-vous'], '#mobilite');
		same(['logement', 'hébergement', 'habitat', 'loyers impayés', 'bailleurs sociaux'], '#logement');
		same(['emploi', 'travail', 'insertion professionnelle', 'chômage', 'France Travail', 'Pôle emploi'], '#emploi');
		same(['santé', 'soins', 'médecins', 'médical', 'psychiatrie', 'CMP'], '#sante');
		same(['numérique', 'internet', 'dématérialisation', 'ordinateur'], '#numerique');
		same(['jeunes', 'moins de 25 ans', 'mission locale'], '#jeunes');
		same(['droits', 'accès aux droits', 'accès au droit', 'démarches administratives', 'dossiers'], '#droits');
		same(['coordination', 'partenariat', 'partenaires', 'réseau', 'interconnaissance'], '#coordination');
		same(['langue', 'FLE', 'allophones', 'cours de français'], '#langue');
		same(["garde d'enfants", 'garde des enfants', 'crèche', 'petite enfance', 'modes de garde'], '#petite_enfance');
		same(['précarité', 'pauvreté', 'sans ressources', 'aides financières'], '#precarite');
	});

	it('does not read "groupe de travail" or "un travail sur l’estime de soi" as employment', () => {
		expect(normalise('Créer un groupe de travail')).not.toContain('#emploi');
		expect(normalise("Un travail sur l'estime de soi")).not.toContain('#emploi');
		expect(normalise('Pas de travail pour les jeunes')).toContain('#emploi');
	});

	it('keeps the accented words for display', () => {
		expect(analyse('Difficultés de mobilité').map((t) => t.surface)).toEqual(['mobilité']);
		expect(analyse("Garde d'enfants")[0].surface).toBe("garde d'enfants");
		expect(CONCEPTS.get('#droits')?.label).toBe('Accès aux droits');
	});
});
