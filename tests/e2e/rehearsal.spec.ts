import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config';
import { PHONE, PROJECTOR, signInFacilitator } from './helpers';
import { connectProvider, type SyncedClient } from '../helpers/sync-client';
import { createCluster, getClusters, getNotes, getSettings } from '../../src/lib/docs/board';
import { getWorkshopControl, tableFor } from '../../src/lib/docs/workshop';

// The dress rehearsal (issue 13): a whole workshop against the real server, then invariants, not
// screens. Two tables (one AFOM); 30 people: 3 Chromium phones and 27 protocol-level clients, two of
// whom join a second time from another device and are merged, three re-join from the same browser;
// a facilitator (laptop + a Yjs socket for clustering) and a projector. The phones write alone,
// lose the time-box while typing, follow "Tout le monde ici" and a rotation (two sub-groups, round 2
// while each has a draft open), one goes offline, and they vote in the browser with their budget
// while the others vote at protocol level. Seeded: the same run every time (~3 min here, on a
// machine shared with other work: the timeout leaves room). What it checks at the end:
// - every note a participant sent is on its board exactly once, or was refused with a reason and
//   kept (the protocol clients' outbox, the phone's composer);
// - the tallies equal the dots cast by distinct people within budget and cap;
// - every count of people (console, restitution) equals the number of distinct people;
// - the projector shows the same clusters and results as the facilitator.

const stamp = Date.now();
const origin = { origin: E2E.baseURL };

