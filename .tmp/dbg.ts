import * as Y from 'yjs';
import { checkUpdate } from '/work/main/src/lib/server/realtime/update-guard.ts';
import { DOC_POLICIES } from '/work/main/src/lib/docs/doc-policy.ts';
function nested(parent: Y.Map<unknown>, depth: number) { let m = parent; for (let i = 0; i < depth; i++) { const c = new Y.Map<unknown>(); m.set('x', c); m = c; } }
const doc = new Y.Doc();
for (const n of [8, 9, 200, 2000, 20000]) {
  const c = new Y.Doc();
  let t = Date.now();
  nested(c.getMap('notes') as Y.Map<unknown>, n);
  const u = Y.encodeStateAsUpdate(c);
  console.log(n, 'built', Date.now() - t, u.length);
  t = Date.now();
  try { console.log(JSON.stringify(checkUpdate(doc, u, DOC_POLICIES.board, 0)).slice(0, 100)); } catch (e) { console.log('threw', (e as Error).message); }
  console.log('checked', Date.now() - t);
}
