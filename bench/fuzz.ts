// `npm run bench:fuzz [-- --messages N --seed S]`: the mutation fuzzer of the sync protocol
// (src/lib/server/realtime/mutation-fuzz.ts) at 100,000 messages by default. Prints the seed, the
// closes by code, the heap growth and the time; exits 1 with the seed to replay on any failure.
import { runMutationFuzz } from '../src/lib/server/realtime/mutation-fuzz.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seed = arg('seed', Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31)));
const messages = arg('messages', 100_000);
console.log(`Fuzzing the sync server: ${messages.toLocaleString('fr-FR')} mutated messages, seed ${seed}…`);
const report = await runMutationFuzz({ seed, messages, log: console.error });
console.log(
	[
		`messages: ${report.messages}`,
		`liveness probes: ${report.probes} (every 200 messages: a server change stored and broadcast)`,
		`socket closes by code: ${JSON.stringify(report.closes)}`,
		`heap growth (max over the run): ${(report.heapGrowthBytes / 1024 / 1024).toFixed(1)} MB`,
		`time: ${(report.elapsedMs / 1000).toFixed(1)} s (${Math.round(report.messages / (report.elapsedMs / 1000))} messages/s)`,
		report.failure ? `FAILED: ${report.failure}\nReplay: FUZZ_SEED=${seed} npm run bench:fuzz -- --messages ${messages}` : 'no crash, no deaf doc, nothing unstored'
	].join('\n')
);
process.exit(report.failure ? 1 : 0);
