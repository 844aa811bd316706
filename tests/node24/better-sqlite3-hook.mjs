// Loaded with `--import` (NODE_OPTIONS) by tests/node24.sh when the suite runs on Node 24: swaps
// better-sqlite3's native binary, built for Node 20 in node_modules, for the one built for Node 24
// by scripts/node24.sh (TABLEE_BETTER_SQLITE3_DIR). Only the .node file is redirected: the package's
// JavaScript is the same. module.registerHooks (Node 22.15+) runs in-thread and covers require(),
// which is how better-sqlite3 (through `bindings`) loads its addon; NODE_OPTIONS carries the hook
// into Vitest's workers and the servers the tests start.
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.env.TABLEE_BETTER_SQLITE3_DIR;
if (!dir) throw new Error('TABLEE_BETTER_SQLITE3_DIR manquant (voir scripts/node24.sh).');
const addon = pathToFileURL(join(dir, 'build/Release/better_sqlite3.node')).href;
const NODE_MODULES_ADDON = /[\\/]node_modules[\\/]better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/;

registerHooks({
	resolve(specifier, context, nextResolve) {
		const resolved = nextResolve(specifier, context);
		if (NODE_MODULES_ADDON.test(decodeURIComponent(resolved.url))) return { ...resolved, url: addon, shortCircuit: true };
		return resolved;
	}
});
