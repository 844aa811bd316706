import { describe, expect, it } from 'vitest';
import { linkProblems, problemSimilarity, type ProblemCluster } from './shared-problems.ts';
import { similarLabels } from './similar-labels.ts';

const cluster = (source: string, title: string, notes: string[] = [], votes = 0): ProblemCluster => ({ key: `${source}:${title}`, source, title, notes, votes });

describe('problems shared across tables and territories', () => {
	it('[SG5] links clusters named differently that speak of the same problem (words, concepts, their notes)', () => {
		expect(problemSimilarity({ title: 'Mobilité' }, { title: 'Transports et déplacements' })).toBeGreaterThan(0.5);
		expect(problemSimilarity({ title: 'Barrière de la langue' }, { title: 'Familles allophones', notes: ['Pas assez de cours de FLE', 'Interprètes absents'] })).toBeGreaterThan(0.5);
		// Named after the place, the cluster is still about housing through its notes.
		expect(problemSimilarity({ title: 'Secteur nord', notes: ['Logements insalubres', 'Loyers trop chers', 'Bailleurs absents'] }, { title: 'Accès au logement' })).toBeGreaterThan(0.35);
	});

	it('[SG5] keeps apart clusters that only share a generic word or nothing', () => {
		expect(problemSimilarity({ title: 'Manque de places en crèche' }, { title: 'Manque de places en EHPAD' })).toBeLessThan(0.35);
		expect(problemSimilarity({ title: 'Mobilité' }, { title: 'Logement' })).toBe(0);
		expect(problemSimilarity({ title: '' }, { title: 'Logement' })).toBe(0);
	});

	it('[SG5] groups problems raised at several tables, labels them, and leaves single-table problems out', () => {
		const links = linkProblems([
			cluster('Insertion', 'Mobilité', ['Pas de bus', 'Permis de conduire trop cher'], 4),
			cluster('Autonomie', 'Se déplacer quand on ne conduit plus', [], 2),
			cluster('Enfance', 'Transports scolaires', ['Les transports en commun ne desservent pas le collège'], 1),
			cluster('Insertion', 'Accès aux soins', ['Désert médical']),
			cluster('Insertion', 'Santé', ['Plus de médecin traitant']),
			cluster('Enfance', 'Places en crèche')
		]);
		expect(links).toHaveLength(1);
		expect(links[0].label).toBe('Mobilité');
		expect(links[0].clusters.map((c) => c.title)).toEqual(['Mobilité', 'Se déplacer quand on ne conduit plus', 'Transports scolaires']);
	});

	it('[SG5] links the problems of territories ("éléments partagés entre territoires") whatever the order', () => {
		const clusters = [
			cluster('Bresse', 'Barrière de la langue'),
			cluster('Bugey', 'Personnes allophones sans interprète'),
			cluster('Pays de Gex', 'Accès au logement', ['Loyers très élevés près de la frontière']),
			cluster('Bresse', 'Logement des jeunes'),
			cluster('Bugey', 'Isolement des personnes âgées')
		];
		const links = linkProblems(clusters);
		expect(links.map((l) => [l.label, l.clusters.map((c) => c.source).sort()])).toEqual([
			['Barrière de la langue', ['Bresse', 'Bugey']],
			['Logement', ['Bresse', 'Pays de Gex']]
		]);
		expect(linkProblems([...clusters].reverse())).toEqual(links);
	});

	it('[SG5] names a link after what the clusters share, notes included, not after one territory’s title', () => {
		const [link] = linkProblems([
			cluster('Val de Saône', 'Desserte des villages', ['Les transports en commun ne desservent pas les villages', 'Pas de transports en commun le soir'], 3),
			cluster('Bugey', 'Mobilité', ['Transports en commun trop rares', 'Aucune ligne de bus le dimanche'])
		]);
		expect(link.label).toBe('Transports en commun');
		// Two concepts of one field, one more specific: its label.
		const [other] = linkProblems([cluster('A', 'Secteur nord', ['Logements insalubres'], 5), cluster('B', 'Habitat dégradé', ['Logements vétustes'])], { minSimilarity: 0.2 });
		expect(other.label).toBe('Logement indigne');
	});
});

describe('"Aussi soulevé à la table …" on the board (titles only)', () => {
	it('[SG5] links titles that name the same problem in other words, not titles that share a generic word', () => {
		expect(similarLabels('Mobilité', 'Transports et déplacements')).toBe(true);
		expect(similarLabels('Désert médical', 'Accès aux soins')).toBe(true);
		expect(similarLabels('Barrière de la langue', 'Cours de FLE')).toBe(true);
		expect(similarLabels('Places en crèche', 'Places en EHPAD')).toBe(false);
		expect(similarLabels('Mobilité', 'Logement')).toBe(false);
	});
});
