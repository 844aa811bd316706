import { describe, expect, it } from 'vitest';
import { clusterHeading } from './docx-report.ts';
import type { ReportColumn } from '../restitution/workshop-report.ts';

function column(votes: number[], ranks: number[]): ReportColumn {
	return {
		clusters: votes.map((v, i) => ({ id: `c${i}`, title: `Regroupement ${i + 1}`, votes: v, rank: ranks[i], notes: [], ficheId: null, ficheRef: null })),
		loose: []
	} as unknown as ReportColumn;
}

describe('clusterHeading', () => {
	it('[RPT1] ranks only clusters with votes and says "ex æquo" for a shared rank', () => {
		const c = column([3, 3, 1, 0, 0], [1, 1, 3, 4, 4]);
		expect(c.clusters.map((k) => clusterHeading(k, c))).toEqual([
			'1. (ex æquo) Regroupement 1 — 3 votes',
			'1. (ex æquo) Regroupement 2 — 3 votes',
			'3. Regroupement 3 — 1 vote',
			'Regroupement 4 — 0 vote',
			'Regroupement 5 — 0 vote'
		]);
	});
});
