import type { Migration } from 'kysely';
import * as foundation from './2026-11-22T17-00-00_foundation.ts';
import * as realtime from './2026-11-22T18-00-00_realtime.ts';
import * as facilitation from './2026-11-22T19-00-00_facilitation.ts';
import * as privateAnonymous from './2026-11-22T20-00-00_private-anonymous.ts';
import * as fiches from './2026-11-22T21-00-00_fiches.ts';
import * as ficheContent from './2026-11-22T22-00-00_fiche-content.ts';
import * as restitutionLinks from './2026-11-22T23-00-00_restitution-links.ts';
import * as snapshotFormat from './2026-11-23T00-00-00_snapshot-format.ts';
import * as noteJournal from './2026-11-23T01-00-00_note-journal.ts';
import * as participantResume from './2026-12-07T15-00-00_participant-resume.ts';
import * as planDocuments from './2026-12-07T15-00-00_plan-documents.ts';
import * as suggestionSettings from './2026-12-07T15-00-00_suggestion-settings.ts';
import * as security from './2026-12-07T15-00-00_security.ts';
import * as suivi from './2026-12-07T18-00-00_suivi.ts';
import * as docxTemplate from './2026-12-07T19-30-00_docx-template.ts';

// Listed statically (not read from the folder at run time) so that the same list works
// under tsx, in Vite's dev server and inside SvelteKit's production bundle.
export const migrations: Record<string, Migration> = {
	'2026-11-22T17-00-00_foundation': foundation,
	'2026-11-22T18-00-00_realtime': realtime,
	'2026-11-22T19-00-00_facilitation': facilitation,
	'2026-11-22T20-00-00_private-anonymous': privateAnonymous,
	'2026-11-22T21-00-00_fiches': fiches,
	'2026-11-22T22-00-00_fiche-content': ficheContent,
	'2026-11-22T23-00-00_restitution-links': restitutionLinks,
	'2026-11-23T00-00-00_snapshot-format': snapshotFormat,
	'2026-11-23T01-00-00_note-journal': noteJournal,
	'2026-12-07T15-00-00_participant-resume': participantResume,
	'2026-12-07T15-00-00_plan-documents': planDocuments,
	'2026-12-07T15-00-00_suggestion-settings': suggestionSettings,
	'2026-12-07T15-00-00_security': security,
	'2026-12-07T18-00-00_suivi': suivi,
	'2026-12-07T19-30-00_docx-template': docxTemplate
};
