import type { LayoutServerLoad } from './$types';
import { legalConfig } from '$lib/server/legal';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? { id: locals.user.id, displayName: locals.user.display_name, email: locals.user.email, isAdmin: !!locals.user.is_admin }
		: null,
	participant: locals.participant
		? { name: locals.participant.displayName, organisation: locals.participant.organisation, workshopId: locals.participant.workshopId }
		: null,
	// The RGAA asks every page to state it ("Accessibilité : non conforme").
	accessibilityStatus: legalConfig().accessibilityStatus
});
