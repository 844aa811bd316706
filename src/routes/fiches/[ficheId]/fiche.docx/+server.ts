import type { RequestHandler } from './$types';
import { ficheDocumentResponse } from '$lib/server/exports/fiche-document';

/** GET /fiches/:ficheId/fiche.docx — one fiche as in the plan, for members and its invited co-writers. */
export const GET: RequestHandler = (event) => ficheDocumentResponse(event, 'docx');
