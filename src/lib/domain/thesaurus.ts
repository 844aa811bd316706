// The vocabulary of a département's social action, as data: concepts with their words, acronyms
// and expressions, each concept filed under a broader field ("domaine"). The clustering compares
// notes on words, on concepts ("transports" and "permis de conduire" are both #mobilite) and on
// fields ("EHPAD" and "aidants" are both autonomie), so that two territories that say the same
// thing in different words are still grouped.
//
// Where it comes from: the vocabulary of published PST/PTS documents (diagnostics and fiches-action
// of the Ain, Seine-Saint-Denis and others), the names of the schemes and services of French social
// action (CASF: RSA, APA, PCH, ASE, PMI, MDPH…), and the themes the issue #19 lists. It was written
// from that knowledge, not fitted to the demo's notes; a département adds its own words in the
// project settings ("Vocabulaire du territoire", see project-vocabulary.ts), never by editing this file.
//
// Rules of the data (checked when the vocabulary is compiled, see french-text.ts):
// - a single word (matched by stem, so any plural/feminine/verb form) belongs to one concept only;
// - expressions are matched on their words' stems, with "de/du/des/à/au/aux/la/le/les/en…" between
//   them free to vary or be missing ("accès aux droits" = "accès au droit");
// - `label` is a short French noun phrase shown to people ("Isolement", "Modes de garde").

export interface ThesaurusConcept {
	/** Short French label shown in suggestions ("Mobilité"). */
	label: string;
	/** The broader field, a key of `FIELDS`. */
	field: string;
	/** Single words (any inflection: matched by stem) and acronyms, separated by spaces. */
	words: string;
	/** Expressions of several words. */
	phrases?: string[];
	/** A public (people), not a topic: labels read "<topic> des <public>" ("Isolement des personnes âgées"). */
	public?: string;
}

/** Broad fields of social action, as the tables of a diagnostic are usually split. */
export const FIELDS: Readonly<Record<string, string>> = {
	mobilite: 'Mobilité',
	logement: 'Logement',
	insertion: 'Insertion et emploi',
	sante: 'Santé',
	acces_droits: 'Accès aux droits',
	autonomie: 'Autonomie',
	enfance_famille: 'Enfance et famille',
	precarite: 'Précarité',
	lien_social: 'Lien social',
	partenariat: 'Partenariat',
	langue: 'Langue',
	violences: 'Violences',
	jeunesse: 'Jeunesse'
};

