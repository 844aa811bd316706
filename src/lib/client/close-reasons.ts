// What a person is told when the server closes their live connection, by close code (see
// src/lib/server/realtime/sync-server.ts CLOSE). Null: nothing to say (a normal reconnection).

export function closeMessage(code: number): string | null {
	switch (code) {
		case 1011:
		case 1013:
			return 'Le serveur n’arrive pas à enregistrer pour l’instant. Vos dernières modifications sont gardées sur cet appareil et seront renvoyées dès que possible ; ne fermez pas la page.';
		case 4413:
			return 'Ce document a atteint sa taille maximale : votre dernière modification n’a pas été enregistrée. Rechargez la page.';
		case 4400:
			return 'Le serveur a refusé une modification invalide. Rechargez la page pour repartir de la version enregistrée.';
		case 4401:
			return 'Votre session a expiré : reconnectez-vous pour continuer.';
		case 4403:
			return 'Vous n’avez plus accès à ce document.';
		default:
			return null;
	}
}
