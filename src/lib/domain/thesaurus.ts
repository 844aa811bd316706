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
// Broad topics have facets (`parent`): "transports" and "permis_vehicule" detail "mobilite", as a
// mobility table splits its notes; a note that names a facet names its parent too. The facets follow
// the sub-headings diagnostics usually use, never the notes of one diagnostic.
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
	/**
	 * The broader concept this one details (a facet: "transports" and "permis_vehicule" of
	 * "mobilite"). A note that names the facet names its parent too, so that "bus trop rares" and
	 * "se déplacer" still share #mobilite, while a mobility table can tell buses from driving licences.
	 */
	parent?: string;
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
	// --- Mobilité: the generic words, then the two sides a mobility table splits into.
	mobilite: {
		label: 'Mobilité',
		field: 'mobilite',
		words: 'mobilité déplacement déplacer trajet locomotion kilomètre enclavement enclavé',
		phrases: ['se déplacer', 'se rendre', 'moyen de locomotion', 'moyens de déplacement', 'plateforme mobilité', 'aide à la mobilité', 'freins à la mobilité', 'mobilité solidaire', 'mobilité durable']
	},
	transports: {
		label: 'Transports en commun',
		field: 'mobilite',
		parent: 'mobilite',
		words: 'transport bus autobus autocar navette train TER gare tramway métro desserte desservi desservir covoiturage vélo',
		phrases: ['transports en commun', 'transports collectifs', 'transport collectif', 'transport à la demande', 'transport solidaire', 'transports solidaires', 'réseau de transport', 'ligne de bus', 'lignes de bus', 'ligne de car', 'lignes de car', 'lignes de cars', 'car scolaire', 'cars scolaires', 'transport scolaire', 'chauffeurs bénévoles', 'location de vélos', 'vélos électriques']
	},
	permis_vehicule: {
		label: 'Permis et véhicule',
		field: 'mobilite',
		parent: 'mobilite',
		words: 'permis voiture véhicule automobile conduite conduire carburant essence gasoil scooter cyclomoteur mobylette garage',
		phrases: ['permis de conduire', 'auto-école', 'auto-écoles', 'garage solidaire', 'code de la route', 'deux-roues', 'location de véhicules', 'location de voitures', 'prêt de véhicules', 'prêt de scooters', 'examen du code', 'prix du carburant', 'auto-partage']
	},
	// --- Logement
	logement: {
		label: 'Logement',
		field: 'logement',
		words: 'logement loger habitat résidentiel relogement reloger appartement locataire propriétaire',
		phrases: ['parcours résidentiel', 'mal-logement', 'logement adapté', 'logements adaptés', 'logement temporaire', 'logements temporaires', 'logement passerelle', 'logements passerelles', 'accès au logement', 'accompagnement vers et dans le logement', 'intermédiation locative', 'logement d abord']
	},
	logement_social: {
		label: 'Logement social',
		field: 'logement',
		parent: 'logement',
		words: 'HLM OPH bailleur attribution DALO',
		phrases: ['logement social', 'logements sociaux', 'parc social', 'parc locatif social', 'demande de logement', 'demandes de logement', 'demandeurs de logement', 'commission d attribution', 'contingent préfectoral', 'logements vacants', 'parc privé', 'parc locatif privé', 'petits logements', 'grands logements', 'loyers élevés', 'loyer', 'loyers', 'sans garant', 'caution']
	},
	hebergement: {
		label: "Hébergement d'urgence",
		field: 'logement',
		words: 'hébergement héberger CHRS SIAO SDF hôtel nuitée',
		phrases: ["hébergement d'urgence", 'sans domicile', 'sans domicile fixe', 'sans abri', 'sans-abri', 'mise à l abri', 'mises à l abri', 'mettre à l abri', 'à la rue', 'centre d hébergement', 'nuitées hôtelières', 'hôtel social', 'chez des tiers', 'le 115', 'hébergés chez des tiers', 'places d urgence', 'accueil de nuit', 'maison relais', 'pension de famille', 'résidence sociale', 'résidences sociales']
	},
	expulsion: {
		label: 'Expulsions locatives',
		field: 'logement',
		words: 'expulsion expulser impayé FSL CCAPEX',
		phrases: ['expulsions locatives', 'impayés de loyer', 'impayés locatifs', 'dettes locatives', 'dette locative', 'maintien dans le logement', 'prévention des expulsions', 'commandement de quitter les lieux', 'commandements de quitter les lieux', 'concours de la force publique', 'procédure d expulsion', 'procédures d expulsion', 'plan d apurement']
	},
	insalubrite: {
		label: 'Logement indigne',
		field: 'logement',
		words: 'insalubre insalubrité indigne indécent indécence vétuste vétusté humidité moisissure délabré dégradé marchand',
		phrases: ['logement indigne', 'logements indignes', 'habitat indigne', 'logement indécent', 'logements indécents', 'marchands de sommeil', 'habitat dégradé', 'logements dégradés', 'centres anciens', 'centre ancien', 'péril', 'Incurie', 'syndrome de Diogène']
	},
	precarite_energetique: {
		label: 'Précarité énergétique',
		field: 'logement',
		parent: 'logement',
		words: 'énergie énergétique énergivore chauffage chauffer électricité fioul rénovation rénover',
		phrases: ['précarité énergétique', 'isolation thermique', 'isolation des logements', 'passoires thermiques', 'passoire thermique', 'mal isolés', 'mal isolées', 'mal isolé', 'factures d énergie', 'facture d énergie', 'factures de chauffage', 'chèque énergie', 'rénovation énergétique', 'MaPrimeRénov', 'maisons mal isolées']
	},
	// --- Insertion et emploi
	emploi: {
		label: 'Emploi',
		field: 'insertion',
		words: 'emploi travail travailler employeur employabilité embauche embaucher chômage chômeur intérim salarié entreprise métier poste',
		phrases: ['France Travail', 'Pôle emploi', 'insertion professionnelle', "demandeur d'emploi", "demandeurs d'emploi", "chercheur d'emploi", "retour à l'emploi", 'marché du travail', 'trouver du travail', 'recherche de travail', "recherche d'emploi", "bassin d'emploi", "reprise d'activité", 'offres d emploi', 'offre d emploi', 'freins périphériques', 'éloignés de l emploi', 'éloignées de l emploi', 'chômage de longue durée', 'forums de recrutement', 'forum emploi', 'immersion en entreprise', 'période de mise en situation en milieu professionnel', 'PMSMP']
	},
	conditions_emploi: {
		label: "Conditions d'emploi",
		field: 'insertion',
		parent: 'emploi',
		words: 'salaire rémunération',
		phrases: ['contrats courts', 'contrat court', 'temps partiel', 'temps partiels', 'temps partiel subi', 'horaires décalés', 'horaires coupés', 'horaires fractionnés', 'travail de nuit', 'travail le week-end', 'emplois précaires', 'emploi précaire', 'faibles salaires', 'bas salaires', 'travail saisonnier', 'emplois saisonniers', 'travailleurs saisonniers', 'CDD', 'intérimaires']
	},
	recrutement: {
		label: 'Recrutement',
		field: 'insertion',
		parent: 'emploi',
		words: 'recrutement recruter pénurie attractivité attractif fidéliser fidélisation turn-over',
		phrases: ['difficultés de recrutement', 'métiers en tension', 'secteurs en tension', 'main-d œuvre', "main d'œuvre", 'postes vacants', 'postes non pourvus', 'offres non pourvues', 'non pourvues', 'manque de personnel', 'manque de professionnels', 'départs à la retraite', 'départ à la retraite', 'sans successeur', 'rotation des personnels', 'renouvellement des équipes']
	},
	iae: {
		label: "Insertion par l'activité économique",
		field: 'insertion',
		parent: 'emploi',
		words: 'IAE SIAE ACI ETTI',
		phrases: ["insertion par l'activité économique", "chantier d'insertion", "chantiers d'insertion", "ateliers et chantiers d'insertion", "entreprise d'insertion", "entreprises d'insertion", "association intermédiaire", "associations intermédiaires", "structures d'insertion", "clauses d'insertion", "clauses sociales", 'entreprises adaptées', 'entreprise adaptée', 'contrats aidés', 'contrat aidé', 'parcours emploi compétences', 'PEC']
	},
	formation: {
		label: 'Formation',
		field: 'insertion',
		words: 'formation qualification qualifiant apprentissage apprenti alternance diplôme diplômé stage stagiaire compétence VAE',
		phrases: ['formations qualifiantes', 'formation qualifiante', 'organismes de formation', 'centres de formation', 'centre de formation', 'remise à niveau', 'validation des acquis', 'compte personnel de formation', 'CPF', 'sans diplôme', 'sans qualification']
	},
	rsa: {
		label: 'Accompagnement RSA',
		field: 'insertion',
		words: 'RSA allocataire référent CER',
		phrases: ['bénéficiaires du RSA', 'allocataires du RSA', 'référents insertion', 'référent insertion', 'référent unique', 'référents uniques', 'contrat d engagement réciproque', 'contrat d engagement', 'contrats d engagement', 'parcours d insertion', 'orientation des allocataires', 'équipes pluridisciplinaires', 'sanctions RSA', 'revenu de solidarité active']
	},
	// --- Santé
	sante: {
		label: 'Accès aux soins',
		field: 'sante',
		words: 'santé soin soigner médical sanitaire maladie malade hôpital hospitalier hospitalisation hospitaliser patient',
		phrases: ['parcours de soins', 'parcours de soin', 'sport santé', 'éducation à la santé', 'promotion de la santé', 'contrat local de santé', 'CLS', 'problèmes de santé', 'état de santé', 'accès aux soins', 'accès à la santé']
	},
	offre_soins: {
		label: 'Offre de soins',
		field: 'sante',
		parent: 'sante',
		words: 'médecin médecine généraliste spécialiste infirmier infirmière kiné kinésithérapeute dentiste ophtalmo ophtalmologue orthophoniste orthoptiste pédiatre gynécologue praticien CPTS pharmacie pharmacien',
		phrases: ['désert médical', 'déserts médicaux', 'désertification médicale', 'démographie médicale', 'médecin traitant', 'médecins traitants', 'offre de soins', 'maison de santé', 'maisons de santé', 'maison de santé pluriprofessionnelle', 'centre de santé', 'centres de santé', 'professionnels de santé', 'professionnel de santé', 'service des urgences', 'urgences hospitalières', 'urgences de l hôpital', 'aux urgences', 'rendez-vous médical', 'rendez-vous médicaux', 'délais de rendez-vous', 'téléconsultation', 'télémédecine']
	},
	couverture_sante: {
		label: 'Renoncement aux soins',
		field: 'sante',
		parent: 'sante',
		words: 'mutuelle CPAM CSS CMU AME',
		phrases: ['renoncement aux soins', 'renoncent aux soins', 'renoncer aux soins', 'renoncent à des soins', 'complémentaire santé', 'complémentaire santé solidaire', 'assurance maladie', 'couverture maladie', 'couverture santé', 'refus de soins', 'dépassements d honoraires', 'reste à charge des soins', 'soins dentaires', 'frais de santé']
	},
	sante_mentale: {
		label: 'Santé mentale',
		field: 'sante',
		words: 'psychiatrie psychiatre psychiatrique psychologue psychologique psy CMP CMPP CATTP pédopsychiatrie pédopsychiatre souffrance dépression dépressif suicide suicidaire anxiété angoisse',
		phrases: ['mal-être', 'santé mentale', 'souffrance psychique', 'souffrance psychologique', 'troubles psychiques', 'trouble psychique', 'troubles du comportement', 'troubles psychiatriques', 'handicap psychique', 'centre médico-psychologique', 'centres médico-psychologiques', 'équipe mobile psychiatrie-précarité', 'équipe mobile psychiatrie précarité', 'EMPP', 'soins sans consentement', 'hospitalisation sous contrainte', 'hospitalisations sous contrainte', 'hospitalisation psychiatrique', 'soins psychiques', 'premiers secours en santé mentale', 'maison des adolescents', 'risque suicidaire', 'tentatives de suicide', 'situations de crise']
	},
	sante_sexuelle: {
		label: 'Santé sexuelle',
		field: 'sante',
		words: 'contraception IVG CPEF',
		phrases: ['santé sexuelle', 'vie affective', 'centre de santé sexuelle', 'planning familial', 'infections sexuellement transmissibles', 'éducation à la sexualité']
	},
	addictions: {
		label: 'Addictions',
		field: 'sante',
		words: 'addiction addictif addictologie alcool alcoolisme alcoolisé drogue toxicomanie stupéfiant cannabis tabac CSAPA CAARUD',
		phrases: ['conduites addictives', 'conduite addictive', 'consommation d alcool', 'consommations d alcool', 'consommation de drogues', 'usage de drogues', 'produits stupéfiants', 'jeux d argent']
	},
	// --- Accès aux droits
	numerique: {
		label: 'Numérique',
		field: 'acces_droits',
		words: 'numérique internet dématérialisation dématérialiser dématérialisé ordinateur informatique smartphone tablette connexion wifi illectronisme imprimante scanner mail courriel identifiant FranceConnect',
		phrases: ['en ligne', 'fracture numérique', 'site internet', 'sites internet', 'outils numériques', 'outil numérique', 'conseiller numérique', 'conseillers numériques', 'aidant numérique', 'aidants numériques', 'inclusion numérique', 'zones blanches', 'zone blanche', 'accès au numérique', 'adresse mail', 'adresse électronique', 'mot de passe', 'mots de passe', 'espace personnel', 'démarches en ligne', 'téléprocédures', 'équipement informatique', 'usages numériques', 'Aidants Connect', 'compétences numériques', 'réseau mobile', 'fibre optique']
	},
	droits: {
		label: 'Accès aux droits',
		field: 'acces_droits',
		words: 'droit dossier administratif administration paperasse formulaire prestation CAF MSA éligible éligibilité allocation',
		phrases: ['accès aux droits', 'ouverture des droits', 'ouverture de droits', 'démarches administratives', 'démarche administrative', 'lourdeur administrative', 'lourdeurs administratives', 'délais de traitement', 'complexité administrative', 'complexité des démarches', 'rupture de droits', 'ruptures de droits', 'coupures de droits', 'suspension des prestations', 'suspensions de prestations', 'suspension de droits', 'indus', 'indu', 'trop-perçus', 'trop-perçu', 'prime d activité', 'minimum vieillesse', 'ASPA', 'changement de situation', 'changements de situation', 'pièces justificatives', 'fermeture des guichets', 'prétendre à des aides', 'aides auxquelles ils ont droit']
	},
	non_recours: {
		label: 'Non-recours aux droits',
		field: 'acces_droits',
		words: '',
		phrases: ['non-recours', 'non recours', 'ne demande pas', 'ne demandent pas', 'ne font pas valoir leurs droits', 'méconnaissance des droits', 'méconnaissance de leurs droits', 'ignorent leurs droits', 'renoncent à leurs droits', 'honte de demander', 'peur d être stigmatisé', 'peur de la stigmatisation', 'récupération sur succession']
	},
	accueil_proximite: {
		label: 'Accueil de proximité',
		field: 'acces_droits',
		words: 'permanence MSAP guichet accueil',
		phrases: ['France Services', 'France Service', 'espace France services', 'maison France services', 'maison de services au public', 'contact physique', 'services de proximité', 'accueil de proximité', 'accueil sans rendez-vous', 'sans rendez-vous', 'accueil physique', 'accueil inconditionnel', 'premier accueil']
	},
	justice: {
		label: 'Justice et procédures',
		field: 'acces_droits',
		words: 'justice judiciaire juge tribunal plainte procès procédure avocat juridique jurisprudence gendarmerie gendarme police policier',
		phrases: ['dépôt de plainte', 'porter plainte', 'aide juridictionnelle', 'accès au droit', 'point justice', 'points justice', 'ordonnance de protection', 'téléphone grave danger', 'bracelet anti-rapprochement', 'conseil départemental de l accès au droit', 'permanence juridique', 'permanences juridiques']
	},
	lisibilite: {
		label: 'Lisibilité des services',
		field: 'partenariat',
		words: 'méconnaissance lisibilité lisible illisible annuaire repérage orientation orienter réorienter guide',
		phrases: ['mal repérés', 'mal connus', 'mal identifiés', 'peu lisible', 'peu lisibles', 'connaissance des dispositifs', 'qui fait quoi', 'millefeuille', 'vers qui se tourner', 'vers qui orienter', 'à qui s adresser', 'où s adresser']
	},
	coordination: {
		label: 'Coordination des acteurs',
		field: 'partenariat',
		words: 'coordination coordonner coordinateur partenariat partenaire partenarial réseau articulation articuler acteur cloisonnement cloisonné décloisonnement décloisonner complémentarité concertation gouvernance pilotage piloter',
		phrases: ['travail en réseau', 'travail partenarial', 'travailler ensemble', 'culture commune', 'réunions de concertation', 'instance de coordination', 'instances de coordination', 'situations complexes', 'coordination de parcours', 'passage de relais', 'passages de relais', 'en silo', 'fonctionnement en silo', 'approche globale', 'référent de parcours']
	},
	interconnaissance: {
		label: 'Interconnaissance des acteurs',
		field: 'partenariat',
		parent: 'coordination',
		words: 'interconnaissance interlocuteur',
		phrases: ['interconnaissance des acteurs', 'se connaissent', 'se connaissent pas', 'se connaissent mal', 'connaissance mutuelle', 'connaissance des partenaires', 'connaissance des acteurs', 'missions des autres', 'rencontres entre professionnels', 'temps d échange', 'temps d échanges', 'journées d échanges', 'nouveaux professionnels', 'perdre les contacts']
	},
	partage_information: {
		label: "Partage d'informations",
		field: 'partenariat',
		parent: 'coordination',
		words: 'logiciel confidentialité',
		phrases: ['secret partagé', 'secret professionnel', 'partage d informations', 'partage d information', 'partage de l information', 'échange d informations', 'échanger des informations', 'échanges d informations', 'circulation de l information', 'transmission d informations', 'transmissions d informations', 'système d information', 'dossier partagé', 'dossier unique', 'outil commun', 'outils communs', 'raconter plusieurs fois leur histoire', 'répéter leur histoire', 'RGPD']
	},
	financement: {
		label: 'Financements',
		field: 'partenariat',
		words: 'financement financer financeur subvention cofinancement pérennité pérenniser pérenne',
		phrases: ['appels à projets', 'appel à projets', 'financements annuels', 'financements pérennes', 'moyens financiers', 'dotation', 'dotations', 'logique de projet', 'fin des financements']
	},
	// --- Langue
	langue: {
		label: 'Barrière de la langue',
		field: 'langue',
		words: 'langue francophone non-francophone FLE allophone traduction traduire interprète interprétariat traducteur',
		phrases: ['maîtrise du français', 'maîtrisent pas le français', 'barrière de la langue', 'barrière linguistique', 'barrières linguistiques', 'parler français', 'parlent pas français', 'cours de français', 'ateliers sociolinguistiques', 'atelier sociolinguistique', 'ASL', 'français langue étrangère', 'apprentissage du français']
	},
	exil: {
		label: 'Accueil des personnes exilées',
		field: 'langue',
		words: 'migrant réfugié exilé asile CADA HUDA OFII OFPRA CPH régularisation préfecture',
		phrases: ["demandeurs d'asile", "demandeur d'asile", 'titre de séjour', 'titres de séjour', 'personnes migrantes', 'primo-arrivants', 'primo-arrivant', 'sans papiers', 'sans-papiers', 'protection internationale', 'contrat d intégration républicaine', 'déboutés']
	},
	illettrisme: {
		label: 'Illettrisme',
		field: 'langue',
		words: 'illettrisme illettré analphabétisme analphabète alphabétisation',
		phrases: ['savoirs de base', 'lire et écrire', 'savoirs fondamentaux', 'compétences de base', 'difficultés de lecture', 'savent pas lire', 'lecture et écriture']
	},
	// --- Enfance et famille
	petite_enfance: {
		label: 'Modes de garde',
		field: 'enfance_famille',
		words: 'crèche garderie EAJE RAM RPE',
		phrases: ["garde d'enfants", 'garde des enfants', 'mode de garde', 'modes de garde', 'petite enfance', 'assistante maternelle', 'assistantes maternelles', 'assistants maternels', 'micro-crèche', 'micro-crèches', 'halte-garderie', 'haltes-garderies', 'multi-accueil', 'accueil du jeune enfant', 'jeunes enfants', 'tout-petits', 'relais petite enfance', 'relais assistantes maternelles', 'solution de garde', 'solutions de garde', 'faute de garde', 'places d accueil', 'accueil collectif', 'accueil individuel', 'crèches à vocation d insertion professionnelle', 'AVIP']
	},
	pmi: {
		label: 'PMI et périnatalité',
		field: 'enfance_famille',
		words: 'PMI puéricultrice puériculture périnatalité périnatal grossesse prénatal postnatal maternité accouchement nourrisson vaccination naissance nouveau-né allaitement dépistage',
		phrases: ['protection maternelle et infantile', 'suivi de grossesse', 'consultations de PMI', 'consultation de PMI', 'consultations infantiles', 'bilans de santé', 'bilan de santé', 'bilans en école maternelle', 'visites à domicile', 'visite à domicile', 'sage-femme', 'sages-femmes', 'jeunes mamans', 'jeunes mères', 'futures mères', 'futurs parents', '1000 premiers jours', 'mille premiers jours', 'dépression post-partum', 'post-partum', 'entretien prénatal précoce']
	},
	parentalite: {
		label: 'Soutien à la parentalité',
		field: 'enfance_famille',
		words: 'parentalité parental éducation éducatif REAAP LAEP écran',
		phrases: ['soutien à la parentalité', 'lieu d accueil enfants-parents', 'lieux d accueil enfants-parents', 'parents-enfants', 'relation parents enfants', 'relations parents-enfants', 'lien parent-enfant', 'fonction parentale', 'familles monoparentales', 'famille monoparentale', 'monoparentalité', 'parents isolés', 'parent isolé', 'parents seuls', 'mères seules', 'mère seule', 'pères seuls', 'parents démunis', 'parents dépassés', 'autorité parentale', 'difficultés éducatives', 'conflits familiaux', 'médiation familiale', 'groupes de parents', 'café des parents', 'cafés des parents', 'exposition aux écrans']
	},
	protection_enfance: {
		label: "Protection de l'enfance",
		field: 'enfance_famille',
		words: 'ASE placement placer AEMO AED MECS CRIP maltraitance',
		phrases: ["aide sociale à l'enfance", "protection de l'enfance", 'information préoccupante', 'informations préoccupantes', "famille d'accueil", "familles d'accueil", 'assistants familiaux', 'assistant familial', 'assistantes familiales', 'enfance en danger', 'enfants en danger', 'enfant en danger', 'enfants placés', 'enfants confiés', 'enfant confié', 'mineurs non accompagnés', 'MNA', 'mesures éducatives', 'mesure éducative', 'mesures de placement', 'juge des enfants', 'foyer de l enfance', 'foyers de l enfance', 'contrats jeunes majeurs', 'contrat jeune majeur', 'jeunes majeurs', "sorties de l'aide sociale à l'enfance", "sortant de l'ASE", "sortants de l'ASE", 'sorties de l ASE']
	},
	prevention_specialisee: {
		label: 'Prévention spécialisée',
		field: 'enfance_famille',
		parent: 'protection_enfance',
		words: '',
		phrases: ['prévention spécialisée', 'éducateurs de rue', 'éducateur de rue', 'éducateurs de prévention', 'chantiers éducatifs', 'travail de rue']
	},
	scolarite: {
		label: 'Scolarité',
		field: 'enfance_famille',
		words: 'école scolaire scolarité scolarisation scolariser collège collégien lycée lycéen enseignant enseignement périscolaire cantine AESH ULIS classe',
		phrases: ['réussite éducative', 'éducation nationale', 'école maternelle', 'écoles maternelles', 'infirmières scolaires', 'infirmière scolaire', 'médecine scolaire', 'restauration scolaire', 'accompagnement scolaire', 'aide aux devoirs', 'soutien scolaire', 'fournitures scolaires', 'orientation scolaire']
	},
	// --- Jeunesse
	jeunes: {
		label: 'Jeunes',
		field: 'jeunesse',
		words: 'jeune jeunesse adolescent adolescence ado CEJ PIJ PAEJ étudiant majeur mineur',
		phrases: ['moins de 25 ans', '16-25 ans', '18-25 ans', '16 à 25 ans', '18 à 25 ans', 'mission locale', 'missions locales', 'garantie jeunes', "contrat d'engagement jeune", 'jeunes adultes', 'foyer de jeunes travailleurs', 'foyers de jeunes travailleurs', 'FJT', 'point accueil écoute jeunes', 'point information jeunesse'],
		public: 'des jeunes'
	},
	decrochage: {
		label: 'Jeunes en rupture',
		field: 'jeunesse',
		parent: 'jeunes',
		words: 'décrochage décrocheur déscolarisation déscolarisé absentéisme NEET invisibles',
		phrases: ['décrochage scolaire', 'décrocheurs scolaires', 'sortis du système scolaire', 'sortie du système scolaire', 'sans solution', 'jeunes en rupture', 'en rupture', 'ruptures de parcours', 'rupture de parcours', 'obligation de formation', 'jeunes invisibles', 'ni en emploi ni en formation', 'jeunes sans activité', 'errance', 'en errance']
	},
	service_civique: {
		label: 'Engagement des jeunes',
		field: 'jeunesse',
		parent: 'jeunes',
		words: 'SNU',
		phrases: ['service civique', 'services civiques', 'service national universel', 'conseil municipal des jeunes', 'conseils municipaux de jeunes', 'engagement des jeunes', 'junior association', 'juniors associations']
	},
	// --- Précarité
	precarite: {
		label: 'Précarité',
		field: 'precarite',
		words: 'précarité précaire précarisation pauvreté pauvre ressource revenu modeste démuni',
		phrases: ['aides financières', 'aide financière', 'sans ressources', 'sans ressource', 'ressources financières', 'faibles ressources', 'faibles revenus', 'bas revenus', 'minima sociaux', 'reste à vivre', 'fins de mois', 'fin de mois', 'travailleurs pauvres', 'seuil de pauvreté', 'taux de pauvreté', 'ménages modestes', 'familles modestes', 'pouvoir d achat', 'coût de la vie', 'hausse des prix', 'inflation']
	},
	endettement: {
		label: 'Surendettement et budget',
		field: 'precarite',
		words: 'endettement surendettement surendetté dette budget budgétaire créancier crédit',
		phrases: ['gestion du budget', 'gestion budgétaire', 'point conseil budget', 'points conseil budget', 'dossier de surendettement', 'dossiers de surendettement', 'commission de surendettement', 'crédits à la consommation', 'microcrédit', 'micro-crédit', 'éducation budgétaire', 'conseils budgétaires', 'accompagnement budgétaire', 'mesures de protection', 'tutelle', 'curatelle', 'MASP']
	},
	alimentation: {
		label: 'Aide alimentaire',
		field: 'precarite',
		words: 'alimentaire alimentation restos nourriture repas',
		phrases: ['aide alimentaire', 'colis alimentaires', 'colis alimentaire', 'banque alimentaire', 'épicerie sociale', 'épiceries sociales', 'épicerie solidaire', 'épiceries solidaires', 'restos du cœur', 'Secours populaire', 'Secours catholique', 'distribution alimentaire', 'distributions alimentaires', 'chèques alimentaires', 'bons alimentaires', 'précarité alimentaire', 'ateliers cuisine', 'atelier cuisine', 'jardins partagés', 'jardin partagé']
	},
	// --- Lien social
	isolement: {
		label: 'Isolement',
		field: 'lien_social',
		words: 'isolement isolé solitude reclus',
		phrases: ['lien social', 'liens sociaux', 'repli sur soi', 'vivent seules', 'vivent seuls', 'vit seule', 'vit seul', 'personnes seules', 'personne seule', 'personnes isolées', 'rompre l isolement', 'sortir de chez eux', 'sortir de chez elles', 'sortir de chez soi', 'visiteurs à domicile', 'visiteurs bénévoles', 'visites de convivialité', 'veille sociale', 'plan canicule', 'registre canicule', 'Monalisa', 'ne voient personne']
	},
	vie_associative: {
		label: 'Vie associative',
		field: 'lien_social',
		words: 'association associatif animation loisirs culture culturel sport sportif club',
		phrases: ['centre social', 'centres sociaux', 'espace de vie sociale', 'espaces de vie sociale', 'tissu associatif', 'vie associative', 'dynamique associative', 'responsables associatifs', 'activités sportives', 'activités culturelles', 'activités de loisirs', 'accueils de loisirs', 'accueil de loisirs', 'centres de loisirs', 'centre de loisirs', 'cafés associatifs', 'café associatif', 'tiers-lieu', 'tiers-lieux', 'lieux de rencontre', 'lieu de rencontre', 'se retrouver']
	},
	benevolat: {
		label: 'Bénévolat',
		field: 'lien_social',
		parent: 'vie_associative',
		words: 'bénévole bénévolat',
		phrases: ['engagement bénévole', 'essoufflement du bénévolat', 'renouvellement des bénévoles', 'manque de bénévoles']
	},
	participation: {
		label: 'Participation des habitants',
		field: 'lien_social',
		words: 'participation participatif citoyen citoyenneté',
		phrases: ['participation des habitants', 'participation des personnes', 'pouvoir d agir', 'conseil citoyen', 'conseils citoyens', 'démocratie participative', 'personnes accompagnées', 'personnes concernées', 'paroles d habitants', 'parole des habitants', 'expertise d usage', 'pair-aidance', 'pairs aidants', 'comités d usagers', 'conseil de la vie sociale']
	},
	// --- Autonomie
	personnes_agees: {
		label: 'Personnes âgées',
		field: 'autonomie',
		words: 'vieillissement vieillissant vieillesse senior aîné APA CLIC gérontologie gérontologique',
		phrases: ['personnes âgées', 'personne âgée', 'public âgé', 'retraités isolés', "perte d'autonomie", 'plus de 60 ans', 'plus de 65 ans', 'plus de 75 ans', 'plus de 80 ans', 'grand âge', 'maladie d Alzheimer', 'troubles cognitifs', 'plan d aide', 'plans d aide', 'groupe iso-ressources', 'GIR', 'personnes dépendantes'],
		public: 'des personnes âgées'
	},
	maintien_domicile: {
		label: 'Maintien à domicile',
		field: 'autonomie',
		words: 'SAAD SSIAD SPASAD intervenant intervenante téléassistance',
		phrases: ['maintien à domicile', 'aide à domicile', 'aides à domicile', 'aide à la personne', 'aides à la personne', 'services à la personne', 'services à domicile', 'services d aide à domicile', 'service d aide à domicile', 'soins infirmiers à domicile', 'portage de repas', 'adaptation du logement', 'adaptation des logements', 'aménagement du logement', 'heures d aide', 'aide ménagère', 'auxiliaires de vie', 'auxiliaire de vie', 'garde de nuit', 'vivre chez soi', 'rester chez eux', 'rester à domicile']
	},
	aidants: {
		label: 'Soutien aux aidants',
		field: 'autonomie',
		words: 'aidant répit',
		phrases: ['proches aidants', 'proche aidant', 'aide aux aidants', 'accueil de jour', 'hébergement temporaire', 'solutions de répit', 'solution de répit', 'plateforme de répit', 'épuisement des aidants', 'baluchonnage', 'relayage', 'halte répit', 'groupes de parole', 'groupe de parole', 'pair-aidance des aidants']
	},
	etablissements: {
		label: 'Places en établissement',
		field: 'autonomie',
		words: 'EHPAD établissement USLD MAS FAM',
		phrases: ['résidence autonomie', 'résidences autonomie', 'foyer de vie', 'foyers de vie', 'foyer d hébergement', 'foyers d hébergement', 'maison de retraite', 'maisons de retraite', "listes d'attente", "liste d'attente", 'reste à charge', 'places en établissement', 'entrée en établissement', 'entrées en établissement', 'habitat inclusif', 'accueil familial', 'amendement Creton']
	},
	handicap: {
		label: 'Handicap',
		field: 'autonomie',
		words: 'handicap handicapé MDPH AAH PCH AEEH IME ESAT SESSAD ITEP RQTH SAVS SAMSAH inclusion autisme autiste polyhandicap',
		phrases: ['en situation de handicap', 'personnes handicapées', 'travailleurs handicapés', 'travailleur handicapé', 'troubles du neurodéveloppement', 'troubles du spectre autistique', 'compensation du handicap', 'reconnaissance de handicap', 'orientation MDPH', 'orientations MDPH', 'handicap psychique chez l enfant'],
		public: 'des personnes handicapées'
	},
	// --- Violences
	violences: {
		label: 'Violences intrafamiliales',
		field: 'violences',
		words: 'violence VIF victime conjugal emprise féminicide agresseur',
		phrases: ['violences conjugales', 'violences intrafamiliales', 'violences faites aux femmes', 'femmes victimes', 'au sein du couple', 'violences sexuelles', 'violences psychologiques', 'violences économiques', 'violent', 'violents', 'domicile conjugal', 'enfants témoins', 'enfants exposés', 'auteurs de violences', 'aide aux victimes', 'CIDFF', 'France Victimes']
	},
	harcelement: {
		label: 'Harcèlement',
		field: 'jeunesse',
		words: 'harcèlement harceler cyberharcèlement',
		phrases: ['réseaux sociaux', 'harcèlement scolaire']
	},
	prevention: {
		label: 'Prévention',
		field: 'partenariat',
		words: 'prévention prévenir précoce anticiper anticipation',
		phrases: ['repérage précoce', 'aller vers', 'aller-vers', 'démarche d aller vers', 'actions de prévention', 'repérés tardivement', 'repérées tardivement', 'repérés trop tard', 'repérées trop tard', 'en amont']
	}
};
