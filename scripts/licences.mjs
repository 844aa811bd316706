#!/usr/bin/env node
// `npm run licences`: the licence of every production dependency (direct and transitive), read from
// node_modules, checked against the licences that can be combined with Tablée's EUPL-1.2. Exits 1 on
// a package whose licence is missing, unknown or not in ALLOWED, so a new dependency cannot bring in
// an incompatible licence unseen. `--markdown` prints the README's table instead.
//
// The set of production packages comes from package-lock.json (entries not marked "dev"); a package
// the lock lists but that is not installed here (another platform's optional binary) is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Permissive licences (their code may be distributed inside an EUPL work with their notice kept),
 * plus the weak-copyleft MPL-2.0, which the EUPL's appendix lists as compatible and which applies
 * file by file (only resvg and lightningcss use it; we do not modify their files).
 */
export const ALLOWED = new Set([
	'MIT',
	'MIT-0',
	'ISC',
	'0BSD',
	'BSD-2-Clause',
	'BSD-3-Clause',
	'Apache-2.0',
	'BlueOak-1.0.0',
	'Unlicense',
	'CC0-1.0',
	'Zlib',
	'WTFPL',
	'Python-2.0',
	'CC-BY-4.0',
	'MPL-2.0',
	'EUPL-1.2'
]);

/** Whether an SPDX expression (with OR / AND, parentheses) is satisfied by the allowed licences. */
export function allowed(expression) {
	const tokens = expression.replace(/[()]/g, ' $& ').trim().split(/\s+/);
	let i = 0;
	const primary = () => {
		const t = tokens[i++];
		if (t === '(') {
			const v = or();
			i++; // ')'
			return v;
		}
		return ALLOWED.has(t?.replace(/\+$/, ''));
	};
	const and = () => {
		let v = primary();
		while (tokens[i] === 'AND') {
			i++;
			v = primary() && v;
		}
		return v;
	};
	const or = () => {
		let v = and();
		while (tokens[i] === 'OR') {
			i++;
			v = and() || v;
		}
		return v;
	};
	return or();
}

function licenceOf(pkg) {
	const l = pkg.license ?? pkg.licenses;
	if (typeof l === 'string') return l;
	if (Array.isArray(l)) return l.map((x) => (typeof x === 'string' ? x : x.type)).join(' OR ');
	if (l && typeof l === 'object') return l.type;
	return null;
}

export function productionLicences(root = ROOT) {
	const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
	const rows = [];
	for (const [path, entry] of Object.entries(lock.packages)) {
		if (!path || entry.dev || entry.link) continue;
		const manifest = join(root, path, 'package.json');
		if (!existsSync(manifest)) continue;
		const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
		const licence = licenceOf(pkg);
		rows.push({ name: pkg.name, version: pkg.version, licence, ok: !!licence && allowed(licence) });
	}
	// The same package at one version may sit at several paths (nested copies): list it once.
	const seen = new Set();
	return rows
		.filter((r) => !seen.has(`${r.name}@${r.version}`) && seen.add(`${r.name}@${r.version}`))
		.sort((a, b) => a.name.localeCompare(b.name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const rows = productionLicences();
	const byLicence = new Map();
	for (const r of rows) byLicence.set(r.licence ?? '(aucune)', [...(byLicence.get(r.licence ?? '(aucune)') ?? []), r]);
	const groups = [...byLicence].sort((a, b) => b[1].length - a[1].length);
	if (process.argv.includes('--markdown')) {
		console.log('| licence | packages |\n| --- | --- |');
		for (const [licence, list] of groups) console.log(`| ${licence} (${list.length}) | ${list.map((r) => r.name).join(', ')} |`);
	} else {
		for (const [licence, list] of groups) console.log(`${licence} (${list.length}) : ${list.map((r) => `${r.name}@${r.version}`).join(', ')}`);
	}
	const bad = rows.filter((r) => !r.ok);
	if (bad.length) {
		console.error(`\nLicences absentes ou incompatibles avec l'EUPL-1.2 (${bad.length}) :`);
		for (const r of bad) console.error(`  ${r.name}@${r.version} : ${r.licence ?? 'aucune licence déclarée'}`);
		process.exit(1);
	}
	console.error(`\n${rows.length} dépendances de production, toutes sous une licence compatible avec l'EUPL-1.2.`);
}
