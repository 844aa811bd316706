import * as v from 'valibot';
import { NOTE_COLOURS } from '../docs/board.ts';
import { cleanMultiline } from './schemas.ts';

// Participants act on a board through commands checked by the server (they are read-only on the
// Yjs document). Ids are made by the client, so a retried command is recognised and not repeated.
export const NOTE_MAX_LENGTH = 500;

const clientId = (label: string) =>
	v.pipe(v.string(`${label} : texte attendu.`), v.regex(/^[A-Za-z0-9_-]{8,64}$/, `${label} invalide.`));

const noteText = v.pipe(
	v.string('Texte attendu.'),
	v.transform(cleanMultiline),
	v.minLength(1, 'La contribution est vide.'),
	v.maxLength(NOTE_MAX_LENGTH, `La contribution dépasse ${NOTE_MAX_LENGTH} caractères.`)
);
const column = v.pipe(v.string('Colonne attendue.'), v.maxLength(40, 'Colonne inconnue.'));
const colour = v.picklist(NOTE_COLOURS, 'Couleur inconnue.');

export const commandSchema = v.variant(
	'type',
	[
		v.object({
			id: clientId('Identifiant de commande'),
			type: v.literal('note.add'),
			note: v.object({ id: clientId('Identifiant de contribution'), text: noteText, column, colour: v.optional(colour, 'jaune') })
		}),
		v.object({
			id: clientId('Identifiant de commande'),
			type: v.literal('note.edit'),
			noteId: clientId('Identifiant de contribution'),
			text: v.optional(noteText),
			column: v.optional(column),
			colour: v.optional(colour)
		}),
		v.object({ id: clientId('Identifiant de commande'), type: v.literal('note.delete'), noteId: clientId('Identifiant de contribution') }),
		v.object({
			id: clientId('Identifiant de commande'),
			type: v.literal('note.group'),
			noteId: clientId('Identifiant de contribution'),
			clusterId: v.nullable(clientId('Identifiant de regroupement'))
		}),
		v.object({ id: clientId('Identifiant de commande'), type: v.literal('vote.cast'), targetId: clientId('Identifiant de regroupement') }),
		v.object({ id: clientId('Identifiant de commande'), type: v.literal('vote.retract'), targetId: clientId('Identifiant de regroupement') })
	],
	'Commande inconnue.'
);
export type Command = v.InferOutput<typeof commandSchema>;
