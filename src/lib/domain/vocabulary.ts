// The closed sets of the domain, with their French labels. Each set is an `as const` object
// plus a derived type, so that the code and the UI speak of the same values.

export const PROJECT_ROLES = {
	owner: 'Pilote (propriétaire)',
	facilitator: 'Animateur·rice',
	contributor: 'Contributeur·rice',
	observer: 'Observateur·rice'
} as const;
export type ProjectRole = keyof typeof PROJECT_ROLES;
export const PROJECT_ROLE_VALUES = Object.keys(PROJECT_ROLES) as ProjectRole[];

export const WORKSHOP_PHASES = {
	bilan: 'Bilan',
	diagnostic: 'Diagnostic',
	plan_actions: "Plan d'actions",
	restitution: 'Restitution'
} as const;
export type WorkshopPhase = keyof typeof WORKSHOP_PHASES;
export const WORKSHOP_PHASE_VALUES = Object.keys(WORKSHOP_PHASES) as WorkshopPhase[];

/** A round table's phase decides what participants may do (enforced by the server's commands). */
export const BOARD_PHASES = {
	ecriture: 'Écriture',
	regroupement: 'Regroupement',
	vote: 'Vote',
	clos: 'Clos'
} as const;
export type BoardPhase = keyof typeof BOARD_PHASES;
export const BOARD_PHASE_VALUES = Object.keys(BOARD_PHASES) as BoardPhase[];

export interface BoardColumn {
	id: string;
	label: string;
	/** Short help shown to participants under the column title. */
	hint: string;
}

export const BOARD_TEMPLATES = {
	atouts_problematiques: {
		label: 'Atouts / Problématiques',
		columns: [
			{ id: 'atouts', label: 'Atouts', hint: 'Ce qui fonctionne, les ressources du territoire' },
			{ id: 'problematiques', label: 'Problématiques', hint: 'Les difficultés, les manques, les besoins' }
		]
	},
	afom: {
		label: 'AFOM (4 quadrants)',
		columns: [
			{ id: 'points_forts', label: 'Points forts', hint: 'Atouts internes' },
			{ id: 'points_faibles', label: 'Points faibles', hint: 'Faiblesses internes' },
			{ id: 'potentialites', label: 'Potentialités', hint: 'Opportunités à saisir' },
			{ id: 'menaces', label: 'Menaces', hint: 'Risques extérieurs' }
		]
	}
} as const satisfies Record<string, { label: string; columns: readonly BoardColumn[] }>;
export type BoardTemplate = keyof typeof BOARD_TEMPLATES;
export const BOARD_TEMPLATE_VALUES = Object.keys(BOARD_TEMPLATES) as BoardTemplate[];

export function columnsOf(template: BoardTemplate): readonly BoardColumn[] {
	return BOARD_TEMPLATES[template].columns;
}

/** Axes pre-filled in a new project; the facilitator may edit, remove or add. */
export const DEFAULT_AXES = [
	{ code: 'COOR', label: 'Coordination' },
	{ code: 'INS', label: 'Insertion' },
	{ code: 'AUT', label: 'Autonomie' },
	{ code: 'ENF', label: 'Enfance-famille' }
] as const;

/** Suggestions offered when a participant types an organisation (free text is always accepted). */
export const ORGANISATION_SUGGESTIONS = [
	'Département',
	'CAF',
	'CCAS',
	'Mairie de ',
	'Association ',
	'Centre social',
	'France Travail',
	'Mission locale',
	'CPAM',
	'MSA',
	'Bailleur social',
	'Éducation nationale',
	'Centre hospitalier',
	'Gendarmerie',
	'Habitant·e'
] as const;
