import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { isSignupOpen } from '$lib/server/users/user.service';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/projets');
	if (locals.participant) redirect(303, '/atelier');
	// Sign-up closed (the default): no link to a page that only says so.
	return { signupOpen: isSignupOpen() };
};
