import type { PageServerLoad } from './$types';
import { legalConfig } from '$lib/server/legal';

export const load: PageServerLoad = () => ({ legal: legalConfig() });
