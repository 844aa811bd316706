import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { checkUpdate } from '../src/lib/server/realtime/update-guard.ts';
import { DOC_POLICIES } from '../src/lib/docs/doc-policy.ts';
export function deepUpdate(n: number, client = 424242): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, 1);
  encoding.writeVarUint(enc.restEncoder, n);
  enc.writeClient(client);
  encoding.writeVarUint(enc.restEncoder, 0);
  for (let i = 0; i < n; i++) {
    const item = new Y.Item(Y.createID(client, i), null, null, null, null, (i === 0 ? 'notes' : Y.createID(client, i - 1)) as never, 'x', new Y.ContentType(new Y.Map()));
    item.write(enc as never, 0);
  }
  encoding.writeVarUint(enc.restEncoder, 0);
  return enc.toUint8Array();
}
for (const n of [9, 20000]) {
  let t = Date.now();
  const u = deepUpdate(n);
  console.log(n, u.length, 'enc', Date.now() - t);
  t = Date.now();
  console.log(JSON.stringify(checkUpdate(new Y.Doc(), u, DOC_POLICIES.board, 0)).slice(0, 90), Date.now() - t);
  const d = new Y.Doc();
  t = Date.now();
  Y.applyUpdate(d, u);
  console.log('applied', Date.now() - t, (d.getMap('notes').get('x') as any)?.constructor?.name);
  try { d.getMap('notes').delete('x'); console.log('deleted ok'); } catch (e) { console.log('delete threw', (e as Error).constructor.name); }
}
