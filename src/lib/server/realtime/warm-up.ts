import * as Y from 'yjs';
import { addNote, getNotes, nextPositionIn, updateNote } from '../../docs/board.ts';

/**
 * Runs the code a doc load goes through (decoding a board update, integrating its notes, encoding
 * the whole doc for joiners) on a synthetic board, at startup. The first real load after a restart
 * otherwise runs that code unoptimised: 2-3 times slower than the next ones. With 40 notes the first
 * load of a 2,000-note board still took 69-79 ms (35-40 ms once warm); 600 notes brought it to ~54 ms
 * for ~0.4 s more at startup; with snapshots in the second encoding (decoded here too) and the
 * default colour left out, 33-41 ms (`npx tsx bench/sync.ts --clients 50 --seconds 4 --no-stress
 * --no-echo`). Touches no stored doc.
 */
export function warmUpDocCode(rounds = 8, notes = 600): number {
	const t0 = performance.now();
	const source = new Y.Doc();
	source.transact(() => {
		for (let i = 0; i < notes; i++) {
			addNote(source, {
				id: `echauffement-${i}`,
				text: `Note d’échauffement ${i}`,
				column: i % 2 ? 'atouts' : 'problematiques',
				position: i,
				colour: 'jaune',
				authorName: `Personne ${i}`,
				organisation: 'Échauffement',
				createdAt: 1_700_000_000_000 + i
			});
		}
	});
	for (let i = 0; i < notes; i += 3) updateNote(source, `echauffement-${i}`, { text: `Note modifiée ${i}`, position: nextPositionIn(source, 'atouts') });
	// Snapshots are stored in the second encoding (see persistence.ts), updates in the first.
	const snapshot = Y.encodeStateAsUpdateV2(source);
	const update = Y.encodeStateAsUpdate(source);
	let check = 0;
	for (let r = 0; r < rounds; r++) {
		const doc = new Y.Doc();
		if (r % 4 === 3) Y.applyUpdate(doc, update);
		else Y.applyUpdateV2(doc, snapshot);
		check += Y.encodeStateAsUpdate(doc).length + getNotes(doc).length;
		doc.destroy();
	}
	source.destroy();
	if (check === 0) throw new Error('warm-up: nothing decoded');
	return performance.now() - t0;
}