export const THESAURUS: Readonly<Record<string, ThesaurusConcept>> = {
	mobilite: {
		label: 'Mobilité',
		field: 'mobilite',
		words: 'mobilité transport déplacement déplacer véhicule voiture permis covoiturage bus autobus navette train TER trajet vélo carburant conduite scooter',
		phrases: ['transports en commun', 'permis de conduire', 'se déplacer', 'se rendre', 'moyen de locomotion', 'transport à la demande', 'auto-école', 'garage solidaire', 'code de la route', 'deux-roues', 'location de véhicules']
	},
	logement: {
		label: 'Logement',
		field: 'logement',
		words: 'logement loger habitat loyer bailleur HLM OPH locataire appartement relogement résidentiel attribution énergivore',
		phrases: ['sous-location', 'logement social', 'logements sociaux', 'parcours résidentiel', 'précarité énergétique', 'mal-logement', 'demande de logement', 'logements temporaires', 'logement temporaire', 'parc social', 'parc privé', 'logements vacants', 'DALO', 'logement adapté']
	},
	hebergement: {
		label: "Hébergement d'urgence",
		field: 'logement',
		words: 'hébergement héberger CHRS SIAO SDF abri',
		phrases: ["hébergement d'urgence", 'sans domicile', 'sans abri', 'sans-abri', 'mise à l abri', 'à la rue', 'centre d hébergement', 'nuitées hôtelières', 'hôtel social']
	},
	expulsion: {
		label: 'Expulsions locatives',
		field: 'logement',
		words: 'expulsion impayé FSL',
		phrases: ['expulsions locatives', 'impayés de loyer', 'dettes locatives', 'maintien dans le logement', 'prévention des expulsions']
	},
	insalubrite: {
		label: 'Logement indigne',
		field: 'logement',
		words: 'insalubre insalubrité indigne indécent vétuste humidité',
		phrases: ['logement indigne', 'logements indignes', 'habitat indigne', 'logement indécent', 'passoires thermiques']
	},
	emploi: {
		label: 'Emploi',
		field: 'insertion',
		words: 'emploi travail travailler employeur employabilité embauche embaucher chômage chômeur recrutement recruter intérim IAE SIAE ACI ETTI salarié entreprise métier',
		phrases: ['France Travail', 'Pôle emploi', 'insertion professionnelle', "demandeur d'emploi", "chercheur d'emploi", "retour à l'emploi", "chantier d'insertion", 'marché du travail', 'trouver du travail', 'recherche de travail', "recherche d'emploi", "bassin d'emploi", "reprise d'activité", 'offres d emploi', 'freins périphériques', 'contrats courts', 'temps partiel subi', 'contrats aidés']
	},
	formation: {
		label: 'Formation',
		field: 'insertion',
		words: 'formation qualification qualifiant apprentissage alternance diplôme stage',
		phrases: ['formations qualifiantes', 'formation qualifiante']
	},
	rsa: {
		label: 'Accompagnement RSA',
		field: 'insertion',
		words: 'RSA allocataire référent',
		phrases: ['bénéficiaires du RSA', 'allocataires du RSA', 'référents insertion', 'référent insertion', 'contrat d engagement réciproque', 'parcours d insertion']
	},
	sante: {
		label: 'Accès aux soins',
		field: 'sante',
		words: 'santé soin soigner médecin médecine médical hôpital hospitalier hospitalisation infirmier kiné kinésithérapeute dentiste ophtalmo ophtalmologue orthophoniste pédiatre maladie sanitaire CPAM mutuelle patient CPTS',
		phrases: ['désert médical', 'déserts médicaux', 'désertification médicale', 'démographie médicale', 'médecin traitant', 'médecins traitants', 'médecin généraliste', 'médecins généralistes', 'parcours de soins', 'sport santé', 'maison de santé', 'centre de santé', 'renoncement aux soins', 'complémentaire santé', 'service des urgences', 'urgences hospitalières']
	},
	sante_mentale: {
		label: 'Santé mentale',
		field: 'sante',
		words: 'psychiatrie psychiatre psychiatrique psychologue psychologique psy CMP CMPP pédopsychiatrie pédopsychiatre souffrance dépression suicide',
		phrases: ['mal-être', 'santé mentale', 'souffrance psychique', 'troubles psychiques', 'troubles du comportement', 'troubles psychiatriques']
	},
	sante_sexuelle: {
		label: 'Santé sexuelle',
		field: 'sante',
		words: 'contraception IVG CPEF',
		phrases: ['santé sexuelle', 'vie affective', 'centre de santé sexuelle', 'planning familial', 'infections sexuellement transmissibles']
	},
	addictions: {
		label: 'Addictions',
		field: 'sante',
		words: 'addiction addictologie alcool alcoolisme drogue toxicomanie CSAPA',
		phrases: ['conduites addictives']
	},
	numerique: {
		label: 'Numérique',
		field: 'acces_droits',
		words: 'numérique internet dématérialisation dématérialiser dématérialisé ordinateur informatique smartphone tablette connexion wifi illectronisme imprimante',
		phrases: ['en ligne', 'fracture numérique', 'site internet', 'outils numériques', 'conseiller numérique', 'conseillers numériques', 'inclusion numérique', 'zones blanches', 'accès au numérique']
	},
	droits: {
		label: 'Accès aux droits',
		field: 'acces_droits',
		words: 'droit dossier administratif administration paperasse formulaire prestation CAF MSA éligible',
		phrases: ['accès aux droits', 'ouverture des droits', 'démarches administratives', 'démarche administrative', 'lourdeur administrative', 'lourdeurs administratives', 'délais de traitement', 'complexité administrative', 'rupture de droits', 'ruptures de droits', 'coupures de droits', 'prime d activité']
	},
	non_recours: {
		label: 'Non-recours aux droits',
		field: 'acces_droits',
		words: '',
		phrases: ['non-recours', 'non recours', 'ne demande pas', 'ne font pas valoir leurs droits', 'méconnaissance des droits', 'méconnaissance de leurs droits']
	},
	accueil_proximite: {
		label: 'Accueil de proximité',
		field: 'acces_droits',
		words: 'permanence MSAP guichet accueil',
		phrases: ['France Services', 'France Service', 'maison France services', 'maison de services au public', 'contact physique', 'services de proximité', 'accueil de proximité']
	},
	lisibilite: {
		label: 'Lisibilité des services',
		field: 'partenariat',
		words: 'méconnaissance lisibilité lisible annuaire repérage orientation orienter',
		phrases: ['mal repérés', 'mal connus', 'connaissance des dispositifs', 'qui fait quoi']
	},
	coordination: {
		label: 'Coordination des acteurs',
		field: 'partenariat',
		words: 'coordination coordonner coordinateur partenariat partenaire partenarial réseau interconnaissance articulation articuler acteur cloisonnement décloisonnement décloisonner complémentarité concertation gouvernance',
		phrases: ['travail en réseau', 'travail partenarial', 'travailler ensemble', 'interconnaissance des acteurs', 'culture commune', 'secret partagé', 'partage d informations', 'se connaissent']
	},
	langue: {
		label: 'Barrière de la langue',
		field: 'langue',
		words: 'langue francophone FLE allophone traduction interprète interprétariat traducteur',
		phrases: ['maîtrise du français', 'barrière de la langue', 'barrière linguistique', 'parler français', 'cours de français', 'français langue étrangère']
	},
	exil: {
		label: 'Accueil des personnes exilées',
		field: 'langue',
		words: 'migrant réfugié exilé asile CADA HUDA OFII',
		phrases: ["demandeurs d'asile", "demandeur d'asile", 'titre de séjour', 'titres de séjour', 'personnes migrantes', 'primo-arrivants']
	},
	illettrisme: {
		label: 'Illettrisme',
		field: 'langue',
		words: 'illettrisme illettré analphabétisme analphabète alphabétisation',
		phrases: ['savoirs de base', 'lire et écrire', 'savoirs fondamentaux']
	},
	petite_enfance: {
		label: 'Modes de garde',
		field: 'enfance_famille',
		words: 'crèche garderie EAJE RAM',
		phrases: ["garde d'enfants", 'mode de garde', 'modes de garde', 'petite enfance', 'assistante maternelle', 'assistantes maternelles', 'assistants maternels', 'micro-crèche', 'halte-garderie', 'accueil du jeune enfant', 'relais petite enfance', 'solution de garde', 'solutions de garde', 'faute de garde']
	},
	pmi: {
		label: 'PMI et périnatalité',
		field: 'enfance_famille',
		words: 'PMI puéricultrice puériculture périnatalité périnatal grossesse prénatal postnatal maternité accouchement nourrisson vaccination',
		phrases: ['protection maternelle et infantile', 'suivi de grossesse', 'consultations de PMI', 'bilans de santé', 'bilan de santé', 'visites à domicile', 'sage-femme', 'sages-femmes']
	},
	parentalite: {
		label: 'Soutien à la parentalité',
		field: 'enfance_famille',
		words: 'parentalité parental éducation éducatif REAAP LAEP écran',
		phrases: ['soutien à la parentalité', 'lieu d accueil enfants-parents', 'parents-enfants', 'relation parents enfants', 'fonction parentale', 'familles monoparentales', 'famille monoparentale', 'monoparentalité']
	},
	protection_enfance: {
		label: "Protection de l'enfance",
		field: 'enfance_famille',
		words: 'ASE placement AEMO AED MECS',
		phrases: ["aide sociale à l'enfance", "protection de l'enfance", 'information préoccupante', 'informations préoccupantes', "famille d'accueil", "familles d'accueil", 'enfance en danger', 'enfants placés', 'mineurs non accompagnés', 'prévention spécialisée', "sorties de l'aide sociale à l'enfance"]
	},
	scolarite: {
		label: 'Scolarité',
		field: 'enfance_famille',
		words: 'école scolaire scolarité scolarisation collège lycée décrochage absentéisme enseignant périscolaire cantine AESH ULIS',
		phrases: ['décrochage scolaire', 'réussite éducative', 'éducation nationale']
	},
	precarite: {
		label: 'Précarité',
		field: 'precarite',
		words: 'précarité précaire précarisation pauvreté pauvre ressource revenu',
		phrases: ['aides financières', 'aide financière', 'sans ressources', 'sans ressource', 'ressources financières', 'faibles ressources', 'minima sociaux', 'reste à vivre', 'fins de mois', 'travailleurs pauvres']
	},
	endettement: {
		label: 'Surendettement et budget',
		field: 'precarite',
		words: 'endettement surendettement dette budget budgétaire',
		phrases: ['gestion du budget', 'point conseil budget']
	},
	alimentation: {
		label: 'Aide alimentaire',
		field: 'precarite',
		words: 'alimentaire alimentation restos',
		phrases: ['aide alimentaire', 'colis alimentaires', 'banque alimentaire', 'épicerie sociale', 'épicerie solidaire', 'restos du cœur']
	},
	isolement: {
		label: 'Isolement',
		field: 'lien_social',
		words: 'isolement isolé solitude',
		phrases: ['lien social', 'liens sociaux', 'repli sur soi', 'vivent seules', 'vivent seuls']
	},
	vie_associative: {
		label: 'Vie associative',
		field: 'lien_social',
		words: 'association associatif bénévole bénévolat animation loisirs culture sport',
		phrases: ['centre social', 'centres sociaux', 'espace de vie sociale', 'tissu associatif', 'vie associative', 'dynamique associative']
	},
	personnes_agees: {
		label: 'Personnes âgées',
		field: 'autonomie',
		words: 'vieillissement vieillissant vieillesse senior aîné APA',
		phrases: ['personnes âgées', 'personne âgée', 'public âgé', 'retraités isolés', "perte d'autonomie", 'plus de 60 ans', 'plus de 65 ans', 'plus de 75 ans', 'grand âge'],
		public: 'des personnes âgées'
	},
	maintien_domicile: {
		label: 'Maintien à domicile',
		field: 'autonomie',
		words: 'SAAD SSIAD intervenant',
		phrases: ['maintien à domicile', 'aide à domicile', 'aides à domicile', 'aide à la personne', 'services à domicile', 'services d aide à domicile', 'portage de repas', 'adaptation du logement', 'téléassistance']
	},
	aidants: {
		label: 'Soutien aux aidants',
		field: 'autonomie',
		words: 'aidant répit',
		phrases: ['proches aidants', 'proche aidant', 'aide aux aidants', 'accueil de jour', 'hébergement temporaire', 'solutions de répit', 'plateforme de répit', 'épuisement des aidants']
	},
	etablissements: {
		label: 'Places en établissement',
		field: 'autonomie',
		words: 'EHPAD établissement USLD',
		phrases: ['résidence autonomie', 'foyer de vie', "listes d'attente", "liste d'attente", 'reste à charge']
	},
	handicap: {
		label: 'Handicap',
		field: 'autonomie',
		words: 'handicap handicapé MDPH AAH PCH IME ESAT SESSAD ITEP RQTH inclusion autisme polyhandicap',
		phrases: ['en situation de handicap', 'personnes handicapées', 'troubles du neurodéveloppement'],
		public: 'des personnes handicapées'
	},
	jeunes: {
		label: 'Jeunes',
		field: 'jeunesse',
		words: 'jeune jeunesse adolescent ado CEJ PIJ PAEJ étudiant',
		phrases: ['moins de 25 ans', '16-25 ans', '18-25 ans', 'mission locale', 'maison des adolescents', 'garantie jeunes', "contrat d'engagement jeune", 'jeunes adultes', 'service civique', 'foyer de jeunes travailleurs', 'FJT'],
		public: 'des jeunes'
	},
	violences: {
		label: 'Violences intrafamiliales',
		field: 'violences',
		words: 'violence VIF maltraitance victime conjugal emprise féminicide harcèlement',
		phrases: ['violences conjugales', 'violences intrafamiliales', 'violences faites aux femmes', 'femmes victimes', 'au sein du couple']
	},
	prevention: {
		label: 'Prévention',
		field: 'partenariat',
		words: 'prévention prévenir précoce',
		phrases: ['repérage précoce', 'aller vers', 'aller-vers']
	}
};
