import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

// The edge of the world for e-mail: a tiny SMTP server on a free loopback port that accepts every
// message and keeps it (enough of RFC 5321 for nodemailer: greeting, EHLO, MAIL, RCPT, DATA, QUIT).

export interface SmtpSink {
	url: string;
	messages: { to: string[]; data: string }[];
	/** Resolves with the next message accepted (or one already received beyond `after`). */
	next: (after?: number) => Promise<{ to: string[]; data: string }>;
	close: () => Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
	const messages: SmtpSink['messages'] = [];
	const waiters: (() => void)[] = [];
	const server: Server = createServer((socket) => {
		let buffer = '';
		let inData = false;
		let to: string[] = [];
		let data = '';
		socket.write('220 sink ESMTP\r\n');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			let i: number;
			while ((i = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, i);
				buffer = buffer.slice(i + 2);
				if (inData) {
					if (line === '.') {
						inData = false;
						messages.push({ to, data });
						to = [];
						data = '';
						socket.write('250 OK\r\n');
						for (const w of waiters.splice(0)) w();
					} else data += (line.startsWith('..') ? line.slice(1) : line) + '\n';
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO' || verb === 'HELO') socket.write('250 sink\r\n');
				else if (verb === 'MAIL') socket.write('250 OK\r\n');
				else if (verb === 'RCPT') {
					to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					socket.write('250 OK\r\n');
				} else if (verb === 'DATA') {
					inData = true;
					socket.write('354 End with .\r\n');
				} else if (verb === 'QUIT') socket.end('221 Bye\r\n');
				else socket.write('250 OK\r\n');
			}
		});
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		next: (after = messages.length) =>
			new Promise((resolve) => {
				const check = () => (messages.length > after ? resolve(messages[after]) : waiters.push(check));
				check();
			}),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
