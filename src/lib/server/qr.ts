import QRCode from 'qrcode';

/** The join URL of a workshop as an SVG QR code (our own markup, safe to inline). */
export function qrSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
}

export function joinUrl(origin: string, code: string): string {
	return `${origin}/rejoindre/${code}`;
}
