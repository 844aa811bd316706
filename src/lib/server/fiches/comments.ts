import * as v from 'valibot';
import type { DocStore } from '../realtime/doc-store.ts';
import { ficheDocName } from '../../docs/doc-names.ts';
import { addComment, readComments, setCommentResolved } from '../../docs/fiche.ts';
import { AppError } from '../errors.ts';
import { now } from '../clock.ts';

// Comments on a fiche are written by the server: who wrote one and when come from the session and
// the server's clock, never from what a browser claims (co-writers can write the fiche's fields
// through their socket, not its comments).

export const COMMENT_MAX_LENGTH = 1000;

export const newCommentSchema = v.object({
	field: v.pipe(v.string('Champ attendu.'), v.minLength(1, 'Champ attendu.'), v.maxLength(100, 'Champ inconnu.')),
	text: v.pipe(
		v.string('Texte attendu.'),
		v.trim(),
		v.minLength(1, 'Le commentaire est vide.'),
		v.maxLength(COMMENT_MAX_LENGTH, `Le commentaire dépasse ${COMMENT_MAX_LENGTH} caractères.`)
	),
	parentId: v.optional(v.pipe(v.string(), v.maxLength(100)))
});

export const resolveCommentSchema = v.object({ resolved: v.boolean('« resolved » doit valoir true ou false.') });

export function postComment(store: DocStore, ficheId: number, input: v.InferOutput<typeof newCommentSchema>, author: { name: string; userId: number | null }): string {
	const id = crypto.randomUUID();
	store.transact(
		ficheDocName(ficheId),
		(doc) => {
			if (input.parentId && !readComments(doc).some((c) => c.id === input.parentId && !c.parentId)) {
				throw new AppError('not_found', 'Le commentaire auquel vous répondez n’existe plus.');
			}
			addComment(doc, { id, field: input.field, parentId: input.parentId, authorName: author.name, text: input.text, createdAt: now() });
		},
		{ userId: author.userId }
	);
	return id;
}

export function resolveComment(store: DocStore, ficheId: number, commentId: string, resolved: boolean, author: { userId: number | null }): void {
	store.transact(
		ficheDocName(ficheId),
		(doc) => {
			if (!setCommentResolved(doc, commentId, resolved)) throw new AppError('not_found', 'Commentaire introuvable.');
		},
		{ userId: author.userId }
	);
}
