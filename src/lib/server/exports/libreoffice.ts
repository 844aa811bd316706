import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// ODT and PDF of the Word documents, converted by LibreOffice in headless mode when it is installed
// (Debian: `apt-get install libreoffice-writer-nogui`; SOFFICE_PATH to point at another binary).
// The conversion runs in its own process, so the server's event loop never waits on it; one at a
// time (LibreOffice is heavy, and one user profile serves them all), each under a time limit.

export const OFFICE_FORMATS = {
	odt: { filter: 'odt', type: 'application/vnd.oasis.opendocument.text', label: 'ODT (LibreOffice)' },
	pdf: { filter: 'pdf:writer_pdf_Export', type: 'application/pdf', label: 'PDF' }
} as const;
export type OfficeFormat = keyof typeof OFFICE_FORMATS;

export const CONVERSION_TIMEOUT_MS = 180_000;

/** The French message for a format this server cannot produce. */
export function unavailableMessage(format: OfficeFormat): string {
	return `Le format ${OFFICE_FORMATS[format].label} n’est pas disponible sur ce serveur : LibreOffice n’y est pas installé (paquet Debian « libreoffice-writer-nogui »). Téléchargez la version Word (.docx).`;
}

export class OfficeUnavailableError extends Error {
	constructor(readonly format: OfficeFormat) {
		super(unavailableMessage(format));
	}
}

let found: string | null | undefined;

/** The LibreOffice binary, or null when none is installed. */
export function findSoffice(): string | null {
	if (found !== undefined) return found;
	const candidates = process.env.SOFFICE_PATH
		? [process.env.SOFFICE_PATH]
		: (process.env.PATH ?? '').split(delimiter).flatMap((dir) => ['soffice', 'libreoffice'].map((name) => join(dir, name)));
	found = null;
	for (const path of candidates) {
		try {
			accessSync(path, constants.X_OK);
			found = path;
			break;
		} catch {
			// Not there: next one.
		}
	}
	return found;
}

export function officeAvailable(): boolean {
	return findSoffice() !== null;
}

let queue: Promise<unknown> = Promise.resolve();
let profileDir: Promise<string> | null = null;

function run(command: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		execFile(command, args, { timeout: CONVERSION_TIMEOUT_MS, windowsHide: true }, (error, _stdout, stderr) => {
			if (error) reject(new Error(`LibreOffice : ${error.message} ${stderr}`.trim()));
			else resolve();
		});
	});
}

/** A .docx converted to ODT or PDF by LibreOffice. Throws OfficeUnavailableError without LibreOffice. */
export function convertDocx(docx: Uint8Array, format: OfficeFormat): Promise<Buffer> {
	const soffice = findSoffice();
	if (!soffice) return Promise.reject(new OfficeUnavailableError(format));
	const job = queue.then(async () => {
		// One profile for the process (made on the first conversion, a few seconds), reused after.
		profileDir ??= mkdtemp(join(tmpdir(), 'tablee-soffice-profile-'));
		const profile = await profileDir;
		const dir = await mkdtemp(join(tmpdir(), 'tablee-convert-'));
		try {
			const input = join(dir, 'document.docx');
			await writeFile(input, docx);
			await run(soffice, [
				'--headless',
				'--norestore',
				'--nolockcheck',
				'--nodefault',
				`-env:UserInstallation=${pathToFileURL(profile).href}`,
				'--convert-to',
				OFFICE_FORMATS[format].filter,
				'--outdir',
				dir,
				input
			]);
			return await readFile(join(dir, `document.${format}`));
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
	queue = job.catch(() => undefined);
	return job;
}
