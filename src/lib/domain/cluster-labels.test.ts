import { describe, expect, it } from 'vitest';
import { labelGroup, MAX_LABEL_LENGTH, shortenText } from './cluster-labels.ts';
import { compileVocabulary } from './french-text.ts';
import { THESAURUS } from './thesaurus.ts';

describe('labels of suggested groups', () => {
	it('[SG2] joins the topic and the public most notes name: "Isolement des personnes âgées"', () => {
		expect(labelGroup(['Isolement des personnes âgées', 'Personnes âgées seules, sans visites, très isolées', 'Solitude des aînés en milieu rural'])).toBe(
			'Isolement des personnes âgées'
		);
		expect(labelGroup(['Les jeunes sans permis ne peuvent pas aller en formation', 'Pas de transports pour les jeunes le soir'])).toBe('Mobilité des jeunes');
	});

	it('[SG2] names the topic, not the public, when a public is only one of the notes’ subjects', () => {
		expect(labelGroup(['Manque de places en EHPAD', "Listes d'attente en EHPAD très longues", 'Entrées en établissement des personnes âgées dans l’urgence'])).toBe(
			'Places en établissement : EHPAD'
		);
	});

	it('[SG2] adds the expression most notes use when it says more than the concept: "Mobilité : transports en commun"', () => {
		expect(labelGroup(['Pas de transports en commun le soir', 'Transports en commun trop rares', 'Difficultés de mobilité des jeunes', 'Transports en commun chers'])).toBe(
			'Mobilité : transports en commun'
		);
		// …but not a single common word, and not the concept's own words again.
		expect(labelGroup(['Manque de moyens de déplacement', 'Se déplacer est difficile'])).toBe('Mobilité');
		// When every note names the same facet of the topic, its label says more ("Transports", not "Mobilité").
		expect(labelGroup(['Pas de transports en commun le soir', 'Transports en commun trop rares', 'Bus trop chers'])).toBe('Transports en commun');
		// An expression that repeats the label's own words is the label, as people write it.
		expect(labelGroup(['Pas de permis de conduire', 'Permis de conduire trop cher', 'Jeunes sans permis de conduire', 'Voiture en panne'])).toBe('Permis de conduire');
		expect(labelGroup(['Barrière de la langue pour les familles', 'La barrière de la langue freine les démarches'])).toBe('Barrière de la langue');
	});

	it('[SG2] joins a topic of another field that every note names: "Modes de garde et emploi"', () => {
		expect(labelGroup(['Des mères seules refusent un emploi faute de mode de garde', 'Pas de garde d’enfants pour les parents qui reprennent un emploi'])).toMatch(
			/^(Modes de garde et emploi|Emploi et modes de garde)$/
		);
	});

	it('[SG2] joins two topics of one field that most notes name: "Numérique et accès aux droits"', () => {
		expect(labelGroup(['Dématérialisation des dossiers CAF', 'Démarches en ligne impossibles sans ordinateur pour les dossiers RSA'])).toMatch(/^(Numérique et accès aux droits|Accès aux droits et numérique)$/);
	});

	it('[SG2] names a group without concept after the words its notes share, as written', () => {
		expect(labelGroup(['Fermeture des piscines municipales', 'Piscines municipales trop chères', 'Horaires des piscines municipales'])).toBe('Piscines municipales');
	});

	it('[SG2] falls back on the central note, shortened at a word, when the notes share nothing', () => {
		const texts = ['Fermeture de la piscine', 'Beaucoup de bruit la nuit dans le quartier de la gare, les habitants se plaignent'];
		expect(labelGroup(texts, { central: 1 })).toBe('Beaucoup de bruit la nuit dans le quartier de la…');
		expect(shortenText('  Court.  ')).toBe('Court');
	});

	it('[SG2] never gives a list of stems, a key or a label longer than the board allows', () => {
		const groups = [
			['Manque de logements sociaux', 'Logements insalubres', 'Loyers trop chers'],
			['Désert médical', 'Plus de médecin traitant', 'Délais au CMP'],
			['Délais MDPH', 'AAH versée en retard', 'Dossiers MDPH perdus'],
			['', '  '],
			['!!!', '...']
		];
		for (const texts of groups) {
			const label = labelGroup(texts);
			expect(label.length, label).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
			expect(label, label).not.toMatch(/[#@_·]/);
			if (label) expect(label.charAt(0), label).toBe(label.charAt(0).toUpperCase());
		}
		expect(labelGroup(['Délais MDPH', 'AAH versée en retard', 'Dossiers MDPH perdus'])).toBe('Handicap : MDPH');
	});

	it('[SG2] uses a département’s own concepts and labels', () => {
		const vocabulary = compileVocabulary({ ...THESAURUS, tourisme: { label: 'Emplois saisonniers', field: 'insertion', words: 'saisonnier tourisme' } });
		expect(labelGroup(['Les saisonniers ne trouvent pas à se loger', 'Travail saisonnier mal payé', 'Tourisme et saisonniers'], { vocabulary })).toBe('Emplois saisonniers');
	});
});
