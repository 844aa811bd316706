import type { LayoutServerLoad } from './$types';
import { readHealth } from '$lib/server/health';
import { legalConfig } from '$lib/server/legal';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	user: locals.user
		? { id: locals.user.id, displayName: locals.user.display_name, email: locals.user.email, isAdmin: !!locals.user.is_admin }
		: null,
	participant: locals.participant
		? { name: locals.participant.displayName, organisation: locals.participant.organisation, workshopId: locals.participant.workshopId }
		: null,
	// Staff are told when storage fails (participants' phones say their notes are waiting).
	// (read on every navigation: `url` makes SvelteKit run this load again)
	storageProblems: locals.user && url.pathname ? readHealth().problems : [],
	// The RGAA asks every page to state it ("Accessibilité : non conforme").
	accessibilityStatus: legalConfig().accessibilityStatus
});
