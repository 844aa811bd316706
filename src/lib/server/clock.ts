import { readFileSync } from 'node:fs';

// The one place the server reads the time (a clock is at the edge of the world: unit tests
// inject their own into the pieces that take one, such as FailureThrottle).
//
// Integration tests run the real server in another process; to move its clock they start it with
// TABLEE_TEST_CLOCK_FILE, write an offset in milliseconds to that file and send SIGUSR2. The
// offset lives on globalThis because the server entry and SvelteKit's bundle each hold a copy of
// this module. Without that variable nothing is installed and now() is Date.now().
const KEY = Symbol.for('tablee.clockOffset');
type G = typeof globalThis & { [KEY]?: { offset: number } };
const g = globalThis as G;

if (!g[KEY]) {
	g[KEY] = { offset: 0 };
	const file = typeof process !== 'undefined' ? process.env.TABLEE_TEST_CLOCK_FILE : undefined;
	if (file) {
		const state = g[KEY];
		const read = () => {
			try {
				state.offset = Number(readFileSync(file, 'utf8').trim()) || 0;
			} catch {
				state.offset = 0; // no file yet: the real time
			}
		};
		// Read at start too, so a restarted server keeps the time the test gave it.
		read();
		process.on('SIGUSR2', () => {
			read();
			// The test waits for this line before it goes on.
			console.log(`Horloge de test : décalage ${state.offset} ms`);
		});
	}
}
const clock = g[KEY];

export function now(): number {
	return Date.now() + clock.offset;
}
