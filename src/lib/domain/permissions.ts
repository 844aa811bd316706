import type { ProjectRole } from './vocabulary.ts';

// What each project role may do. Routes ask `can(role, action)`; a missing role (not a member)
// may do nothing.
export const ACTIONS = {
	'project.view': ['owner', 'facilitator', 'contributor', 'observer'],
	'project.edit': ['owner', 'facilitator'],
	'project.members': ['owner'],
	'workshop.create': ['owner', 'facilitator'],
	'workshop.edit': ['owner', 'facilitator'],
	'board.edit': ['owner', 'facilitator'],
	/** Write fiches-actions (porteurs are often contributors), comment, invite co-writers. */
	'fiche.edit': ['owner', 'facilitator', 'contributor'],
	/** Validate, renumber, import, archive: the steering team. */
	'fiche.manage': ['owner', 'facilitator']
} as const satisfies Record<string, readonly ProjectRole[]>;
export type Action = keyof typeof ACTIONS;

export function can(role: ProjectRole | null | undefined, action: Action): boolean {
	if (!role) return false;
	return (ACTIONS[action] as readonly ProjectRole[]).includes(role);
}
