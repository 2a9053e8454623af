//! Embedded word lists: the only hand-written content of the corpus. Everything else is built
//! from these lists by the generator, so they stay modest (a few hundred entries each). Lists of
//! single words are whitespace-separated strings; lists of phrases are arrays.

/// Common French words, most frequent first: the top Zipf ranks of the French vocabulary.
pub const FRENCH_CORE: &str = "
    de la le et les des à en un une du pour que est dans qui nous sur pas vous au avec ce il on
    par plus sont ne se aux mais ou cette son sa ses être a été tout très aussi bien comme leur
    notre nos votre vos si donc je entre après avant sans chez encore déjà même où là ont fait
    faire peut doit merci campagne réunion équipe élection données programme presse projet
    semaine demain candidat président comité dossier budget document version question réponse
    point mois jour année temps travail déplacement discours sondage débat premier tour vote
    électeurs militants bénévoles adhérents événement salle visite agenda invitation proposition
    mesure fichier relecture validation journée soirée intervention journaliste médias
    télévision radio réseaux sociaux site numérique financement dépenses factures virement
    compte trésorier juridique avocat conseil collaborateurs cabinet directeur responsable
    coordination logistique transport train billet hôtel réservation Paris Lyon Marseille Lille
    Bordeaux Toulouse Nantes Strasbourg Rennes Nice région département territoire sécurité
    économie société entreprise entreprises réforme école santé emploi jeunes européen Europe
    France français république politique ministre député délégué secrétaire général national
    local public nouvelle nouveau grand grande prochain prochaine dernier important urgent
    rapide possible nécessaire problème système voilà reçu façon commerçants fenêtre tête
    intérêt enquête prêt côté contrôle hôpital plutôt bientôt sûr coût août dépôt pôle rôle
    diplôme île dîner maître connaître élus maire mairie conseillers législatives
    circonscription investiture candidature procuration bureau scrutin résultats chiffres
    tableau synthèse note rapport analyse stratégie message lettre courrier envoi pièce jointe
    retour suite échange appel téléphone numéro adresse contact liste partenaires association
    syndicat agriculteurs retraités étudiants enseignants médecins policiers citoyens pays monde
    ville quartier rue lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars
    avril mai juin juillet septembre octobre novembre décembre matin midi soir heure heures
    minutes rapidement ensemble toujours jamais souvent maintenant hier ici vraiment simplement
    notamment également évidemment préparer organiser envoyer recevoir valider confirmer prévoir
    répondre présenter expliquer décider proposer rencontrer accueillir réussir gagner défendre
    écrire lire voir savoir pouvoir vouloir devoir aller venir prendre mettre donner trouver
    penser parler demander attendre passer rester suivre créer ouvrir fermer changer améliorer
    développer renforcer soutenir mobiliser informer communiquer réfléchir élaborer coordonner
    vérifier corriger
";

/// Common English words, most frequent first: the top Zipf ranks of the English vocabulary.
pub const ENGLISH_CORE: &str = "
    the of and to a in is that for it on with as we be this you are at by have from or will not
    our they can all an has was but their more about which would if there been also new one time
    just so what when up out some could other into than then them these only its over after
    should before still very here well now thanks please meeting campaign team press report
    schedule interview election candidate policy economy French minister president debate poll
    results voters volunteers donors funding event venue travel flight hotel booking draft
    review statement speech media journalist story television website digital social security
    data analysis strategy regards attached file answer call tomorrow today yesterday week month
    year morning afternoon evening Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    London Berlin Brussels Washington office manager staff people country government parliament
    party support plan issue update information details numbers figures contract invoice payment
    account lawyer legal advice logistics ticket international next last first quick good great
    best sure right need know think want make take send share check confirm discuss prepare
    organise finalise follow attend join meet talk write read see let get give find keep help
    ask work change improve develop build jobs health education growth investment trade energy
    climate research innovation startup business companies market tax pension youth students
    teachers doctors police citizens world city street rally crowd audience remarks quote
    headline coverage broadcast channel podcast feedback comments edits slides deck notes
    summary overview memo brief timeline deadline priority approval
