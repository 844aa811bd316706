import { describe, expect, it } from 'vitest';
import { planToDocx } from './docx-plan.ts';
import { describe as describeProgress, readProgress, trackProgress, type ExportProgress } from './export-progress.ts';
import type { PlanData } from './plan-data.ts';
import { FICHE_FIELD_KEYS } from '../../domain/fiche.ts';

function plan(n: number): PlanData {
	const fields = Object.fromEntries(FICHE_FIELD_KEYS.map((k) => [k, ''])) as PlanData['fiches'][number]['fields'];
	return {
		project: { id: 1, name: 'Projet social de territoire', territory: 'Bresse', departement: 'Ain', periodStart: 2022, periodEnd: 2028 },
		axes: [{ code: 'INS', label: 'Insertion' }],
		fiches: Array.from({ length: n }, (_, i) => ({
			id: i + 1,
			number: i + 1,
			axis: 'INS',
			axisLabel: 'Insertion',
			code: `${i + 1}/INS`,
			status: 'brouillon' as const,
			statusLabel: 'Brouillon',
			fields: { ...fields, title: `Action ${i + 1}` },
			planning: [],
			periodStart: null,
			periodEnd: null,
			periodIncomplete: false
		}))
	};
}

describe('export progress', () => {
	it('[EXP1] a plan tells its fiches laid out, then written, then the compression, in order and up to the total', async () => {
		const seen: ExportProgress[] = [];
		await planToDocx(plan(120), { onProgress: (p) => seen.push(p) });
		const steps = seen.map((p) => p.step);
		expect(steps.indexOf('ecriture')).toBeGreaterThan(steps.lastIndexOf('fiches'));
		expect(steps.at(-1)).toBe('compression');
		const laidOut = seen.filter((p) => p.step === 'fiches');
		const written = seen.filter((p) => p.step === 'ecriture');
		for (const list of [laidOut, written]) {
			expect(list.at(-1)).toMatchObject({ done: 120, total: 120 });
			// Counted up, about fifty times at most: enough for a bar, not a message per fiche.
			expect(list.map((p) => p.done)).toEqual([...list.map((p) => p.done!)].sort((a, b) => a - b));
			expect(list.length).toBeLessThanOrEqual(51);
		}
	});

	it('[EXP2] the page reads a percentage while the server counts, none while LibreOffice converts', () => {
		expect(describeProgress({ step: 'fiches', done: 93, total: 186 })).toMatchObject({ percent: 17, label: 'Mise en page des fiches : 93 sur 186' });
		expect(describeProgress({ step: 'ecriture', done: 186, total: 186 }).percent).toBe(85);
		expect(describeProgress({ step: 'conversion' }, 'en PDF')).toMatchObject({ percent: null, label: 'Conversion en PDF par LibreOffice' });
	});

	it('[EXP3] a download is read by whoever asked for it only, by an id of the expected form', () => {
		const id = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
		const tracker = trackProgress(new URL(`http://x/projets/1/plan.pdf?suivi=${id}`), 7);
		tracker.update({ step: 'fiches', done: 2, total: 4 });
		expect(readProgress(id, 7)).toMatchObject({ step: 'fiches', done: 2, total: 4 });
		expect(readProgress(id, 8)).toBeNull();
		expect(readProgress(id, null)).toBeNull();
		tracker.converting('pdf');
		expect(readProgress(id, 7)).toMatchObject({ step: 'conversion', percent: null });
		tracker.end();
		expect(readProgress(id, 7)).toMatchObject({ step: 'envoi', percent: 100 });
		// Not an id this server hands out: nothing recorded, nothing read.
		trackProgress(new URL('http://x/projets/1/plan.pdf?suivi=../../etc'), 7).update({ step: 'lecture' });
		expect(readProgress('../../etc', 7)).toBeNull();
	});
});
