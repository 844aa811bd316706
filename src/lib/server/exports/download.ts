// Downloads: file names and responses shared by every export.
import { convertDocx, OFFICE_FORMATS, OfficeUnavailableError, type OfficeFormat } from './libreoffice.ts';
import type { ProgressTracker } from './export-progress.ts';

/** ASCII slug of a name: "Projet social – Val de Saône" → "projet-social-val-de-saone". */
export function slugify(text: string, max = 60): string {
	const slug = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/œ/gi, 'oe')
		.replace(/æ/gi, 'ae')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	return slug.slice(0, max).replace(/-+$/, '') || 'document';
}

/** Content-Disposition for a download: an ASCII fallback name and the exact name in UTF-8 (RFC 6266). */
export function attachment(filename: string): string {
	const ascii = filename
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\x20-\x7e]|["\\;]/g, '_');
	const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function docxResponse(buffer: Buffer, filename: string): Response {
	return fileResponse(buffer, DOCX_TYPE, filename);
}

/** A file to download, never cached by a shared proxy (it holds the plan's or a workshop's data). */
export function fileResponse(body: Uint8Array | string, type: string, filename: string): Response {
	const bytes: Uint8Array<ArrayBuffer> = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
	return new Response(bytes, {
		headers: {
			'content-type': type,
			'content-disposition': attachment(filename),
			'content-length': String(bytes.byteLength),
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

/**
 * A Word document as the format asked: the .docx itself, or its ODT or PDF through LibreOffice;
 * 503 with a French message when LibreOffice is not installed here.
 */
export async function officeResponse(docx: Buffer, format: 'docx' | OfficeFormat, baseName: string, progress?: ProgressTracker): Promise<Response> {
	if (format === 'docx') {
		progress?.end();
		return docxResponse(docx, `${baseName}.docx`);
	}
	try {
		progress?.converting(format);
		const converted = await convertDocx(docx, format);
		progress?.end();
		return fileResponse(converted, OFFICE_FORMATS[format].type, `${baseName}.${format}`);
	} catch (e) {
		progress?.end();
		if (e instanceof OfficeUnavailableError) {
			return new Response(e.message, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
		}
		throw e;
	}
}
