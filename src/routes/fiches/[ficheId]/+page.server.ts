import { fail, redirect } from '@sveltejs/kit';
import { toBase64 } from 'lib0/buffer';
import type { Actions, PageServerLoad } from './$types';
import { ficheDocName } from '$lib/docs/doc-names';
import { contentFromUpdate } from '$lib/docs/fiche';
import { FICHE_FIELDS, FICHE_STATUSES, PLANNING_COLUMNS, nextStatuses, statusNeedsManager } from '$lib/domain/fiche';
import { ficheAxisSchema, ficheInviteSchema, ficheStatusSchema, formToObject, idParam, parse } from '$lib/domain/schemas';
import { diffText } from '$lib/domain/text-diff-view';
import { attempt } from '$lib/server/guards';
import { requireFiche } from '$lib/server/fiches/fiche-guard';
import {
	currentContent,
	duplicateFiche,
	getVersionState,
	listVersions,
	restoreVersion,
	setFicheArchived,
	setFicheAxis,
	setFicheStatus
} from '$lib/server/fiches/fiche.service';
import { createInvite, listInvites, revokeInvite } from '$lib/server/fiches/invites';
import { qrSvg } from '$lib/server/qr';
import { listAxes } from '$lib/server/projects/project.service';
import { CLOSE, getDocStore, revokeConnections } from '$lib/server/realtime';
import * as v from 'valibot';
import { warmExports } from '$lib/server/exports/warm';

export const load: PageServerLoad = async (event) => {
	const { db, fiche, project, role, coWriter, canEdit, canManage } = await requireFiche(event, event.params.ficheId);
	warmExports();
	const store = getDocStore();
	const docName = ficheDocName(fiche.id);
	const history = await db
		.selectFrom('fiche_status_history')
		.select(['from_status', 'to_status', 'reason', 'by_name', 'at'])
		.where('fiche_id', '=', fiche.id)
		.orderBy('at', 'desc')
		.orderBy('id', 'desc')
		.execute();
	const versions = await listVersions(db, fiche.id);
	// ?version=ID: the differences between that version and the current text.
	let compare = null;
	const rawVersion = event.url.searchParams.get('version');
	if (rawVersion) {
		const id = v.safeParse(idParam, rawVersion);
		const version = id.success ? versions.find((x) => x.id === id.output) : undefined;
		if (version) {
			const old = contentFromUpdate(await getVersionState(db, fiche.id, version.id));
			const now = currentContent(store, fiche.id);
			const fields = FICHE_FIELDS.map((f) => ({ label: f.label, parts: diffText(old.fields[f.key], now.fields[f.key]) })).filter((f) =>
				f.parts.some((p) => p.kind !== 'same')
			);
			const rows = (c: typeof old) => c.planning.map((r) => PLANNING_COLUMNS.map((col) => r.cells[col.key]).filter(Boolean).join(' · ')).join('\n');
			const planning = diffText(rows(old), rows(now));
			compare = { version, fields, planning: planning.some((p) => p.kind !== 'same') ? planning : null };
		}
	}
	const provenanceBoard = fiche.source_board_id
		? await db
				.selectFrom('boards as b')
				.innerJoin('workshops as w', 'w.id', 'b.workshop_id')
				.select(['b.id', 'b.theme', 'w.id as workshop_id', 'w.title as workshop_title'])
				.where('b.id', '=', fiche.source_board_id)
				.executeTakeFirst()
		: null;
	return {
		fiche: {
			id: fiche.id,
			number: fiche.number,
			axis: fiche.axis,
			status: fiche.status,
			statusReason: fiche.status_reason,
			statusChangedAt: fiche.status_changed_at,
			statusChangedBy: fiche.status_changed_by,
			archived: fiche.archived_at !== null,
			votes: fiche.votes,
			rank: fiche.vote_rank,
			docName
		},
		project: { id: project.id, name: project.name, periodStart: project.period_start, periodEnd: project.period_end },
		axes: (await listAxes(db, project.id)).map((a) => ({ code: a.code, label: a.label })),
		initialState: toBase64(store.fullState(docName)),
		me: { name: coWriter ? coWriter.name : event.locals.user!.display_name },
		role,
		coWriter: coWriter ? { name: coWriter.name, organisation: coWriter.organisation } : null,
		canEdit,
		canManage,
		nextStatuses: nextStatuses(fiche.status)
			.filter((s) => !coWriter && (canManage || (canEdit && !statusNeedsManager(s))))
			.map((s) => ({ value: s, label: FICHE_STATUSES[s] })),
		history,
		versions,
		compare,
		invites: canEdit && !coWriter ? await listInvites(db, fiche.id) : [],
		source:
			provenanceBoard && !coWriter
				? { boardId: provenanceBoard.id, boardName: provenanceBoard.theme, workshopId: provenanceBoard.workshop_id, workshopTitle: provenanceBoard.workshop_title }
				: null
	};
};

