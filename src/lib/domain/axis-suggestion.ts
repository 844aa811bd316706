// The axis a fiche drafted from a cluster probably belongs to, when the table's theme does not say
// it (`suggestAxis` in fiche.ts matches the theme's words first): what the cluster's title and notes
// speak of, read through the social-action thesaurus, against what each axis of the plan covers.
// Only a suggestion, shown as such on the fiche until someone confirms it. Pure; server-side only
// (it pulls the thesaurus, which the fiche page need not ship).

import { analyse, CONCEPTS, foldAccents } from './french-text.ts';
import { FIELDS } from './thesaurus.ts';

/**
 * The broad areas of a département's social action (childhood and family, autonomy, insertion,
 * coordination of partners) and the thesaurus fields each one covers: an axis named "Insertion"
 * takes the notes on housing, mobility, poverty and access to rights too, as the plans do.
 */
const AREAS: Readonly<Record<string, { words: string[]; fields: string[] }>> = {
	insertion: { words: ['insertion', 'emploi', 'precarite', 'pauvrete', 'logement', 'cohesion'], fields: ['insertion', 'precarite', 'logement', 'mobilite', 'acces_droits', 'langue'] },
	autonomie: { words: ['autonomie', 'age', 'agees', 'handicap', 'vieillissement', 'domicile'], fields: ['autonomie', 'sante'] },
	enfance_famille: { words: ['enfance', 'famille', 'familles', 'parentalite', 'jeunesse', 'pmi', 'protection'], fields: ['enfance_famille', 'jeunesse', 'violences'] },
	partenariat: { words: ['coordination', 'partenariat', 'partenaires', 'reseau', 'pilotage', 'gouvernance'], fields: ['partenariat', 'lien_social'] }
};

function labelWords(text: string): string[] {
	return foldAccents(text)
		.split(/[^a-z0-9]+/)
		.filter((w) => w.length > 2);
}

const prefixMatch = (a: string, b: string) => a === b || (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5));

/** Thesaurus fields an axis covers: by its label's concepts, the fields it names, and its area. */
export function axisFields(axis: { code: string; label: string }): Set<string> {
	const fields = new Set<string>();
	const text = `${axis.label} ${axis.code}`;
	for (const t of analyse(text)) if (t.kind === 'concept') fields.add(conceptField(t.key));
	const words = labelWords(text);
	for (const [field, label] of Object.entries(FIELDS)) if (labelWords(label).some((l) => words.some((w) => prefixMatch(w, l)))) fields.add(field);
	for (const area of Object.values(AREAS)) if (area.words.some((a) => words.some((w) => prefixMatch(w, a)))) for (const f of area.fields) fields.add(f);
	fields.delete('');
	return fields;
}

function conceptField(conceptKey: string): string {
	return CONCEPTS.get(conceptKey)?.field.replace(/^@/, '') ?? '';
}

/**
 * The axis whose fields hold most of the cluster's concepts (title counted twice), or null when
 * nothing in the text is known or two axes tie.
 */
export function suggestAxisFromContent(texts: { title: string; notes: readonly string[] }, axes: readonly { code: string; label: string }[]): string | null {
	const counts = new Map<string, number>();
	const add = (text: string, weight: number) => {
		for (const t of analyse(text)) if (t.kind === 'concept') counts.set(conceptField(t.key), (counts.get(conceptField(t.key)) ?? 0) + weight);
	};
	add(texts.title, 2);
	for (const n of texts.notes) add(n, 1);
	let best: string | null = null;
	let bestScore = 0;
	let tie = false;
	for (const axis of axes) {
		const covered = axisFields(axis);
		let score = 0;
		for (const [field, n] of counts) if (covered.has(field)) score += n;
		if (score > bestScore) {
			best = axis.code;
			bestScore = score;
			tie = false;
		} else if (score > 0 && score === bestScore) tie = true;
	}
	return tie ? null : best;
}
