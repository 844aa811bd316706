import { describe, expect, it } from 'vitest';
import { ACTIONS, can } from './permissions.ts';
import { PROJECT_ROLE_VALUES } from './vocabulary.ts';

describe('project roles', () => {
	it('let every member view the project', () => {
		for (const role of PROJECT_ROLE_VALUES) expect(can(role, 'project.view')).toBe(true);
	});

	it('keep observers and contributors from editing anything of the project', () => {
		for (const role of ['observer', 'contributor'] as const) {
			for (const action of ['project.edit', 'project.members', 'workshop.create', 'workshop.edit', 'board.edit'] as const) {
				expect(can(role, action), `${role} ${action}`).toBe(false);
			}
		}
	});

	it('let facilitators prepare workshops and boards but not manage members', () => {
		expect(can('facilitator', 'workshop.create')).toBe(true);
		expect(can('facilitator', 'workshop.edit')).toBe(true);
		expect(can('facilitator', 'board.edit')).toBe(true);
		expect(can('facilitator', 'project.edit')).toBe(true);
		expect(can('facilitator', 'project.members')).toBe(false);
	});

	it('let owners do everything', () => {
		for (const action of Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]) expect(can('owner', action)).toBe(true);
	});

	it('give nothing to a non-member', () => {
		for (const action of Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]) {
			expect(can(null, action)).toBe(false);
			expect(can(undefined, action)).toBe(false);
		}
	});
});
