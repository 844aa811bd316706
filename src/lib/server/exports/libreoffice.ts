import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// ODT and PDF of the Word documents, converted by LibreOffice in headless mode when it is installed
// (Debian: `apt-get install libreoffice-writer-nogui`; SOFFICE_PATH to point at another binary).
// The conversion runs in its own process, so the server's event loop never waits on it; one at a
// time (LibreOffice is heavy, and one user profile serves them all), each under a time limit.
//
// A warm LibreOffice. Started cold, `soffice --convert-to` spends seconds starting before it
// converts (1.5-2.5 s on a quiet machine, 7-10 s on a busy one): most of the time for one fiche
// or a report. So an instance is kept running on the profile (`warmOffice`, called by the pages
// that offer these downloads and by each conversion), with a small text file open in it: a
// `soffice --convert-to` started on the same profile then hands its request to that instance
// through LibreOffice's own single-instance pipe and waits for the file (0.4-0.7 s for a fiche
// when busy), and the open document keeps the instance from quitting after the conversion, as an
// instance without any document does. The conversions still wait for this instance to be ready
// (its UNO pipe opens at the end of its start), so a conversion never starts a second instance on
// the same profile meanwhile. The instance stops after SOFFICE_KEEP_WARM_MS without a conversion
// (10 minutes; 0: never kept), when the server stops, and, through a shell that watches the
// server's end of a pipe, when the server dies without stopping it.

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
let profileDir: string | null = null;

/** The profile of every conversion here (made on the first, a few seconds; reused after). */
function profile(): string {
	profileDir ??= mkdtempSync(join(tmpdir(), 'tablee-soffice-profile-'));
	return profileDir;
}

const KEEP_WARM_MS = Number(process.env.SOFFICE_KEEP_WARM_MS ?? 10 * 60_000);
const READY_TIMEOUT_MS = 60_000;

interface Warm {
	process: ChildProcess;
	/** Resolves when the instance answers (true), or false when it ended or did not start in time. */
	ready: Promise<boolean>;
}

let warm: Warm | null = null;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
let keeperCount = 0;

/** The socket LibreOffice opens for `--accept=pipe,name=…` (sal's osl pipes, in /tmp). */
function pipeSocket(name: string): string {
	return join('/tmp', `OSL_PIPE_${userInfo().uid}_${name}`);
}

function startWarm(soffice: string): Warm {
	const dir = profile();
	const keep = join(dir, '..', `${dir.split('/').pop()}-ouvert.txt`);
	writeFileSync(keep, 'Tablée garde LibreOffice prêt pour les conversions.\n');
	const pipeName = `tablee_${process.pid}_${++keeperCount}`;
	const args = [
		'--headless',
		'--invisible',
		'--norestore',
		'--nolockcheck',
		`-env:UserInstallation=${pathToFileURL(dir).href}`,
		`--accept=pipe,name=${pipeName};urp;`,
		keep
	];
	// The shell runs LibreOffice in its own process group (detached) and ends the whole group when
	// LibreOffice ends or when its input closes: the server stopping it, or the server's death.
	// (Its input is kept on fd 3 first: a background list of `sh` reads /dev/null otherwise.)
	const script = 'exec 3<&0; "$0" "$@" </dev/null >/dev/null 2>&1 & office=$!; { read _ <&3; kill -TERM 0; } & wait $office; kill -TERM 0';
	const child = spawn('sh', ['-c', script, soffice, ...args], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
	child.unref();
	const socket = pipeSocket(pipeName);
	let ended = false;
	const ready = new Promise<boolean>((resolve) => {
		const started = Date.now();
		const look = () => {
			if (ended) return resolve(false);
			if (existsSync(socket)) return resolve(true);
			if (Date.now() - started > READY_TIMEOUT_MS) return resolve(false);
			// Not unref'd: a conversion waits on this (bounded by READY_TIMEOUT_MS).
			setTimeout(look, 100);
		};
		look();
	});
	const self: Warm = { process: child, ready };
	child.on('exit', () => {
		ended = true;
		if (warm === self) warm = null;
		rmSync(keep, { force: true });
	});
	child.on('error', () => {
		ended = true;
		if (warm === self) warm = null;
	});
	return self;
}

function resetIdle(): void {
	if (idleTimer) clearTimeout(idleTimer);
	idleTimer = setTimeout(stopWarmOffice, KEEP_WARM_MS);
	idleTimer.unref();
}

/** Starts (or keeps) the warm LibreOffice when it is installed and kept; returns it. */
export function warmOffice(): Warm | null {
	const soffice = findSoffice();
	if (!soffice || !(KEEP_WARM_MS > 0)) return null;
	resetIdle();
	warm ??= startWarm(soffice);
	return warm;
}

/** Stops the warm LibreOffice (idle, server stopping, a conversion that hung). */
export function stopWarmOffice(): void {
	const w = warm;
	warm = null;
	if (idleTimer) clearTimeout(idleTimer);
	idleTimer = null;
	if (w && w.process.exitCode === null) w.process.stdin?.end();
}

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
		// The warm instance, when it can be had, does the conversion; else this process does.
		const kept = warmOffice();
		if (kept && !(await kept.ready)) stopWarmOffice();
		const dir = await mkdtemp(join(tmpdir(), 'tablee-convert-'));
		try {
			const input = join(dir, 'document.docx');
			await writeFile(input, docx);
			await run(soffice, [
				'--headless',
				'--norestore',
				'--nolockcheck',
				'--nodefault',
				`-env:UserInstallation=${pathToFileURL(profile()).href}`,
				'--convert-to',
				OFFICE_FORMATS[format].filter,
				'--outdir',
				dir,
				input
			]);
			return await readFile(join(dir, `document.${format}`));
		} catch (e) {
			// A conversion that failed or hung may have left the warm instance unusable: start afresh.
			stopWarmOffice();
			throw e;
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
	queue = job.catch(() => undefined);
	return job;
}