";

/// Syllable parts of French-looking synthetic words: onsets, vowels (some accented), codas.
pub const FRENCH_SYLLABLES: [&[&str]; 3] = [
    &[
        "b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "gr", "pr",
        "tr", "br", "cl", "pl", "fr",
    ],
    &[
        "a", "e", "i", "o", "u", "a", "e", "i", "o", "é", "é", "è", "ê", "ou", "ai", "eau", "on",
        "an", "in", "eu", "oi",
    ],
    &["", "", "", "", "", "r", "s", "l", "n", "t"],
];

/// Endings that make a synthetic French word look like a noun or an adverb.
pub const FRENCH_SUFFIXES: &[&str] = &[
    "", "", "", "", "", "", "", "", "", "", "", "tion", "ment", "age", "ique", "eur", "ette",
    "oire", "ée", "ère", "ance", "ité",
];

/// Syllable parts of English-looking synthetic words: onsets, vowels, codas.
pub const ENGLISH_SYLLABLES: [&[&str]; 3] = [
    &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "st", "th",
        "sh", "br", "cr", "gr", "pl", "sl", "tr",
    ],
    &["a", "e", "i", "o", "u", "ea", "oo", "ai", "ou", "y"],
    &[
        "", "", "", "", "", "n", "r", "s", "t", "ck", "ng", "ll", "nd", "st",
    ],
];

/// Endings that make a synthetic English word look like a verb, noun or adjective.
pub const ENGLISH_SUFFIXES: &[&str] = &[
    "", "", "", "", "", "", "", "", "", "ing", "er", "ly", "ness", "ment", "able", "ed", "ful",
    "ity",
];

/// French first names (the sender population is mostly French).
pub const FRENCH_FIRST_NAMES: &str = "
    Camille Hélène Jérôme Frédéric Stéphane Céline Aurélie Benoît Élodie Gaël Anaïs Noémie
    Valérie Cécile Thérèse Joël Raphaël Zoé Clément Mélanie Sébastien François Julien Nicolas
    Thomas Antoine Pierre Marie Sophie Julie Claire Laure Emmanuel Ismaël Alexis Benjamin
    Sylvain Mathilde Pauline Manon Lucie Inès Chloé Léa Agnès Françoise Jean-Marc Jean-Pierre
    Marie-Claire Olivier Vincent Guillaume Arnaud Florent Adrien Quentin Maxime Romain Cédric
    Grégoire Damien Ludovic Isabelle Nathalie Sandrine Virginie Delphine Karine Sabrina Nadia
    Yasmine Karim Mehdi Sarah
";

/// French family names.
pub const FRENCH_LAST_NAMES: &str = "
    Moreau Lefèvre Fabre Girard Bérenger Lemaître Mercier Dupré Rivière Chevalier Barthélemy
    Bénard Fournier Gauthier Rousseau Lambert Bonnet François Martinez Legrand Garnier Faure
    André Gérard Mathieu Clément Hébert Prévost Ménard Lefebvre Rémy Martin Bernard Dubois
    Durand Leroy Petit Laurent Simon Michel Roux Vincent Morel Blanc Guérin Boyer Renaud Caron
    Perrin Robin Lemoine Dumont Masson Marchand Duval Denis Lucas Brun Joly Aubert Baron Carré
    Collet Delorme Étienne Ferrand Giraud Huet Jacquet Lacroix Leblanc Millet Noël Olivier
    Poirier Raynaud Sénéchal Thibault Vasseur Weber Benali Haddad Nguyen Silva Ferreira Kowalski
";

/// English first names.
pub const ENGLISH_FIRST_NAMES: &str = "
    James John Robert Michael William David Richard Joseph Charles Daniel Matthew Andrew Mark
    Paul Steven Kevin Brian George Edward Ryan Mary Patricia Jennifer Linda Elizabeth Susan
    Jessica Karen Nancy Lisa Emily Emma Olivia Hannah Rachel Laura Anna Kate Helen Alice
