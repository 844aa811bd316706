// docs/SPEC.md has one line per rule id the tests cite ([VOTE5], [DS9]…): a test that cites an id
// the SPEC does not define fails here, so a new rule is written down with its test.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const ID = /\[([A-Z][A-Z0-9]*[0-9]+[a-z]?)\]/g;

function files(dir: string, keep: (name: string) => boolean): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'screenshots' ? [] : files(path, keep);
		return keep(e.name) ? [path] : [];
	});
}

/** Every id cited by a test file (tests/**, src/**\/*.test.ts), with the files citing it. */
function citedIds(): Map<string, string[]> {
	const testFiles = [...files(join(ROOT, 'tests'), (n) => /\.(ts|mjs)$/.test(n)), ...files(join(ROOT, 'src'), (n) => /\.test\.ts$/.test(n))];
	const cited = new Map<string, string[]>();
	for (const f of testFiles) {
		for (const m of readFileSync(f, 'utf8').matchAll(ID)) {
			const where = cited.get(m[1]) ?? [];
			if (!where.includes(relative(ROOT, f))) where.push(relative(ROOT, f));
			cited.set(m[1], where);
		}
	}
	return cited;
}

/** The ids docs/SPEC.md defines: lines starting with "- **[ID]**". */
function specIds(): string[] {
	const spec = readFileSync(join(ROOT, 'docs/SPEC.md'), 'utf8');
	return [...spec.matchAll(/^- \*\*\[([A-Z][A-Z0-9]*[0-9]+[a-z]?)\]\*\*\s+\S/gm)].map((m) => m[1]);
}

describe('docs/SPEC.md', () => {
	it('defines every rule id a test cites', () => {
		const defined = new Set(specIds());
		const missing = [...citedIds()].filter(([id]) => !defined.has(id)).map(([id, where]) => `[${id}] (${where.join(', ')})`);
		expect(missing, 'ids cited by tests but absent from docs/SPEC.md').toEqual([]);
	});

	it('defines each id once', () => {
		const ids = specIds();
		expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
		expect(ids.length).toBeGreaterThan(200);
	});
});
