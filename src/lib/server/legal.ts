// What the legal pages say about the instance, from its configuration (each département runs
// its own instance: it is the data controller, its DPO answers requests). Unset values are
// shown as "à compléter par l'exploitant" rather than invented.

const DAY = 24 * 3600_000;

function days(raw: string | undefined, fallback: number): number {
	const n = Number(raw?.trim());
	return raw?.trim() && Number.isFinite(n) && n > 0 ? n : fallback;
}

export interface LegalConfig {
	publisher: string | null;
	address: string | null;
	director: string | null;
	contact: string | null;
	dpo: string | null;
	host: string | null;
	/** RGAA: "totalement conforme", "partiellement conforme" or "non conforme" (not audited yet). */
	accessibilityStatus: string;
	accessibilityAuditDate: string | null;
	accessibilityRate: string | null;
	retention: { participantDays: number; logDays: number; sessionDays: number };
}

export function legalConfig(env: NodeJS.ProcessEnv = process.env): LegalConfig {
	const value = (k: string) => env[k]?.trim() || null;
	return {
		publisher: value('LEGAL_PUBLISHER'),
		address: value('LEGAL_ADDRESS'),
		director: value('LEGAL_DIRECTOR'),
		contact: value('LEGAL_CONTACT'),
		dpo: value('LEGAL_DPO'),
		host: value('LEGAL_HOST'),
		accessibilityStatus: value('ACCESSIBILITY_STATUS') ?? 'non conforme',
		accessibilityAuditDate: value('ACCESSIBILITY_AUDIT_DATE'),
		accessibilityRate: value('ACCESSIBILITY_RATE'),
		retention: retentionDays(env)
	};
}

/** How long personal data is kept (days), see src/lib/server/privacy/retention.ts. */
export function retentionDays(env: NodeJS.ProcessEnv = process.env) {
	return {
		participantDays: days(env.PARTICIPANT_RETENTION_DAYS, 365),
		logDays: days(env.LOG_RETENTION_DAYS, 180),
		sessionDays: 7
	};
}

export const RETENTION_DAY_MS = DAY;