/** mulberry32: a small seeded generator, so the rehearsal is the same run every time. */
function seeded(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rand = seeded(13);
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
let seq = 0;
const cid = () => `r${stamp}x${++seq}`;

const ORGS = ['CAF de l’Ain', 'EHPAD Les Tilleuls', 'MSA Ain-Rhône', 'France Services Thoissey', 'Mission locale Dombes', 'CPAM de l’Ain', 'ADMR Meximieux', 'Familles Rurales', 'CCAS de Trévoux'];
const IDEAS = ['Pas de bus le dimanche', 'Permanences sociales trop rares', 'Bénévoles motivés', 'Délais CAF trop longs', 'Numérique : peu d’accompagnement', 'Maison France Services appréciée', 'Logement des jeunes difficile', 'Réseau associatif dense'];

type Person = { name: string; org: string; req: APIRequestContext; id: number };
type Sent = { board: number; noteId: string; text: string; status: number; message?: string };

test('[RH1] dress rehearsal: a whole workshop, then nothing typed is lost, votes are within budget, people counted once, projector = facilitator', async ({ browser, playwright }) => {
	test.setTimeout(240_000);
	const f = await signInFacilitator(browser);
	const post = (path: string, form: Record<string, string>) => f.page.request.post(path, { form, headers: { ...origin, accept: 'text/html' }, maxRedirects: 0 });
	const created = await post('/projets/1/ateliers/nouveau', { title: `Répétition générale ${stamp}`, phase: 'diagnostic' });
	const workshopId = Number(/\/ateliers\/(\d+)/.exec(created.headers()['location'] ?? '')?.[1]);
	const T1 = 'Accès aux droits';
	const T2 = 'Mobilité (AFOM)';
	expect((await post(`/ateliers/${workshopId}?/createBoard`, { theme: T1, template: 'atouts_problematiques' })).ok()).toBe(true);
	expect((await post(`/ateliers/${workshopId}?/createBoard`, { theme: T2, template: 'afom' })).ok()).toBe(true);
	await f.page.goto(`/ateliers/${workshopId}`);
	const boardOf = async (theme: string) => Number(/\/tables\/(\d+)/.exec((await f.page.getByRole('link', { name: theme, exact: true }).getAttribute('href')) ?? '')?.[1]);
	const b1 = await boardOf(T1);
	const b2 = await boardOf(T2);
	const code = (await f.page.locator('.join .code').textContent())!.replace(/\s/g, '');
	const steer = async (body: Record<string, unknown>) => expect((await f.page.request.post(`/api/workshops/${workshopId}/control`, { data: body, headers: origin })).status()).toBe(200);
	const control = async (board: number, body: Record<string, unknown>) => expect((await f.page.request.post(`/api/boards/${board}/control`, { data: body, headers: origin })).status()).toBe(200);
	const cookie = (await f.ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	const docs: SyncedClient[] = [];
	const watch = async (board: number) => {
		const c = connectProvider(E2E.baseURL, `board:${board}`, cookie);
		docs.push(c);
		await c.synced;
		return c;
	};
	const w1 = await watch(b1);
	const w2 = await watch(b2);
	const until = async (c: SyncedClient, ok: () => boolean) => expect.poll(ok, { timeout: 15_000 }).toBe(true);

	// ---- joining: 27 protocol clients, 3 re-join from the same browser, 2 from another device ----
	const contexts: APIRequestContext[] = [];
	const newClient = async () => {
		const r = await playwright.request.newContext({ baseURL: E2E.baseURL, extraHTTPHeaders: origin });
		contexts.push(r);
		return r;
	};
	const joinAs = async (req: APIRequestContext, name: string, org: string) => {
		const res = await req.post('/api/join', { data: { code, name, organisation: org } });
		expect(res.status()).toBe(200);
		return (await res.json()) as { participant: { id: number }; rejoined: boolean };
	};
	const people: Person[] = [];
	for (let i = 0; i < 27; i++) {
		const req = await newClient();
		const name = `Personne ${String(i + 1).padStart(2, '0')} ${stamp}`;
		const org = ORGS[i % ORGS.length];
		people.push({ name, org, req, id: (await joinAs(req, name, org)).participant.id });
	}
	for (const p of people.slice(0, 3)) {
		const again = await joinAs(p.req, p.name, p.org);
		expect(again).toMatchObject({ rejoined: true, participant: { id: p.id } });
	}
	const twins: Person[] = [];
	for (const p of people.slice(3, 5)) {
		const req = await newClient();
		twins.push({ ...p, req, id: (await joinAs(req, p.name, p.org)).participant.id });
	}

	// Three phones in Chromium; one presses back after joining and is taken back to its place.
	const phones: { ctx: BrowserContext; page: Page; name: string; id: number }[] = [];
	for (const [i, name] of ['Nadia', 'Luc', 'Sophie'].entries()) {
		const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
		const page = await ctx.newPage();
		await page.goto(`/rejoindre/${code}`);
		await page.getByLabel('Votre nom').fill(`${name} ${stamp}`);
		await page.getByLabel('Votre structure').fill(ORGS[i]);
		await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Répétition générale');
		phones.push({ ctx, page, name: `${name} ${stamp}`, id: 0 });
	}
	// Back: the browser shows the join page again, either fresh from the server ("déjà inscrit·e":
	// continue) or from its cache with the form filled (sent again: the same participant).
	await phones[0].page.goBack();
	const already = phones[0].page.getByRole('heading', { name: /Vous êtes déjà inscrit·e comme Nadia/ });
	const form = phones[0].page.getByRole('button', { name: 'Rejoindre l’atelier' });
	await expect(already.or(form)).toBeVisible();
	if (await already.isVisible()) await phones[0].page.getByRole('link', { name: /Continuer comme/ }).click();
	else await form.click();
	await expect(phones[0].page.getByRole('heading', { level: 1 })).toContainText('Répétition générale');
	for (const p of phones) {
		await p.page.goto(`/tables/${b1}`);
		await expect(p.page.getByText('En direct')).toBeVisible();
	}
	const projector = await f.ctx.newPage();
	await projector.setViewportSize(PROJECTOR);
	await projector.goto(`/tables/${b1}/projection`);

	// ---- private writing, then the reveal ----
	const sent: Sent[] = [];
	const send = async (p: Person, board: number, column: string, text = `${pick(IDEAS)} · ${p.name}`) => {
		const noteId = cid();
		const res = await p.req.post(`/api/boards/${board}/commands`, { data: { id: cid(), type: 'note.add', note: { id: noteId, text, column } } });
		const body = (await res.json()) as { message?: string };
		sent.push({ board, noteId, text, status: res.status(), message: body.message });
	};
	await control(b1, { action: 'modes', privateWriting: true });
	await Promise.all(people.map((p) => send(p, b1, pick(['atouts', 'problematiques']))));
	const addOnPhone = async (page: Page, column: string, text: string) => {
		await page.getByRole('button', { name: `Ajouter une contribution dans « ${column} »` }).click();
		await page.getByLabel('Votre contribution').fill(text);
		await page.getByRole('dialog').getByRole('button', { name: 'Envoyer' }).click();
	};
	const phoneTexts: { board: number; text: string }[] = [];
	for (const p of phones) {
		const text = `Écrit seul sur téléphone · ${p.name}`;
		await addOnPhone(p.page, 'Problématiques', text);
		phoneTexts.push({ board: b1, text });
		await expect(p.page.locator('article.note', { hasText: text })).toContainText('Visible de vous seul');
	}
	expect(getNotes(w1.doc)).toHaveLength(0);
	await until(w1, () => getSettings(w1.doc).privateCount === 30);
	await control(b1, { action: 'reveal' });
	await until(w1, () => getNotes(w1.doc).length === 30);

	// ---- a time-box that stops writing while people are sending ----
	await control(b1, { action: 'modes', privateWriting: false });
	await steer({ action: 'timer.start', minutes: 1, stopsWriting: true });
	await phones[1].page.getByRole('button', { name: 'Ajouter une contribution dans « Atouts »' }).click();
	const lateText = `Tapé pendant que le temps finissait · ${phones[1].name}`;
	await phones[1].page.getByLabel('Votre contribution').fill(lateText);
	await Promise.all([...people.slice(0, 15).map((p) => send(p, b1, 'atouts')), steer({ action: 'timer.end' })]);
	// The phone closes its composer with the time-box and keeps the text, with the reason.
	const composer1 = phones[1].page.getByRole('dialog');
	await expect(composer1.getByRole('alert').filter({ hasText: 'Le temps d’écriture est écoulé' })).toBeVisible();
	await expect(phones[1].page.getByLabel('Votre contribution')).toHaveValue(lateText);
	await expect(composer1.getByRole('button', { name: 'Envoyer' })).toHaveCount(0);

	// ---- "Tout le monde ici" while drafts are open ----
	await steer({ action: 'timer.start', minutes: 30, stopsWriting: false });
	await phones[2].page.getByRole('button', { name: 'Ajouter une contribution dans « Problématiques »' }).click();
	const movedText = `Brouillon ouvert pendant le regroupement des écrans · ${phones[2].name}`;
	await phones[2].page.getByLabel('Votre contribution').fill(movedText);
	await steer({ action: 'focus', boardId: b2 });
	for (const [i, p] of phones.entries()) {
		await expect(p.page.getByRole('heading', { level: 1 })).toHaveText(T2);
		await expect(p.page.getByText(`L’animation vous a réunis à la table « ${T2} »`)).toBeVisible();
		if (i === 0) continue;
		// Drafts are offered back; the AFOM table asks for a column.
		const offer = p.page.getByRole('status').filter({ hasText: 'Vous aviez commencé une contribution' });
		await offer.getByRole('button', { name: 'Reprendre mon brouillon' }).click();
		await p.page.getByRole('dialog').getByLabel('Points faibles').check();
		await p.page.getByRole('dialog').getByRole('button', { name: 'Envoyer' }).click();
		const text = i === 1 ? lateText : movedText;
		phoneTexts.push({ board: b2, text });
		await expect(p.page.locator('article.note', { hasText: text })).toContainText('Envoyée ✓');
	}
	await steer({ action: 'focus', boardId: null });

	// ---- a rotation: two sub-groups, round 1, then round 2 while every phone has a draft open ----
	const ws = connectProvider(E2E.baseURL, `workshop:${workshopId}`, cookie);
	docs.push(ws);
	await ws.synced;
	// The phones' participant ids, as the console lists them.
	await f.page.goto(`/ateliers/${workshopId}/console`);
	for (const p of phones) p.id = Number(await f.page.locator('.merge select').first().locator('option', { hasText: p.name }).getAttribute('value'));
	const themeOf = (board: number) => (board === b1 ? T1 : T2);
	const seatOf = (p: (typeof phones)[number], round: number) => {
		const control = getWorkshopControl(ws.doc);
		return control.round === round ? tableFor(control, p.id) : null;
	};
	await steer({ action: 'groups.auto', count: 2 });
	await steer({ action: 'round', round: 1 });
	await expect.poll(() => phones.every((p) => seatOf(p, 1) !== null)).toBe(true);
	for (const p of phones) {
		await expect(p.page.getByRole('heading', { level: 1 })).toHaveText(themeOf(seatOf(p, 1)!));
		await expect(p.page.getByText(/· tour 1$/)).toBeVisible();
	}
	const rotated: { text: string; from: number }[] = [];
	for (const p of phones) {
		const from = seatOf(p, 1)!;
		await p.page.getByRole('button', { name: `Ajouter une contribution dans « ${from === b1 ? 'Problématiques' : 'Menaces'} »` }).click();
		const text = `Brouillon ouvert pendant le changement de tour · ${p.name}`;
		await p.page.getByLabel('Votre contribution').fill(text);
		rotated.push({ text, from });
	}
	await steer({ action: 'round', round: 2 });
	await expect.poll(() => phones.every((p) => seatOf(p, 2) !== null)).toBe(true);
	for (const [i, p] of phones.entries()) {
		const to = seatOf(p, 2)!;
		// Two groups, two tables: each group moves to the other one.
		expect(to).not.toBe(rotated[i].from);
		await expect(p.page.getByRole('heading', { level: 1 })).toHaveText(themeOf(to));
		await expect(p.page.getByText(`Tour 2 : votre groupe passe à la table « ${themeOf(to)} »`)).toBeVisible();
		const offer = p.page.getByRole('status').filter({ hasText: 'Vous aviez commencé une contribution' });
		await offer.getByRole('button', { name: 'Reprendre mon brouillon' }).click();
		await expect(p.page.getByLabel('Votre contribution')).toHaveValue(rotated[i].text);
		await p.page.getByRole('dialog').getByLabel(to === b1 ? 'Problématiques' : 'Points faibles').check();
		await p.page.getByRole('dialog').getByRole('button', { name: 'Envoyer' }).click();
		await expect(p.page.locator('article.note', { hasText: rotated[i].text })).toContainText('Envoyée ✓');
		phoneTexts.push({ board: to, text: rotated[i].text });
	}
	await steer({ action: 'round', round: 0 });

	// ---- a phone offline for a while ----
	await phones[0].page.goto(`/tables/${b2}`);
	await expect(phones[0].page.getByText('En direct')).toBeVisible();
	await phones[0].ctx.setOffline(true);
	const offlineText = `Écrit hors connexion · ${phones[0].name}`;
	await addOnPhone(phones[0].page, 'Menaces', offlineText);
	await expect(phones[0].page.locator('article.note', { hasText: offlineText })).toContainText('En attente');
	await Promise.all(people.slice(15).map((p) => send(p, b2, pick(['points_forts', 'points_faibles', 'potentialites', 'menaces']))));
	await phones[0].ctx.setOffline(false);
	phoneTexts.push({ board: b2, text: offlineText });
	await expect(phones[0].page.locator('article.note', { hasText: offlineText })).toContainText('Envoyée ✓');

	// ---- clustering (the facilitator's socket) ----
	await control(b1, { action: 'phase', phase: 'regroupement' });
	// A cluster sits in one column, as on the board: two among the problems, one among the strengths.
	const inColumn = (c: string) => getNotes(w1.doc).filter((n) => n.column === c);
	const titles = ['Accès aux services', 'Délais et démarches', 'Ressources du territoire'];
	const plan: [string, string[]][] = [
		[titles[0], inColumn('problematiques').filter((_, i) => i % 3 === 0).map((n) => n.id)],
		[titles[1], inColumn('problematiques').filter((_, i) => i % 3 === 1).map((n) => n.id)],
		[titles[2], inColumn('atouts').filter((_, i) => i % 2 === 0).map((n) => n.id)]
	];
	plan.forEach(([title, members], k) => {
		createCluster(w1.doc, { id: `cl${stamp}${k}`, title, column: k < 2 ? 'problematiques' : 'atouts', position: k + 1 }, members);
	});
	await expect(projector.locator('[data-view="clusters"]')).toBeVisible();
	for (const t of titles) await expect(projector.locator('.cluster h3', { hasText: t })).toBeVisible();
	const projectedClusters = await projector.locator('.cluster').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.clusterId).sort());
	expect(projectedClusters).toEqual(getClusters(w1.doc).map((c) => c.id).sort());

	// ---- the vote, with the two people who joined twice voting from both devices ----
	await control(b1, { action: 'phase', phase: 'vote' });
	await control(b1, { action: 'modes', voteBudget: 3, voteCap: 2, votesHidden: true });
	const targets = getClusters(w1.doc).map((c) => c.id);
	const accepted = new Map<number, string[]>(); // participant id → dots in the order accepted
	// The three phones vote in Chromium, from the clusters shown first, while the others vote at
	// protocol level; each phone spends its budget (twice the same cluster: the cap allows two).
	for (const p of phones) {
		await p.page.goto(`/tables/${b1}`);
		await expect(p.page.getByText('En direct')).toBeVisible();
	}
	const clusterIdOf = (title: string) => getClusters(w1.doc).find((c) => c.title === title)!.id;
	const voteOnPhone = async (p: (typeof phones)[number], i: number) => {
		const plan = [titles[i % 3], titles[i % 3], titles[(i + 1) % 3]];
		const toVote = p.page.getByRole('region', { name: 'Les regroupements à voter' });
		for (const [k, title] of plan.entries()) {
			await toVote.getByRole('button', { name: `Voter pour « ${title} »` }).click();
			const mine = plan.slice(0, k + 1).filter((t) => t === title).length;
			// The server counted it (the phone shows its own dots from the server's answer).
			await expect(toVote.getByText(`${mine} gommette${mine > 1 ? 's' : ''} de vous sur « ${title} »`)).toBeAttached();
		}
		// Budget spent: no cluster can take another dot from this phone.
		for (const t of titles) await expect(toVote.getByRole('button', { name: `Voter pour « ${t} »` })).toBeDisabled();
		accepted.set(p.id, plan.map(clusterIdOf));
	};
	const castAs = async (p: Person) => {
		for (let k = 0; k < 4; k++) {
			const targetId = pick(targets);
			const res = await p.req.post(`/api/boards/${b1}/commands`, { data: { id: cid(), type: 'vote.cast', targetId } });
			if (res.status() === 200) accepted.set(p.id, [...(accepted.get(p.id) ?? []), targetId]);
			else expect(res.status(), JSON.stringify(await res.json())).toBe(409);
		}
	};
	await Promise.all([...[...people, ...twins].map(castAs), ...phones.map(voteOnPhone)]);
	for (const [id, dots] of accepted) {
		expect(dots.length, `participant ${id} within budget`).toBeLessThanOrEqual(3);
		for (const t of targets) expect(dots.filter((d) => d === t).length).toBeLessThanOrEqual(2);
	}
	// The facilitator merges the duplicates: one person, one budget.
	for (const t of twins) {
		const kept = people.find((p) => p.name === t.name)!;
		const res = await f.page.request.post(`/api/workshops/${workshopId}/control`, { data: { action: 'participants.merge', keepId: kept.id, dropId: t.id }, headers: origin });
		expect(res.status()).toBe(200);
		// Expected: the kept person's dots first, then the duplicate's while budget and cap allow.
		const merged: string[] = [];
		for (const d of [...(accepted.get(kept.id) ?? []), ...(accepted.get(t.id) ?? [])]) {
			if (merged.length < 3 && merged.filter((x) => x === d).length < 2) merged.push(d);
		}
		accepted.set(kept.id, merged);
		accepted.delete(t.id);
	}
	const expected = new Map<string, number>();
	for (const dots of accepted.values()) for (const d of dots) expected.set(d, (expected.get(d) ?? 0) + 1);
	const cast = [...expected.values()].reduce((s, n) => s + n, 0);
	await expect(projector.locator('.dots')).toHaveText(`${cast} gommette${cast > 1 ? 's' : ''} posée${cast > 1 ? 's' : ''}`);

	// ---- results shown: the projector and the facilitator agree, and equal the dots cast ----
	await control(b1, { action: 'modes', votesHidden: false });
	await expect(projector.locator('[data-view="results"]')).toBeVisible();
	const results = (await (await f.page.request.get(`/api/boards/${b1}/results`)).json()) as { ranked: { id: string; votes: number }[]; totalVotes: number };
	expect(results.totalVotes).toBe(cast);
	for (const r of results.ranked) expect(r.votes, `tally of ${r.id}`).toBe(expected.get(r.id) ?? 0);
	// Same ranks (ties may list in either order).
	const ranksOf = (rows: { id: string; rank: number }[]) => rows.map((r) => `${r.rank}:${r.id}`).sort();
	await expect
		.poll(async () =>
			ranksOf(await projector.locator('.ranked li').evaluateAll((els) => els.map((e) => ({ id: (e as HTMLElement).dataset.targetId!, rank: Number(e.querySelector('.rank')!.textContent) }))))
		)
		.toEqual(ranksOf((results.ranked as { id: string; votes: number; rank: number }[]).filter((r) => r.votes > 0)));

	// ---- a fiche drafted from the top cluster, the restitution opened ----
	const fiche = await f.page.request.post(`/api/boards/${b1}/clusters/${encodeURIComponent(results.ranked[0].id)}/fiche`, { headers: origin });
	expect(fiche.status()).toBe(200);
	const distinctPeople = people.length + phones.length;
	await f.page.goto(`/ateliers/${workshopId}/console`);
	await expect(f.page.getByRole('button', { name: `Former les groupes (${distinctPeople} participants)` })).toBeVisible();
	await f.page.goto(`/ateliers/${workshopId}/restitution`);
	await expect(f.page.getByText(`${distinctPeople} participants`).first()).toBeVisible();

	// ---- invariants: nothing typed is lost, nothing is there twice ----
	const acceptedOn = (board: number) => sent.filter((s) => s.board === board && s.status === 200).length + phoneTexts.filter((t) => t.board === board).length;
	await until(w1, () => getNotes(w1.doc).length === acceptedOn(b1));
	await until(w2, () => getNotes(w2.doc).length === acceptedOn(b2));
	const onBoard = (board: number) => getNotes(board === b1 ? w1.doc : w2.doc);
	for (const s of sent) {
		const copies = onBoard(s.board).filter((n) => n.id === s.noteId);
		if (s.status === 200) expect(copies, `accepted note ${s.text}`).toHaveLength(1);
		else {
			// Refused (time-box over): never on the board, and the client holds it with the reason.
			expect(s.status).toBe(403);
			expect(s.message).toMatch(/temps/);
			expect(copies).toHaveLength(0);
		}
	}
	for (const t of phoneTexts) expect(onBoard(t.board).filter((n) => n.text === t.text), `phone note ${t.text}`).toHaveLength(1);
	const ids = [...getNotes(w1.doc), ...getNotes(w2.doc)].map((n) => n.id);
	expect(new Set(ids).size).toBe(ids.length);
	expect(ids.length).toBe(sent.filter((s) => s.status === 200).length + phoneTexts.length);

	for (const d of docs) d.destroy();
	for (const c of contexts) await c.dispose();
	for (const p of phones) await p.ctx.close();
	await f.ctx.close();
});
