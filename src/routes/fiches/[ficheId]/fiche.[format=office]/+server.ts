import type { RequestHandler } from './$types';
import { ficheDocumentResponse } from '$lib/server/exports/fiche-document';

/** GET /fiches/:ficheId/fiche.odt|pdf — one fiche as in the plan, converted by LibreOffice. */
export const GET: RequestHandler = (event) => ficheDocumentResponse(event, event.params.format as 'odt' | 'pdf');
