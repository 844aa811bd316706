import { describe, expect, it } from 'vitest';
import { axisFields, suggestAxisFromContent } from './axis-suggestion.ts';
import { DEFAULT_AXES } from './vocabulary.ts';

// Issue 13 (point 8): a fiche drafted from a cluster of a table whose theme names no axis
// ("Accès aux droits", "Mobilité") got no axis at all.
describe('[FA1] axis suggested from what the cluster speaks of', () => {
	it('maps the default axes to the fields of the thesaurus', () => {
		expect(axisFields({ code: 'INS', label: 'Insertion' })).toEqual(new Set(['insertion', 'precarite', 'logement', 'mobilite', 'acces_droits', 'langue']));
		expect(axisFields({ code: 'AUT', label: 'Autonomie' }).has('autonomie')).toBe(true);
		expect(axisFields({ code: 'ENF', label: 'Enfance-famille' }).has('enfance_famille')).toBe(true);
		expect(axisFields({ code: 'COOR', label: 'Coordination' }).has('partenariat')).toBe(true);
	});

	it('suggests the axis whose fields hold the cluster', () => {
		const axes = DEFAULT_AXES;
		expect(suggestAxisFromContent({ title: 'Pas de transport le dimanche', notes: ['Pas de bus le week-end', 'Permis de conduire trop cher'] }, axes)).toBe('INS');
		expect(suggestAxisFromContent({ title: 'Isolement des personnes âgées', notes: ['Manque de places en EHPAD', 'Aidants épuisés'] }, axes)).toBe('AUT');
		expect(suggestAxisFromContent({ title: 'Modes de garde', notes: ['Peu d’assistantes maternelles', 'Soutien à la parentalité'] }, axes)).toBe('ENF');
		expect(suggestAxisFromContent({ title: 'Mieux se connaître entre partenaires', notes: ['Coordination des acteurs insuffisante'] }, axes)).toBe('COOR');
	});

	it('says nothing rather than guess: unknown words, or two axes as likely', () => {
		expect(suggestAxisFromContent({ title: 'Divers', notes: ['Remarques générales'] }, DEFAULT_AXES)).toBeNull();
		expect(suggestAxisFromContent({ title: 'x', notes: [] }, [])).toBeNull();
	});

	it('works with a project’s own axes', () => {
		const axes = [
			{ code: 'LOG', label: 'Logement et habitat' },
			{ code: 'SAN', label: 'Santé' }
		];
		expect(suggestAxisFromContent({ title: 'Accès au logement social', notes: ['Délais d’attribution HLM'] }, axes)).toBe('LOG');
		expect(suggestAxisFromContent({ title: 'Déserts médicaux', notes: ['Pas de médecin traitant'] }, axes)).toBe('SAN');
	});
});