";

/// English family names.
pub const ENGLISH_LAST_NAMES: &str = "
    Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson
    White Harris Clark Lewis Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson
    Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris
";

/// Mail domains, most active first; the first is the campaign's own domain.
pub const DOMAINS: &str = "
    en-marche.example horizon-commun.example campagne2017.example courriel.example
    webmail-fr.example messagerie.example assemblee.example senat.example mairie-lyon.example
    mairie-paris.example auvergne-rhone-alpes.example presse-quotidien.example lejournal.example
    hebdo-politique.example radio-info.example tele-actu.example agence-depeche.example
    cabinet-conseil.example avocats-associes.example banque-centrale.example
    traiteur-gourmet.example imprimerie-moderne.example sondages-opinia.example
    evenements-pro.example transports-rapides.example residence-lumiere.example
    universite-paris.example sciences-po.example think-tank.example fondation-avenir.example
    europe-ensemble.example mailbox.example inbox.example outlook-mail.example post.example
    globalnews.example dailywire.example london-times.example consulting-group.example
    strategy-partners.example techstart.example datalab.example cloudmail.example
    security-firm.example digital-agency.example social-media.example video-prod.example
    photo-studio.example design-lab.example print-shop.example travel-desk.example
    airline.example rail-france.example ministere-finances.example ministere-interieur.example
    prefecture.example syndicat.example association-jeunes.example club-entreprises.example
    chambre-commerce.example
";

/// Subject phrases of French messages.
pub const FRENCH_SUBJECTS: &[&str] = &[
    "Réunion d'équipe",
    "Point presse du jour",
    "Compte-rendu comité de campagne",
    "Déplacement à Lyon",
    "Budget communication",
    "Relecture discours",
    "Invitation meeting",
    "Revue de presse",
    "Planning de la semaine",
    "Urgent : validation",
    "Éléments de langage",
    "Note économie",
    "Programme santé",
    "Sondage Opinia",
    "Fichiers adhérents",
    "Candidature législatives",
    "Questions sécurité",
    "Dépenses mars",
    "Facture traiteur",
    "Organisation du meeting",
    "Agenda du candidat",
    "Interview radio",
    "Proposition de tribune",
    "Liste des bénévoles",
    "Réservation hôtel",
    "Billets de train",
    "Compte-rendu réunion",
    "Débat télévisé",
    "Procurations",
    "Visite usine",
    "Collecte de fonds",
    "Contrat prestataire",
    "Plan média",
    "Retour sur la soirée",
    "Projet de communiqué",
    "Réseaux sociaux",
    "Tract régional",
    "Accréditations presse",
    "Coordination comités locaux",
    "Question juridique",
];

/// Subject phrases of English messages.
pub const ENGLISH_SUBJECTS: &[&str] = &[
    "Meeting notes",
    "Press release draft",
    "Schedule for next week",
    "Interview request",
    "Budget update",
    "Travel arrangements",
    "Speech review",
    "Poll results",
    "Quick question",
    "Media coverage",
    "Event logistics",
    "Donor list",
    "Conference call",
    "Follow up",
    "Policy brief",
    "Debate preparation",
    "Volunteer training",
    "Website update",
    "Invoice",
    "Security briefing",
    "Op-ed proposal",
    "Slides for Monday",
    "Fundraising dinner",
    "Campaign strategy",
    "Briefing memo",
    "Visit to London",
    "Contract renewal",
    "Social media plan",
    "Approval needed",
    "Weekly report",
];

/// Places appended to some subjects.
pub const SUBJECT_PLACES: &[&str] = &["Lyon", "Marseille", "Lille", "Londres", "Berlin"];

