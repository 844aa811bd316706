// How far a download is, for the page that asked for it (issue 18: progress shown for anything
// over a second). The page names its download with a random id (`?suivi=…`, 128 bits from
// crypto.getRandomValues), then reads /exports/suivi/<id> while the file is made. Only the export
// routes, behind their access rules, create an entry; an entry made for a signed-in person is read
// by that person only (a fiche's invited co-writer has no account: the id alone, unguessable);
// and it holds no data of the plan: the step, a count and a total. Entries go away a minute after
// the file is sent (half an hour after they began, if it never is), and there are never more than
// MAX_ENTRIES (the oldest go first).

export type ExportStep = 'lecture' | 'fiches' | 'images' | 'ecriture' | 'compression' | 'conversion' | 'envoi';

export interface ExportProgress {
	step: ExportStep;
	/** Items done in this step (fiches, pictures), when it counts them. */
	done?: number;
	total?: number;
}

export interface ProgressView extends ExportProgress {
	/** Of the whole file, 0-100, or null while a step cannot say (LibreOffice's conversion). */
	percent: number | null;
	/** What is being done, in French, as the page shows and reads it. */
	label: string;
}

export const PROGRESS_ID = /^[A-Za-z0-9_-]{16,64}$/;
const MAX_ENTRIES = 500;
const KEEP_AFTER_END_MS = 60_000;
const KEEP_UNENDED_MS = 30 * 60_000;

/** Where each step sits in the whole (the Word file's share; a conversion comes after it). */
const SPAN: Record<ExportStep, [number, number]> = {
	lecture: [0, 3],
	fiches: [3, 30],
	images: [3, 30],
	ecriture: [30, 85],
	compression: [85, 95],
	conversion: [95, 95],
	envoi: [100, 100]
};

export function describe(p: ExportProgress, converting: string | null = null): ProgressView {
	const [from, to] = SPAN[p.step];
	const counted = p.total ? Math.min(1, (p.done ?? 0) / p.total) : 0;
	const percent = p.step === 'conversion' ? null : Math.round(from + (to - from) * counted);
	const count = p.total ? ` : ${p.done ?? 0} sur ${p.total}` : '';
	const label = {
		lecture: 'Lecture du plan',
		fiches: `Mise en page des fiches${count}`,
		images: `Dessin des images${count}`,
		ecriture: `Écriture du document${count}`,
		compression: 'Compression du fichier',
		conversion: `Conversion ${converting ?? ''} par LibreOffice`.replace('  ', ' '),
		envoi: 'Envoi du fichier'
	}[p.step];
	return { ...p, percent, label };
}

interface Entry {
	owner: number | null;
	startedAt: number;
	progress: ExportProgress;
	format: string | null;
	endedAt: number | null;
}

const entries = new Map<string, Entry>();

function prune(now: number): void {
	for (const [id, e] of entries) {
		if (e.endedAt !== null ? now - e.endedAt > KEEP_AFTER_END_MS : now - e.startedAt > KEEP_UNENDED_MS) entries.delete(id);
	}
	while (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}

export interface ProgressTracker {
	update(p: ExportProgress): void;
	/** The file is being converted to ODT or PDF. */
	converting(format: 'odt' | 'pdf'): void;
	end(): void;
}

const NONE: ProgressTracker = { update() {}, converting() {}, end() {} };

/** The tracker of the download `url` names with `?suivi=`, or one that records nothing. */
export function trackProgress(url: URL, owner: number | null = null): ProgressTracker {
	const id = url.searchParams.get('suivi');
	if (!id || !PROGRESS_ID.test(id)) return NONE;
	const now = Date.now();
	prune(now);
	const entry: Entry = { owner, startedAt: now, progress: { step: 'lecture' }, format: null, endedAt: null };
	entries.set(id, entry);
	return {
		update(p) {
			entry.progress = p;
		},
		converting(format) {
			entry.format = format;
			entry.progress = { step: 'conversion' };
		},
		end() {
			entry.progress = { step: 'envoi' };
			entry.endedAt = Date.now();
		}
	};
}

/** Where the download `id` stands, or null when no such download is known here (for `reader`). */
export function readProgress(id: string, reader: number | null): ProgressView | null {
	if (!PROGRESS_ID.test(id)) return null;
	const e = entries.get(id);
	if (!e || (e.owner !== null && e.owner !== reader)) return null;
	return describe(e.progress, e.format === 'pdf' ? 'en PDF' : e.format === 'odt' ? 'en ODT' : null);
}
