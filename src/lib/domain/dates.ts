const LONG = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** '2026-12-03' → 'jeudi 3 décembre 2026' (the day as typed, whatever the server's zone). */
export function formatDate(isoDay: string): string {
	const d = new Date(`${isoDay}T00:00:00Z`);
	return Number.isNaN(d.getTime()) ? isoDay : LONG.format(d);
}
