import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process.ts';
import type { Client } from '../helpers/http.ts';
import { addMember, Browser, createBoard, createProject, createWorkshop, join, joinCodeOf, newId, signUp } from './support.ts';

// Who may do what, through the real doors (HTTP routes and socket upgrades), as one table:
// principal kinds (anonymous, participants of this or another workshop, every project role, an
// account outside the project) × resources and actions (board page, participant command,
// facilitators' results, board socket) × states (open, table archived, workshop archived).
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
	return new Promise<number>((resolve, reject) => {
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/board:${boardId}`, { headers: { cookie: client.cookieHeader(), origin: server.url } });
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

	it('[ACC3] workshop archived: its participants are out everywhere (their session ends)', async () => {
		expect((await owner.post(`/projets/${projectId}?/archiveWorkshop`, { workshopId: String(workshopId), archived: '1' })).status).toBe(200);
		expect(await observe()).toEqual(MATRIX.atelierArchive);
	});
});
