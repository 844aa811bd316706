import { describe, expect, it } from 'vitest';
import { analyse, compileVocabulary, CONCEPTS, foldAccents, isStopWord, normalise, stemFrench } from './french-text.ts';
import { THESAURUS } from './thesaurus.ts';

const stem = (word: string) => stemFrench(foldAccents(word));

describe('French text of the notes', () => {
	it('matches words typed with or without accents, capitals or ligatures', () => {
		expect(foldAccents('Élève, Œuvre, déjà, Ça, MAÏS')).toBe('eleve, oeuvre, deja, ca, mais');
		expect(normalise('Mobilité réduite')).toEqual(normalise('mobilite reduite'));
		expect(normalise('Précarité')).toEqual(normalise('PRECARITE des familles').slice(0, 1));
	});

	it('splits elisions (l’, d’, qu’, j’, jusqu’) and keeps "aujourd’hui" whole', () => {
		expect(normalise("L'accès à l'hébergement d'urgence")).toEqual(['#hebergement']);
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
		expect(normalise('bénéficiaires du rsa')).toEqual(['#rsa']);
		expect(normalise('allocataires du RSA')).toEqual(normalise('bénéficiaires du rsa'));
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
		same(['logement', 'habitat', 'bailleurs sociaux', 'logements sociaux', 'HLM'], '#logement');
		same(['hébergement', "hébergement d'urgence", 'sans domicile', 'sans-abri', 'CHRS'], '#hebergement');
		same(['expulsions locatives', 'impayés de loyer', 'FSL'], '#expulsion');
		same(['emploi', 'travail', 'insertion professionnelle', 'chômage', 'France Travail', 'Pôle emploi', 'recruter'], '#emploi');
		same(['santé', 'soins', 'médecins', 'médical', 'désertification médicale', 'médecin traitant'], '#sante');
		same(['psychiatrie', 'CMP', 'santé mentale', 'mal-être'], '#sante_mentale');
		same(['numérique', 'internet', 'dématérialisation', 'ordinateur', 'illectronisme'], '#numerique');
		same(['jeunes', 'moins de 25 ans', 'mission locale'], '#jeunes');
		same(['droits', 'accès aux droits', 'accès au droit', 'démarches administratives', 'dossiers'], '#droits');
		same(['non-recours', 'non recours aux droits'], '#non_recours');
		same(['coordination', 'partenariat', 'partenaires', 'réseau', 'interconnaissance'], '#coordination');
		same(['langue', 'FLE', 'allophones', 'cours de français', 'barrière de la langue'], '#langue');
		same(["garde d'enfants", 'garde des enfants', 'crèche', 'petite enfance', 'modes de garde', 'assistantes maternelles', 'EAJE'], '#petite_enfance');
		same(['PMI', 'puéricultrice', 'suivi de grossesse'], '#pmi');
		same(['aidants', 'proche aidant', 'répit', 'accueil de jour'], '#aidants');
		same(['personnes âgées', 'seniors', 'APA', "perte d'autonomie"], '#personnes_agees');
		same(['EHPAD', "listes d'attente"], '#etablissements');
		same(['handicap', 'MDPH', 'AAH', 'personnes handicapées'], '#handicap');
		same(['violences conjugales', 'violences intrafamiliales', 'femmes victimes'], '#violences');
		same(['précarité', 'pauvreté', 'sans ressources', 'aides financières'], '#precarite');
	});

	it('[SG4] keeps "petite enfance" and PMI apart, but in one field (enfance et famille)', () => {
		expect(normalise('places en crèche')).not.toContain('#pmi');
		expect(normalise('consultations de PMI')).not.toContain('#petite_enfance');
		expect(CONCEPTS.get('#pmi')?.field).toBe(CONCEPTS.get('#petite_enfance')?.field);
		expect(CONCEPTS.get('#aidants')?.field).toBe(CONCEPTS.get('#etablissements')?.field);
		expect(CONCEPTS.get('#aidants')?.field).not.toBe(CONCEPTS.get('#petite_enfance')?.field);
	});

	it('[SG4] matches expressions through elisions, plurals, feminine forms and varying connectors', () => {
		expect(normalise("L'assistante maternelle")).toEqual(normalise('Les assistantes maternelles'));
		expect(normalise("Le proche aidant")).toEqual(normalise('les proches aidantes'));
		expect(normalise('accès à leurs droits')).toEqual(normalise("l'accès aux droits"));
		expect(normalise('La barrière de la langue')).toEqual(normalise('barrières de langue'));
		// The longer expression wins: "hébergement temporaire" is respite for carers, not emergency housing.
		expect(normalise('hébergement temporaire')).toEqual(['#aidants']);
	});

	it('[SG4] compiles a département’s own vocabulary on top of the thesaurus, and refuses a word filed twice', () => {
		const vocabulary = compileVocabulary({
			...THESAURUS,
			mobilite: { ...THESAURUS.mobilite, words: `${THESAURUS.mobilite.words} Rézo`, phrases: [...(THESAURUS.mobilite.phrases ?? []), 'Pouce Ain'] },
			tourisme: { label: 'Tourisme', field: 'lien_social', words: 'tourisme touriste saisonnier' }
		});
		expect(normalise('Réseau Rézo et Pouce Ain', vocabulary)).toEqual(['#coordination', '#mobilite', '#mobilite']);
		expect(normalise('Saisonniers du tourisme', vocabulary)).toEqual(['#tourisme', '#tourisme']);
		expect(vocabulary.concepts.get('#tourisme')).toMatchObject({ label: 'Tourisme', field: '@lien_social' });
		expect(normalise('Saisonniers du tourisme')).not.toContain('#tourisme');
		expect(() => compileVocabulary({ ...THESAURUS, autre: { label: 'Autre', field: 'logement', words: 'bus' } })).toThrow(/bus/);
	});

	it('[SG4] files a facet under its topic too: "bus" is transports and mobilité, in one field', () => {
		expect(normalise('Pas de bus le soir')).toEqual(['#transports', '#mobilite', 'soir']);
		expect(normalise('Permis de conduire trop cher')).toEqual(['#permis_vehicule', '#mobilite', 'cher']);
		expect(normalise('Logements sociaux trop rares')).toEqual(['#logement_social', '#logement']);
		expect(normalise('Plus de médecin traitant')).toEqual(['#offre_soins', '#sante']);
		expect(analyse('Pas de bus').find((t) => t.key === '#mobilite')?.implied).toBe(true);
		for (const [key, concept] of CONCEPTS) if (concept.parent) expect(CONCEPTS.get(concept.parent)?.field, key).toBe(concept.field);
		// A facet of another field's concept, or of a facet, would blur the topics: refused.
		expect(() => compileVocabulary({ ...THESAURUS, autre: { label: 'Autre', field: 'logement', parent: 'mobilite', words: 'tramway2' } })).toThrow(/autre/);
		expect(() => compileVocabulary({ ...THESAURUS, autre: { label: 'Autre', field: 'mobilite', parent: 'transports', words: 'tramway2' } })).toThrow(/autre/);
	});

	it('[SG4] knows the vocabulary the issue lists, each word under a concept of its field', () => {
		const field = (text: string) => {
			const concept = normalise(text).find((k) => k.startsWith('#'));
			return concept ? CONCEPTS.get(concept)?.field : undefined;
		};
		const families: Array<[string, string[]]> = [
			['@mobilite', ['mobilité', 'transport', 'déplacement', 'permis']],
			['@logement', ['logement', 'hébergement', 'loyer', 'expulsion']],
			['@acces_droits', ['accès aux droits', 'non-recours', 'dématérialisation', 'illectronisme']],
			['@lien_social', ['isolement', 'lien social']],
			['@autonomie', ['aidants', 'répit', 'personnes âgées', 'APA', 'EHPAD', 'maintien à domicile', 'handicap', 'MDPH', 'AAH']],
			['@enfance_famille', ['petite enfance', 'EAJE', 'mode de garde', 'assistantes maternelles', 'PMI']],
			['@insertion', ['emploi', 'RSA', 'formation']],
			['@sante', ['santé', 'soins', 'désertification médicale', 'santé mentale']],
			['@violences', ['violences intrafamiliales']],
			['@langue', ['barrière de la langue', 'FLE']],
			['@partenariat', ['coordination', 'partenariat', 'interconnaissance']]
		];
		for (const [expected, words] of families) for (const word of words) expect(field(word), word).toBe(expected);
	});

	it('drops the words of time, quantity and place that glue unrelated notes ("depuis deux ans", "dans les villages")', () => {
		expect(normalise('depuis deux ans, plusieurs mois, souvent trop tard')).toEqual([]);
		expect(normalise('dans les communes et les villages du canton')).toEqual([]);
		expect(normalise('une hausse des demandes en augmentation')).toEqual([]);
	});

	it('finds the concept of a conjugated verb ("desservent", "recrutent") and leaves "parent" or "urgent" alone', () => {
		expect(normalise('Les cars ne desservent pas le bourg')).toContain('#transports');
		expect(normalise('Les SAAD recrutent difficilement')).toContain('#recrutement');
		expect(normalise('parent')).toEqual(['parent']);
		expect(normalise('urgent')).toEqual(['urgent']);
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
