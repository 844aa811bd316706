import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process.ts';
import type { Client } from '../helpers/http.ts';
import { addMember, Browser, createBoard, createProject, createWorkshop, decode, html, join, joinCodeOf, newId, signUp } from './support.ts';

// Who may do what, through the real doors (HTTP routes and socket upgrades), as one table:
// principal kinds (anonymous, participants of this or another workshop, every project role, an
// account outside the project) × resources and actions (board page, participant command,
// facilitators' results, board socket; a fiche's page and socket) × states (open, table archived,
// workshop archived, fiche archived).
// A rule such as "an archived workshop puts its participants out" must hold at every door.

type Principal = 'anonyme' | 'participant' | 'participantAutreAtelier' | 'owner' | 'facilitator' | 'contributor' | 'observer' | 'horsProjet';
type Door = 'page' | 'commande' | 'resultats' | 'socket';

let server: InProcessServer;
const who = {} as Record<Principal, Client>;
let boardId = 0;
let workshopId = 0;
let projectId = 0;
let owner: Client;

/** What each door answers (HTTP status; 101 for a socket that opens). */
async function knock(door: Door, client: Client): Promise<number> {
	if (door === 'page') return (await client.get(`/tables/${boardId}`)).status;
	if (door === 'resultats') return (await client.get(`/api/boards/${boardId}/results`)).status;
	if (door === 'commande') {
		const res = await client.postJson(`/api/boards/${boardId}/commands`, { id: newId(), type: 'note.add', note: { id: newId(), column: 'atouts', text: 'Une contribution' } });
		return res.status;
	}
	return upgrade(`board:${boardId}`, client);
}

