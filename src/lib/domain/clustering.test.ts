import { describe, expect, it } from 'vitest';
import { suggestClusters, type ClusterInput, type ClusterSuggestion } from './clustering.ts';
import { seededRandom as seeded } from '../testing/seeded-random.ts';

const notes = (...texts: string[]): ClusterInput[] => texts.map((text, i) => ({ id: `n${String(i).padStart(3, '0')}`, text }));

/** The groups as sets of texts, easier to read in a failure. */
function groupsOf(input: ClusterInput[], suggestions: ClusterSuggestion[]): string[][] {
	const text = new Map(input.map((n) => [n.id, n.text]));
	return suggestions.map((s) => s.noteIds.map((id) => text.get(id)!).sort());
}


function shuffle<T>(list: T[], random: () => number): T[] {
	const out = [...list];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

// A small board as participants write it: topics with different words for the same thing.
const BOARD: Array<[topic: string, text: string]> = [
	['mobilité', 'Pas de transports en commun dans les villages'],
	['mobilité', 'Difficultés de mobilité pour se rendre aux entretiens'],
	['mobilité', 'Coût du carburant, voitures en mauvais état'],
	['logement', 'Manque de logements sociaux de petite taille'],
	['logement', "Délais d'attribution HLM très longs"],
	['logement', 'Logements insalubres chez les bailleurs privés'],
	['santé', 'Désert médical : plus de médecin généraliste'],
	['santé', "Délais d'attente au CMP de plusieurs mois"],
	['santé', 'Renoncement aux soins faute de mutuelle'],
	['garde', 'Manque de places en crèche'],
	['garde', 'Pas de mode de garde pour les horaires décalés'],
	['droits', 'Délais de traitement des dossiers RSA trop longs'],
	['droits', 'Complexité des démarches administratives'],
	['droits', 'Non-recours aux droits par méconnaissance'],
	['seul', 'Isolement des personnes âgées'],
	['seul', 'Violences conjugales peu signalées'],
	['seul', 'Bonne dynamique associative']
];
const boardNotes = BOARD.map(([, text], i) => ({ id: `b${String(i).padStart(2, '0')}`, text }));
const topicOf = new Map(BOARD.map(([topic], i) => [`b${String(i).padStart(2, '0')}`, topic]));

describe('suggested groups of notes', () => {
	it('put "Manque de transports en commun" and "Difficultés de mobilité pour se rendre aux entretiens" together', () => {
		const input = notes('Manque de transports en commun', 'Difficultés de mobilité pour se rendre aux entretiens');
		const suggestions = suggestClusters(input);
		expect(suggestions).toHaveLength(1);
		expect(suggestions[0].noteIds).toEqual(['n000', 'n001']);
		expect(suggestions[0].terms).toContain('mobilité');
	});

	it('leave unrelated notes alone: crèche, dossiers RSA, isolement des personnes âgées', () => {
		const input = notes('Manque de places en crèche', 'Délais de traitement des dossiers RSA trop longs', 'Isolement des personnes âgées');
		expect(suggestClusters(input)).toEqual([]);
	});

	it('never group notes only because they all say "manque", "difficulté", "besoin" or "problème"', () => {
		const input = notes(
			'Manque de coordination',
			'Manque de logements',
			'Manque de médecins',
			'Difficulté à recruter',
			'Difficultés de mobilité',
			"Besoin d'écoute",
			'Besoin de places en crèche',
			'Problème de langue',
			"Problématique d'isolement",
			'Manque de places en EHPAD'
		);
		expect(groupsOf(input, suggestClusters(input))).toEqual([]);
	});

	it('find the topics of a small board, each group about one topic, and leave the odd notes alone', () => {
		const suggestions = suggestClusters(boardNotes);
		for (const s of suggestions) {
			const topics = new Set(s.noteIds.map((id) => topicOf.get(id)));
			expect(topics.size, JSON.stringify(groupsOf(boardNotes, [s]))).toBe(1);
			expect(topics.has('seul')).toBe(false);
		}
		const found = new Set(suggestions.map((s) => topicOf.get(s.noteIds[0])));
		for (const topic of ['mobilité', 'logement', 'santé', 'garde', 'droits']) expect(found, topic).toContain(topic);
	});

	it('show a readable French label with its accents, and the shared terms as words', () => {
		const suggestions = suggestClusters(boardNotes);
		const byTopic = new Map(suggestions.map((s) => [topicOf.get(s.noteIds[0]), s]));
		expect(byTopic.get('mobilité')?.label).toMatch(/^Mobilité/);
		expect(byTopic.get('santé')?.label).toMatch(/^Accès aux soins/);
		expect(byTopic.get('droits')?.label).toMatch(/^Accès aux droits/);
		expect(byTopic.get('garde')?.label).toMatch(/^Modes de garde/);
		for (const s of suggestions) {
			expect(s.label).toMatch(/^[A-ZÀ-Ý]/);
			expect(s.label.length).toBeLessThanOrEqual(60);
			expect(s.label).not.toMatch(/#|_/);
			expect(s.terms.length).toBeGreaterThan(0);
			for (const term of s.terms) expect(term).not.toMatch(/#|_/);
			expect(s.score).toBeGreaterThan(0);
			expect(s.score).toBeLessThanOrEqual(1);
		}
	});

	it('[SG2] name a group after its concept and the expression its notes use ("Mobilité : transports en commun")', () => {
		const input = notes('Transports en commun trop rares', 'Pas de transports en commun le dimanche', 'Difficultés de mobilité des jeunes', 'Horaires des transports en commun inadaptés');
		const [group] = suggestClusters(input);
		expect(group.noteIds).toHaveLength(4);
		expect(group.label).toBe('Mobilité : transports en commun');
	});

	it('[SG1] on a mobility table, tell buses from driving licences (the topic every note names is no reason to group)', () => {
		const input = notes(
			'Le coût du permis de conduire reste hors de portée pour beaucoup de jeunes',
			'Les voitures des familles modestes sont anciennes et tombent souvent en panne',
			"Les délais pour passer l'examen du code sont très longs",
			'Le prix du carburant pèse sur le budget des ménages qui vivent loin de tout',
			'Les lignes de car ne desservent pas les villages éloignés de la préfecture',
			'Le transport à la demande doit être réservé la veille',
			"Les horaires des bus ne permettent pas d'aller travailler tôt le matin",
			'Aucun transport collectif le dimanche',
			"Certaines personnes n'ont jamais quitté leur commune et appréhendent de se déplacer seules",
			"La mobilité reste un frein majeur pour l'accès aux droits",
			'Le covoiturage solidaire manque de conducteurs bénévoles'
		);
		const groups = suggestClusters(input);
		const byLabel = new Map(groups.map((g) => [g.label, g.noteIds]));
		expect(byLabel.get('Permis et véhicule')).toEqual(['n000', 'n001', 'n002', 'n003']);
		expect(byLabel.get('Transports en commun')).toEqual(expect.arrayContaining(['n004', 'n005', 'n007']));
		for (const g of groups) expect(g.noteIds.some((id) => ['n000', 'n001', 'n002', 'n003'].includes(id)) && g.noteIds.some((id) => ['n004', 'n005', 'n006', 'n007'].includes(id)), g.label).toBe(false);
	});

	it('[SG1] group long sentences that speak of one concept in different words', () => {
		const input = notes(
			"Les centres médico-psychologiques sont saturés et les premiers rendez-vous sont donnés après de longs mois d'attente pour les adultes du bassin",
			'Les professionnels se sentent démunis face aux personnes présentant des troubles psychiques non soignés lors des accueils en mairie',
			'Manque de places en crèche',
			'Les assistantes maternelles partent à la retraite',
			'Pas de bus le soir',
			'Permis de conduire trop cher',
			'Dossiers CAF bloqués',
			'Isolement des personnes âgées',
			'Bénévoles moins nombreux dans les associations',
			'Logements sociaux trop rares',
			'Expulsions locatives en hausse'
		);
		const mental = suggestClusters(input).find((g) => g.noteIds.includes('n000'));
		expect(mental?.noteIds).toEqual(['n000', 'n001']);
		expect(mental?.label).toBe('Santé mentale');
	});

	it('[SG2] name a group with no concept after the words its notes share', () => {
		const input = notes('Fermeture des piscines municipales', 'Piscines municipales trop chères', 'Horaires des piscines municipales');
		const [group] = suggestClusters(input);
		expect(group.label).toBe('Piscines municipales');
		expect(group.noteIds).toHaveLength(3);
	});

	it('[SG1] group notes of one field that share a concept, in different words (aidants, répit, accueil de jour)', () => {
		const input = notes(
			'Les proches aidants s’épuisent',
			'Pas assez de solutions de répit pour les aidants',
			'Accueil de jour saturé, les familles ne peuvent pas souffler',
			'Manque de places en crèche',
			'Délais de traitement des dossiers MDPH'
		);
		const groups = groupsOf(input, suggestClusters(input));
		expect(groups).toEqual([['Accueil de jour saturé, les familles ne peuvent pas souffler', 'Les proches aidants s’épuisent', 'Pas assez de solutions de répit pour les aidants']]);
		expect(suggestClusters(input)[0].label).toBe('Soutien aux aidants');
	});

	it('[SG2] lists the shared terms as words, acronyms kept in capitals', () => {
		const [group] = suggestClusters(notes('Consultations de PMI saturées', 'Suivi de grossesse par la PMI difficile', 'Plus de puéricultrice en PMI'));
		expect(group.terms[0]).toBe('PMI et périnatalité');
	});

	it('[SG1] never form a group on a broad field alone (isolement and vie associative are both "lien social")', () => {
		expect(suggestClusters(notes('Isolement des personnes âgées', 'Bonne dynamique associative'))).toEqual([]);
	});

	it('[SG3] group atouts too (sameColumnOnly, as the board asks)', () => {
		const input: ClusterInput[] = [
			{ id: 'a1', text: 'Les clubs d’aînés et les associations de bénévoles sont très actifs', column: 'atouts' },
			{ id: 'a2', text: 'Une vie associative riche dans les villages', column: 'atouts' },
			{ id: 'a3', text: 'La PMI est bien repérée par les jeunes parents', column: 'atouts' },
			{ id: 'p1', text: 'Les associations manquent de bénévoles', column: 'problematiques' }
		];
		const groups = suggestClusters(input, { sameColumnOnly: true });
		expect(groups.map((g) => g.noteIds)).toEqual([['a1', 'a2']]);
		expect(groups[0].label).toBe('Vie associative');
	});

	it('give the same suggestions for the same notes, whatever their order on the board', () => {
		const first = suggestClusters(boardNotes);
		expect(suggestClusters(boardNotes)).toEqual(first);
		const random = seeded(11);
		for (let k = 0; k < 5; k++) expect(suggestClusters(shuffle(boardNotes, random))).toEqual(first);
	});

	it('put each note in one group at most and respect minSize and maxSize', () => {
		const input = notes(...Array.from({ length: 9 }, (_, i) => `Logements insalubres et loyers trop chers, cas ${i}`), 'Transports en commun', 'Mobilité des jeunes');
		const capped = suggestClusters(input, { maxSize: 4 });
		const seen = new Set<string>();
		for (const s of capped) {
			expect(s.noteIds.length).toBeGreaterThanOrEqual(2);
			expect(s.noteIds.length).toBeLessThanOrEqual(4);
			for (const id of s.noteIds) {
				expect(seen.has(id)).toBe(false);
				seen.add(id);
			}
		}
		for (const s of suggestClusters(input, { minSize: 3 })) expect(s.noteIds.length).toBeGreaterThanOrEqual(3);
	});

	it('keep atouts and problématiques apart when asked to (sameColumnOnly)', () => {
		const input: ClusterInput[] = [
			{ id: 'a', text: 'Bonne desserte en transports en commun à Trévoux', column: 'atouts' },
			{ id: 'b', text: 'Manque de transports en commun dans les villages', column: 'problematiques' }
		];
		expect(suggestClusters(input)).toHaveLength(1);
		expect(suggestClusters(input, { sameColumnOnly: true })).toEqual([]);
	});

	it('suggest fewer, surer groups with a higher minSimilarity', () => {
		const loose = suggestClusters(boardNotes, { minSimilarity: 0.2 });
		const strict = suggestClusters(boardNotes, { minSimilarity: 0.7 });
		const pairs = (list: ClusterSuggestion[]) => list.reduce((n, s) => n + (s.noteIds.length * (s.noteIds.length - 1)) / 2, 0);
		expect(pairs(strict)).toBeLessThanOrEqual(pairs(loose));
	});

	it('return nothing for an empty board, a single note, or notes without words', () => {
		expect(suggestClusters([])).toEqual([]);
		expect(suggestClusters(notes('Manque de transports en commun'))).toEqual([]);
		expect(suggestClusters(notes('', '   ', '!!!', '...'))).toEqual([]);
		expect(suggestClusters(notes('Manque', 'Difficultés', 'Besoin'))).toEqual([]);
	});

	it('handle a board of 1,000 notes', () => {
		const random = seeded(2026);
		const texts = BOARD.map(([, text]) => text);
		const extra = ['à Trévoux', 'sur le secteur nord', 'pour les familles', 'depuis la crise', 'selon les partenaires', ''];
		const input: ClusterInput[] = Array.from({ length: 1000 }, (_, i) => ({
			id: `x${i}`,
			text: `${texts[Math.floor(random() * texts.length)]} ${extra[Math.floor(random() * extra.length)]}`,
			column: random() < 0.3 ? 'atouts' : 'problematiques'
		}));
		const suggestions = suggestClusters(input);
		expect(suggestions.length).toBeGreaterThan(0);
		const seen = new Set<string>();
		for (const s of suggestions) for (const id of s.noteIds) {
			expect(seen.has(id)).toBe(false);
			seen.add(id);
		}
	});
});

describe('suggested groups with semantic help (embeddings from a model the project trusts)', () => {
	it('[SG7] groups notes that share no word when their embeddings are close, and only those', () => {
		const input = notes('Les aînés ne voient plus personne', 'Solitude des retraités à la campagne', 'Manque de places en crèche');
		expect(suggestClusters(input)).toEqual([]);
		const embeddings = new Map([
			['n000', [1, 0.1, 0]],
			['n001', [0.9, 0.2, 0]],
			['n002', [0, 0, 1]]
		]);
		const [group, ...rest] = suggestClusters(input, { embeddings });
		expect(group.noteIds).toEqual(['n000', 'n001']);
		expect(rest).toEqual([]);
		// A note without an embedding keeps its local similarity only.
		expect(suggestClusters(input, { embeddings: new Map([['n000', [1, 0, 0]]]) })).toEqual([]);
	});
});
