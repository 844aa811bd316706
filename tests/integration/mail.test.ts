import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { Browser, DEMO, PASSWORD, createProject, html, signIn } from './support.ts';

// With SMTP_URL, invitation and reset links are also e-mailed (here to a local SMTP sink); the
// link still shows to whoever made it. Without it, nothing is sent (accounts.test.ts).

let sink: SmtpSink;
let server: RunningServer;
let admin: Browser;

beforeAll(async () => {
	sink = await startSmtpSink();
	server = await startServer({ ...DEMO, SMTP_URL: sink.url, SMTP_FROM: 'Tablée <tablee@ain.fr>' });
	admin = await signIn(server, DEMO.DEMO_EMAIL, DEMO.DEMO_PASSWORD);
});
afterAll(async () => {
	await server?.stop();
	await sink?.close();
});

/** The Subject header, decoded from its RFC 2047 "Q" encoding. */
function subjectOf(data: string): string {
	const raw = /^Subject: (.*)$/m.exec(data)?.[1] ?? '';
	return raw.replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, q: string) =>
		Buffer.from(q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m: string, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
	);
}
const linkIn = (text: string) => /http:\/\/\S+\/compte\/[a-z2-7]{32}/.exec(text)?.[0];

describe('[MAIL1] account links by e-mail', () => {
	it('e-mails an invitation whose link creates the account', async () => {
		const next = sink.next();
		const page = await html(await admin.post('/admin?/invite', { email: 'paul@ain.fr' }));
		expect(page).toContain('Un e-mail avec ce lien a été envoyé à paul@ain.fr.');
		const mail = await next;
		expect(mail.to).toEqual(['paul@ain.fr']);
		expect(subjectOf(mail.data)).toBe('Votre compte Tablée');
		const link = linkIn(mail.data.replace(/=\n/g, ''));
		expect(link).toBeTruthy();
		expect(page).toContain(link!);
		const paul = new Browser(server.url);
		expect((await paul.post(new URL(link!).pathname, { displayName: 'Paul Durand', password: PASSWORD, confirmation: PASSWORD })).status).toBe(303);
	});

	it('e-mails a reset link and a project invitation', async () => {
		const userId = (await html(await admin.get('/admin'))).match(/name="userId" value="(\d+)"/)![1];
		const reset = sink.next();
		await admin.post('/admin?/resetLink', { userId });
		expect(subjectOf((await reset).data)).toBe('Nouveau mot de passe Tablée');
		const projectId = await createProject(admin, { name: 'PST Bugey' });
		const invite = sink.next();
		const page = await html(await admin.post(`/projets/${projectId}/parametres?/addMember`, { email: 'lea@ain.fr', role: 'observer' }));
		expect(page).toContain('Un e-mail avec ce lien a été envoyé à lea@ain.fr.');
		expect((await invite).to).toEqual(['lea@ain.fr']);
	});
});