/** The status of a socket upgrade to `docName` (101 when it opens). */
function upgrade(docName: string, client: Client): Promise<number> {
	return new Promise<number>((resolve, reject) => {
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${docName}`, { headers: { cookie: client.cookieHeader(), origin: server.url } });
		ws.on('open', () => {
			ws.close();
			resolve(101);
		});
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			res.resume();
		});
		ws.on('error', reject);
	});
}

const STAFF_OPEN = { page: 200, commande: 401, resultats: 200, socket: 101 };
const READERS_OPEN = { page: 200, commande: 401, resultats: 403, socket: 101 };

/** principal → door → status, for each state. */
const MATRIX: Record<'ouvert' | 'tableArchivee' | 'atelierArchive', Record<Principal, Record<Door, number>>> = {
	ouvert: {
		anonyme: { page: 303, commande: 401, resultats: 401, socket: 401 },
		participant: { page: 200, commande: 200, resultats: 401, socket: 101 },
		participantAutreAtelier: { page: 403, commande: 403, resultats: 401, socket: 403 },
		owner: STAFF_OPEN,
		facilitator: STAFF_OPEN,
		contributor: READERS_OPEN,
		observer: READERS_OPEN,
		horsProjet: { page: 403, commande: 401, resultats: 403, socket: 403 }
	},
	// A closed table: participants are out at every door; members keep seeing it.
	tableArchivee: {
		anonyme: { page: 303, commande: 401, resultats: 401, socket: 401 },
		participant: { page: 403, commande: 403, resultats: 401, socket: 403 },
		participantAutreAtelier: { page: 403, commande: 403, resultats: 401, socket: 403 },
		owner: STAFF_OPEN,
		facilitator: STAFF_OPEN,
		contributor: READERS_OPEN,
		observer: READERS_OPEN,
		horsProjet: { page: 403, commande: 401, resultats: 403, socket: 403 }
	},
	// An archived workshop ends its participants' sessions: they are nobody at every door.
	atelierArchive: {
		anonyme: { page: 303, commande: 401, resultats: 401, socket: 401 },
		participant: { page: 303, commande: 401, resultats: 401, socket: 401 },
		participantAutreAtelier: { page: 403, commande: 403, resultats: 401, socket: 403 },
		owner: STAFF_OPEN,
		facilitator: STAFF_OPEN,
		contributor: READERS_OPEN,
		observer: READERS_OPEN,
		horsProjet: { page: 403, commande: 401, resultats: 403, socket: 403 }
	}
};

const PRINCIPALS = Object.keys(MATRIX.ouvert) as Principal[];
const DOORS: Door[] = ['page', 'commande', 'resultats', 'socket'];

async function observe(): Promise<Record<Principal, Record<Door, number>>> {
	const out = {} as Record<Principal, Record<Door, number>>;
	for (const p of PRINCIPALS) {
		out[p] = {} as Record<Door, number>;
		for (const d of DOORS) out[p][d] = await knock(d, who[p]);
	}
	return out;
}

beforeAll(async () => {
	process.env.OPEN_SIGNUP = '1';
	server = await startInProcessServer();
	owner = await signUp(server as never, 'Claire Pilote', 'pilote@ain.fr');
	projectId = await createProject(owner);
	workshopId = await createWorkshop(owner, projectId, { title: 'Atelier A' });
	const other = await createWorkshop(owner, projectId, { title: 'Atelier B' });
	boardId = await createBoard(owner, server.app.sqlite, workshopId, 'Logement');
	who.owner = owner;
	for (const role of ['facilitator', 'contributor', 'observer'] as const) {
		who[role] = await signUp(server as never, `Compte ${role}`, `${role}@ain.fr`);
		await addMember(owner, projectId, `${role}@ain.fr`, role);
	}
	who.horsProjet = await signUp(server as never, 'Hélène Martin', 'helene.martin@ain.fr');
	who.anonyme = new Browser(server.url);
	who.participant = (await join(server as never, joinCodeOf(server.app.sqlite, workshopId), 'Nadia B.')).client;
	who.participantAutreAtelier = (await join(server as never, joinCodeOf(server.app.sqlite, other), 'Karim T.')).client;
}, 120_000);

afterAll(async () => {
	await server?.stop();
});

describe('access matrix through the real doors', () => {
	it('[ACC1] open workshop and table', async () => {
		expect(await observe()).toEqual(MATRIX.ouvert);
	});

	it('[ACC2] table archived: participants are refused at every door, members are not', async () => {
		expect((await owner.post(`/ateliers/${workshopId}?/archiveBoard`, { boardId: String(boardId), archived: '1' })).status).toBe(200);
		expect(await observe()).toEqual(MATRIX.tableArchivee);
		expect((await owner.post(`/ateliers/${workshopId}?/archiveBoard`, { boardId: String(boardId), archived: '0' })).status).toBe(200);
	});

	it('[ACC4] a fiche: members and its invited co-writer open its page and socket; archived, members only; nobody else', async () => {
		const created = await owner.post(`/projets/${projectId}/fiches?/create`, {});
		expect(created.status).toBe(303);
		const ficheId = Number(/\/fiches\/(\d+)$/.exec(created.headers.get('location')!)![1]);
		const invited = await owner.post(`/fiches/${ficheId}?/invite`, { name: 'Samia', organisation: 'Mission locale' });
		const link = /\/fiches\/invitation\/\d+\/[a-z2-7]+/.exec(decode(await html(invited)))![0];
		const coWriter = new Browser(server.url);
		expect((await coWriter.get(link)).status).toBe(303);
		const fichePrincipals: [string, Client][] = [
			...(['owner', 'facilitator', 'contributor', 'observer', 'horsProjet', 'anonyme', 'participant'] as Principal[]).map((p) => [p, who[p]] as [string, Client]),
			['coRedactrice', coWriter]
		];
		const observeFiche = async () => {
			const out: Record<string, [number, number]> = {};
			for (const [name, c] of fichePrincipals) out[name] = [(await c.get(`/fiches/${ficheId}`)).status, await upgrade(`fiche:${ficheId}`, c)];
			return out;
		};
		const expected = {
			owner: [200, 101],
			facilitator: [200, 101],
			contributor: [200, 101],
			observer: [200, 101],
			horsProjet: [403, 403],
			anonyme: [303, 401],
			participant: [303, 401],
			coRedactrice: [200, 101]
		};
		expect(await observeFiche()).toEqual(expected);
		// Archived: members still open it (read-only); its invitations end, so the co-writer is nobody.
		expect((await owner.post(`/fiches/${ficheId}?/archive`, { archived: '1' })).status).toBe(200);
		expect(await observeFiche()).toEqual({ ...expected, coRedactrice: [303, 401] });
	});

	it('[ACC3] workshop archived: its participants are out everywhere (their session ends)', async () => {
		expect((await owner.post(`/projets/${projectId}?/archiveWorkshop`, { workshopId: String(workshopId), archived: '1' })).status).toBe(200);
		expect(await observe()).toEqual(MATRIX.atelierArchive);
	});
});
