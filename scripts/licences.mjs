#!/usr/bin/env node
// `npm run licences`: the licence of every production dependency (direct and transitive), read from
// node_modules, checked against the licences that can be combined with Tablée's EUPL-1.2. Exits 1 on
// a package whose licence is missing, unknown or not in ALLOWED, so a new dependency cannot bring in
// an incompatible licence unseen. `--markdown` prints the README's table instead.
//
// The production packages are those reached from package.json's "dependencies", resolved in
// node_modules as Node does; devDependencies are not distributed and not listed.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

/** Where `name` resolves from the package in `dir`, as Node does (nearest node_modules upwards). */
function resolvePackage(name, dir, root) {
	for (let d = dir; d.startsWith(root); d = dirname(d)) {
		const candidate = join(d, 'node_modules', name);
		if (existsSync(join(candidate, 'package.json'))) return candidate;
		if (d === root) break;
	}
	return null;
}

/**
 * Every package reached from package.json's "dependencies" through the installed packages'
 * dependencies, optional and peer dependencies (not installed: another platform's binary, skipped).
 */
export function productionLicences(root = ROOT) {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const seenDirs = new Set();
	const rows = new Map();
	const visit = (name, fromDir) => {
		const dir = resolvePackage(name, fromDir, root);
		if (!dir) return;
		const real = realpathSync(dir);
		if (seenDirs.has(real)) return;
		seenDirs.add(real);
		const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		const licence = licenceOf(pkg);
		rows.set(`${pkg.name}@${pkg.version}`, { name: pkg.name, version: pkg.version, licence, ok: !!licence && allowed(licence) });
		for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })) visit(dep, dir);
	};
	for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, root);
	return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
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
