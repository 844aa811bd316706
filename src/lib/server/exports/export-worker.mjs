// Worker thread bootstrap: Node 20 does not apply `--import tsx` to worker threads, so the
// TypeScript loader is registered here before the worker's module (export-worker.ts) is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./export-worker.ts');