async function staff(event: Parameters<Actions[string]>[0]) {
	const ctx = await requireFiche(event, event.params.ficheId);
	if (ctx.coWriter || !ctx.canEdit) return { ctx: null, failure: fail(403, { message: 'Votre rôle ne permet pas cette action sur la fiche.' }) };
	return { ctx, failure: null };
}

export const actions: Actions = {
	status: async (event) => {
		const { ctx, failure } = await staff(event);
		if (!ctx) return failure;
		const input = parse(ficheStatusSchema, formToObject(await event.request.formData()));
		if (!input.ok) return fail(400, { message: input.message });
		const r = await attempt(() =>
			setFicheStatus(ctx.db, getDocStore(), ctx.fiche.id, input.data.status, input.data.reason || null, { ...ctx.actor, manager: ctx.canManage })
		);
		if (!r.ok) return r.failure;
		return { success: `Statut : ${FICHE_STATUSES[input.data.status]}.` };
	},
	axis: async (event) => {
		const { ctx, failure } = await staff(event);
		if (!ctx) return failure;
		const input = parse(ficheAxisSchema, formToObject(await event.request.formData()));
		if (!input.ok) return fail(400, { message: input.message });
		const r = await attempt(() => setFicheAxis(ctx.db, getDocStore(), ctx.fiche.id, input.data.axis || null, ctx.actor));
		if (!r.ok) return r.failure;
		return { success: input.data.axis ? `Axe ${input.data.axis} confirmé.` : 'Axe retiré.' };
	},
	duplicate: async (event) => {
		const { ctx, failure } = await staff(event);
		if (!ctx) return failure;
		const id = await duplicateFiche(ctx.db, getDocStore(), ctx.fiche.id, ctx.actor);
		redirect(303, `/fiches/${id}`);
	},
	archive: async (event) => {
		const ctx = await requireFiche(event, event.params.ficheId);
		if (!ctx.canManage) return fail(403, { message: 'Seuls les pilotes et animateurs archivent une fiche.' });
		const archived = (await event.request.formData()).get('archived') !== '0';
		await setFicheArchived(ctx.db, ctx.fiche.id, archived, ctx.actor);
		const docName = ficheDocName(ctx.fiche.id);
		// An archived fiche is read-only: open writing sockets are closed (they reconnect read-only).
		if (archived) revokeConnections({ docName, mode: 'write' }, CLOSE.forbidden, 'Fiche archivée');
		return { success: archived ? 'Fiche archivée.' : 'Fiche restaurée.' };
	},
	invite: async (event) => {
		const { ctx, failure } = await staff(event);
		if (!ctx) return failure;
		const raw = formToObject(await event.request.formData());
		const input = parse(ficheInviteSchema, raw);
		if (!input.ok) return fail(400, { invite: true, message: input.message, values: raw });
		const { token } = await createInvite(ctx.db, ctx.fiche.id, input.data, ctx.actor.userId);
		const inviteLink = `${event.url.origin}/fiches/invitation/${ctx.fiche.id}/${token}`;
		return { invite: true, success: `Invitation créée pour ${input.data.name}.`, inviteLink, inviteQr: await qrSvg(inviteLink), inviteName: input.data.name };
	},
	revokeInvite: async (event) => {
		const { ctx, failure } = await staff(event);
		if (!ctx) return failure;
		const id = v.safeParse(idParam, String((await event.request.formData()).get('inviteId') ?? ''));
		if (!id.success) return fail(400, { message: 'Invitation inconnue.' });
		const r = await attempt(() => revokeInvite(ctx.db, ctx.fiche.id, id.output, ctx.actor.userId));
		if (!r.ok) return r.failure;
		revokeConnections({ inviteId: id.output }, CLOSE.forbidden, 'Invitation retirée');
		return { success: 'Invitation retirée : le lien ne fonctionne plus.' };
	},
	restore: async (event) => {
		const { ctx, failure } = await staff(event);
		if (!ctx) return failure;
		const id = v.safeParse(idParam, String((await event.request.formData()).get('versionId') ?? ''));
		if (!id.success) return fail(400, { message: 'Version inconnue.' });
		const r = await attempt(() => restoreVersion(ctx.db, getDocStore(), ctx.fiche.id, id.output, ctx.actor));
		if (!r.ok) return r.failure;
		return { success: 'Version restaurée. Le texte remplacé reste dans l’historique.' };
	}
};
