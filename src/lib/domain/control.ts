import * as v from 'valibot';
import { cleanLine } from './schemas.ts';
import { BOARD_PHASE_VALUES } from './vocabulary.ts';

// What facilitators send to steer a table or a workshop (JSON endpoints), checked at the boundary.
const minutes = v.pipe(v.number('Durée en minutes attendue.'), v.integer('Durée en minutes attendue.'), v.minValue(1, 'Au moins 1 minute.'), v.maxValue(240, '240 minutes au maximum.'));
const id = v.pipe(v.number('Identifiant attendu.'), v.integer('Identifiant attendu.'), v.minValue(1, 'Identifiant attendu.'));

export const boardControlSchema = v.variant(
	'action',
	[
		v.object({ action: v.literal('phase'), phase: v.picklist(BOARD_PHASE_VALUES, 'Phase inconnue.') }),
		v.object({
			action: v.literal('modes'),
			privateWriting: v.optional(v.boolean()),
			anonymous: v.optional(v.boolean()),
			locked: v.optional(v.boolean()),
			participantsCanGroup: v.optional(v.boolean()),
			voteBudget: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'Au moins 1 gommette.'), v.maxValue(20, '20 gommettes au maximum.'))),
			voteCap: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1, 'Au moins 1 gommette par regroupement.'), v.maxValue(20)))),
			votesHidden: v.optional(v.boolean())
		}),
		v.object({ action: v.literal('reveal') })
	],
	'Action inconnue.'
);
export type BoardControl = v.InferOutput<typeof boardControlSchema>;

export const workshopControlSchema = v.variant(
	'action',
	[
		v.object({ action: v.literal('timer.start'), minutes, stopsWriting: v.optional(v.boolean(), false) }),
		v.object({ action: v.literal('timer.pause') }),
		v.object({ action: v.literal('timer.resume') }),
		v.object({ action: v.literal('timer.add'), minutes: v.optional(minutes, 1) }),
		v.object({ action: v.literal('timer.end') }),
		v.object({ action: v.literal('focus'), boardId: v.nullable(id) }),
		v.object({ action: v.literal('groups.auto'), count: v.pipe(v.number('Nombre de groupes attendu.'), v.integer(), v.minValue(1, 'Au moins 1 groupe.'), v.maxValue(30, '30 groupes au maximum.')) }),
		v.object({ action: v.literal('groups.rename'), groupId: id, name: v.pipe(v.string(), v.transform(cleanLine), v.minLength(1, 'Nom du groupe : champ obligatoire.'), v.maxLength(40, 'Nom du groupe : 40 caractères au maximum.')) }),
		v.object({ action: v.literal('groups.move'), participantId: id, groupId: v.nullable(id) }),
		v.object({ action: v.literal('round'), round: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)) }),
		// One person, one participant: `dropId` joined twice and is folded into `keepId`.
		v.object({ action: v.literal('participants.merge'), keepId: id, dropId: id }),
		v.object({ action: v.literal('participants.remove'), participantId: id })
	],
	'Action inconnue.'
);
export type WorkshopControlCommand = v.InferOutput<typeof workshopControlSchema>;