/// Binary attachments, most common first: file-name stem and extension. Stems with accents are
/// sent with RFC 2231 or RFC 2047 names.
pub const ATTACHMENT_STEMS: &[(&str, &str)] = &[
    ("compte-rendu", "pdf"),
    ("budget", "xlsx"),
    ("photo", "jpg"),
    ("note-de-synthese", "docx"),
    ("programme", "pdf"),
    ("planning", "xlsx"),
    ("presentation", "pptx"),
    ("revue-de-presse", "pdf"),
    ("invitation", "pdf"),
    ("contrat", "pdf"),
    ("facture", "pdf"),
    ("discours", "docx"),
    ("présentation-équipe", "pptx"),
    ("procès-verbal", "pdf"),
    ("réunion-comité", "docx"),
    ("dépenses", "xlsx"),
    ("scan", "pdf"),
    ("IMG", "jpg"),
    ("capture", "png"),
    ("archives", "zip"),
];

/// Attachment extensions: MIME type and the magic bytes that open such a file.
pub const ATTACHMENT_TYPES: &[(&str, &str, &[u8])] = &[
    ("pdf", "application/pdf", b"%PDF-1.4\n"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
    ),
    ("jpg", "image/jpeg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"),
    ("png", "image/png", b"\x89PNG\r\n\x1A\n"),
    ("zip", "application/zip", b"PK\x03\x04"),
];

/// Expense items of CSV attachments (not vocabulary words: mairix does not search attachments,
/// so query words should not come from them).
pub const EXPENSE_ITEMS: &[&str] = &[
    "Traiteur",
    "Sonorisation",
    "Affiches",
    "Taxi",
    "Gardiennage",
    "Imprimeur",
    "Navettes",
    "Fleuriste",
    "Hébergement",
    "Scénographie",
];

/// Mail clients named in `X-Mailer` headers.
pub const MAILERS: &[&str] = &[
    "Microsoft Outlook 16.0",
    "Apple Mail (2.3273)",
    "iPhone Mail (14E304)",
    "Microsoft Office Outlook 12.0",
    "Zimbra 8.6.0_GA_1194",
    "Mozilla Thunderbird 45.8.0",
];

/// Job titles of French signatures.
pub const FRENCH_ROLES: &[&str] = &[
    "Chargée de mission",
    "Directeur de la communication",
    "Responsable presse",
    "Coordinateur régional",
    "Attachée parlementaire",
    "Trésorier adjoint",
    "Pôle Presse & Communication",
    "Responsable des événements",
    "Référent départemental",
];

/// Job titles of English signatures.
pub const ENGLISH_ROLES: &[&str] = &[
    "Press officer",
    "Campaign coordinator",
    "Head of digital",
    "Policy adviser",
    "Events & logistics",
    "Senior correspondent",
];

/// French greetings; `{}` is the first recipient's first name.
pub const FRENCH_GREETINGS: &[&str] = &[
    "Bonjour {},",
    "Bonjour à tous,",
    "Salut {},",
    "Bonsoir {},",
    "Madame, Monsieur,",
    "{},",
];

/// English greetings; `{}` is the first recipient's first name.
pub const ENGLISH_GREETINGS: &[&str] = &["Hi {},", "Dear {},", "Hello all,", "{},", "Hi team,"];

/// French sign-offs.
pub const FRENCH_CLOSINGS: &[&str] = &[
    "Cordialement,",
    "Bien à vous,",
    "Bonne journée,",
    "Merci d'avance,",
    "À très vite,",
    "Amitiés,",
];

/// English sign-offs.
pub const ENGLISH_CLOSINGS: &[&str] = &[
    "Best,",
    "Best regards,",
    "Thanks,",
    "Cheers,",
    "Kind regards,",
];

/// French paragraph openers.
pub const FRENCH_OPENERS: &[&str] = &[
    "Par ailleurs,",
    "Comme convenu,",
    "Suite à notre échange,",
    "Pour information,",
    "En effet,",
    "Je vous confirme que",
    "Petit rappel :",
];

/// English paragraph openers; the "From" ones produce body lines that mbox must escape.
pub const ENGLISH_OPENERS: &[&str] = &[
    "As discussed,",
    "Just a quick note:",
    "Following our call,",
    "From what I understand,",
    "From now on,",
    "For the record,",
];
