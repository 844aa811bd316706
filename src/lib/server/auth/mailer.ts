import nodemailer from 'nodemailer';

// Optional e-mail for account links. With SMTP_URL (e.g. smtp://user:password@smtp.ain.fr:587)
// invitations and password resets are also sent to the person; without it, or when sending fails,
// the link is only shown to whoever made it, to pass on. SMTP_FROM sets the sender.

export function mailConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
	return !!env.SMTP_URL?.trim();
}

const SUBJECTS = {
	invitation: 'Votre compte Tablée',
	reset: 'Nouveau mot de passe Tablée'
} as const;

/** Sends the link; returns whether the SMTP server accepted it (never throws). */
export async function mailAccountLink(
	kind: keyof typeof SUBJECTS,
	to: string,
	link: string,
	validity: string,
	env: NodeJS.ProcessEnv = process.env
): Promise<boolean> {
	if (!mailConfigured(env)) return false;
	const intro =
		kind === 'invitation'
			? 'Vous êtes invité·e sur Tablée, l’outil des ateliers du projet social de territoire. Ouvrez ce lien pour choisir votre mot de passe :'
			: 'Un nouveau mot de passe a été demandé pour votre compte Tablée. Ouvrez ce lien pour le choisir :';
	try {
		const transport = nodemailer.createTransport(env.SMTP_URL!.trim());
		await transport.sendMail({
			from: env.SMTP_FROM?.trim() || 'Tablée <ne-pas-repondre@tablee.invalid>',
			to,
			subject: SUBJECTS[kind],
			text: `${intro}\n\n${link}\n\nCe lien est valable ${validity}, une seule fois. Si vous ne l’attendiez pas, ignorez ce message.\n`
		});
		transport.close();
		return true;
	} catch (e) {
		console.error(`Envoi de l’e-mail (${kind}) impossible :`, e instanceof Error ? e.message : e);
		return false;
	}
}

/** What to tell the person who made the link. */
export function mailOutcome(sent: boolean, to: string): string {
	if (sent) return ` Un e-mail avec ce lien a été envoyé à ${to}.`;
	return mailConfigured() ? ' L’envoi de l’e-mail a échoué : transmettez le lien vous-même.' : '';
}
