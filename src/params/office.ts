import type { ParamMatcher } from '@sveltejs/kit';

/** The formats LibreOffice converts the Word documents to (plan.odt, fiche.pdf…). */
export const match = ((param: string): param is 'odt' | 'pdf' => param === 'odt' || param === 'pdf') satisfies ParamMatcher;
