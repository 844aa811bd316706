import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { convertDocx, officeAvailable, stopWarmOffice, warmOffice } from '../../src/lib/server/exports/libreoffice.ts';
import { planToDocx } from '../../src/lib/server/exports/docx-plan.ts';
import type { PlanData } from '../../src/lib/server/exports/plan-data.ts';
import { FICHE_FIELD_KEYS } from '../../src/lib/domain/fiche.ts';

// The warm LibreOffice (libreoffice.ts): after the first conversion, an instance stays on the
// profile and the next conversions are handed to it; it ends when told to (idle, server stopping).

function onePlan(title: string): PlanData {
	const fields = Object.fromEntries(FICHE_FIELD_KEYS.map((k) => [k, ''])) as PlanData['fiches'][number]['fields'];
	return {
		project: { id: 1, name: 'PST Bresse', territory: 'Bresse', departement: 'Ain', periodStart: 2022, periodEnd: 2028 },
		axes: [],
		fiches: [{ id: 1, number: 1, axis: null, axisLabel: null, code: '1', status: 'brouillon', statusLabel: 'Brouillon', fields: { ...fields, title }, planning: [], periodStart: null, periodEnd: null, periodIncomplete: false }]
	};
}

/** The LibreOffice processes running on a profile of this test process. */
function instances(profile: string): number {
	const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
	return ps.split('\n').filter((line) => line.includes('soffice.bin') && line.includes(profile)).length;
}

describe.runIf(officeAvailable())('a warm LibreOffice', () => {
	it('[OFF1] stays after a conversion, converts the next ones, and ends when stopped', async () => {
		const first = await convertDocx(await planToDocx(onePlan('Première fiche'), { withFrontMatter: false }), 'pdf');
		expect(new TextDecoder().decode(first.subarray(0, 5))).toBe('%PDF-');
		const warm = warmOffice()!;
		expect(await warm.ready).toBe(true);
		const profile = /UserInstallation=file:\/\/(\S+)/.exec(warm.process.spawnargs.join(' '))![1];
		expect(instances(profile)).toBe(1);

		const second = await convertDocx(await planToDocx(onePlan('Seconde fiche'), { withFrontMatter: false }), 'odt');
		// An ODT is a zip whose first entry names its type.
		expect(new TextDecoder().decode(second.subarray(30, 38))).toBe('mimetype');
		expect(instances(profile)).toBe(1);

		const ended = once(warm.process, 'exit');
		stopWarmOffice();
		await ended;
		// The group was sent SIGTERM as its shell ended; LibreOffice itself takes a moment to quit,
		// seen from outside only by looking again.
		const deadline = Date.now() + 15_000;
		while (instances(profile) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
		expect(instances(profile)).toBe(0);
	}, 180_000);
});
