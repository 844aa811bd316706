import { describe, expect, it } from 'vitest';
import { parseProjectVocabulary } from './project-vocabulary.ts';
import { normalise } from './french-text.ts';
import { suggestClusters } from './clustering.ts';

describe('a département’s own vocabulary (project settings)', () => {
	it('[SG4] adds words and expressions to a concept of the thesaurus, and creates concepts with label and field', () => {
		const r = parseProjectVocabulary(
			['# Bugey', 'mobilite : Rézo Pouce, TAD, transport solidaire', '', 'saisonniers (Emplois saisonniers ; insertion) : saisonnier, station de ski'].join('\n')
		);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.concepts).toBe(2);
		expect(normalise('Le Rézo Pouce ne va pas jusqu’à Hauteville', r.vocabulary)).toContain('#mobilite');
		expect(normalise('TAD saturé', r.vocabulary)).toContain('#mobilite');
		expect(normalise('Saisonnières des stations de ski', r.vocabulary)).toEqual(['#saisonniers', '#saisonniers']);
		expect(r.vocabulary.concepts.get('#saisonniers')).toMatchObject({ label: 'Emplois saisonniers', field: '@insertion' });
		// The thesaurus itself is untouched.
		expect(normalise('Rézo Pouce')).not.toContain('#mobilite');
	});

	it('[SG4] the suggestions use it: notes in the territory’s words are grouped and named after its concept', () => {
		const r = parseProjectVocabulary('saisonniers (Emplois saisonniers ; insertion) : saisonnier, station de ski, remontées mécaniques');
		if (!r.ok) throw new Error(r.message);
		const notes = [
			{ id: 'a', text: 'Les saisonniers ne trouvent rien à louer' },
			{ id: 'b', text: 'Fermeture des remontées mécaniques en avril' },
			{ id: 'c', text: 'Contrats courts en station de ski' }
		];
		expect(suggestClusters(notes)).toEqual([]);
		const [group] = suggestClusters(notes, { vocabulary: r.vocabulary });
		expect(group.noteIds).toEqual(['a', 'b', 'c']);
		expect(group.label).toBe('Emplois saisonniers');
	});

	it('[SG4] answers a bad file in French, naming the line', () => {
		const bad = (text: string) => {
			const r = parseProjectVocabulary(text);
			return r.ok ? '' : r.message;
		};
		expect(bad('mobilite Rézo Pouce')).toMatch(/^Ligne 1 : écrivez « notion : mot, expression »/);
		expect(bad('# titre\ntourisme : touriste')).toMatch(/^Ligne 2 : « tourisme » n’est pas une notion du thésaurus/);
		expect(bad('tourisme (Tourisme ; loisirs) : touriste')).toMatch(/^Ligne 1 : domaine inconnu \(domaines possibles : mobilite, logement/);
		expect(bad('Mobilité : bus')).toMatch(/^Ligne 1 : l’identifiant s’écrit en minuscules/);
		expect(bad('mobilite :')).toMatch(/^Ligne 1 : aucun mot après « : »/);
		expect(bad('logement : bus')).toBe('« bus » est déjà dans la notion « transports » : un mot ne peut appartenir qu’à une notion (retirez-le de « logement »).');
		expect(bad('transports (Transports ; logement) : tram-train')).toBe(
			'La notion « transports » détaille « mobilite » : les deux restent dans le même domaine (changez le domaine des deux ou d’aucune).'
		);
		expect(bad('x'.repeat(20_001))).toMatch(/dépasse 20/);
		expect(bad(Array.from({ length: 201 }, () => 'mobilite : navette').join('\n'))).toBe('Au plus 200 lignes de vocabulaire.');
	});
});
