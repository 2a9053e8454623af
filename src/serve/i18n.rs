//! The interface's words in English and French, chosen from the browser's `Accept-Language`
//! (the first of `fr` or `en` it names; English when it names neither). Dump content is
//! never translated: only the interface's own words are here.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// The language a request's `Accept-Language` prefers among those the interface has.
    pub fn of(headers: &HeaderMap) -> Lang {
        let accepted = headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Lang::from_accept_language(accepted)
    }

    /// The first of `fr` and `en` in an `Accept-Language` list ordered by its `q` weights.
    fn from_accept_language(accepted: &str) -> Lang {
        let mut ranked: Vec<(f32, usize, &str)> = accepted
            .split(',')
            .enumerate()
            .filter_map(|(n, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, n, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        ranked
            .iter()
            .find_map(|(_, _, tag)| match primary(tag).as_str() {
                "fr" => Some(Lang::Fr),
                "en" => Some(Lang::En),
                _ => None,
            })
            .unwrap_or(Lang::En)
    }

    /// The `lang` attribute of a page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The interface's words in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }
}

/// Every word the interface shows, one field each, so that a missing translation does not
/// compile.
#[allow(missing_docs)]
pub struct Words {
    pub search: &'static str,
    pub query_placeholder: &'static str,
    pub explain: &'static str,
    pub results: &'static str,
    pub result: &'static str,
    pub no_results: &'static str,
    pub sort: &'static str,
    pub relevance: &'static str,
    pub newest: &'static str,
    pub oldest: &'static str,
    pub sender_az: &'static str,
    pub sender_za: &'static str,
    pub largest: &'static str,
    pub smallest: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub page: &'static str,
    pub senders: &'static str,
    pub recipients: &'static str,
    pub domains: &'static str,
    pub folders: &'static str,
    pub attachment_types: &'static str,
    pub languages: &'static str,
    pub tags: &'static str,
    pub years: &'static str,
    pub timeline: &'static str,
    pub dates: &'static str,
    pub date_from: &'static str,
    pub date_to: &'static str,
    pub apply: &'static str,
    pub undated: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub cc: &'static str,
    pub bcc: &'static str,
    pub date: &'static str,
    pub no_subject: &'static str,
    pub attachments: &'static str,
    pub download: &'static str,
    pub raw_message: &'static str,
    pub same_file_elsewhere: &'static str,
    pub attachment_text: &'static str,
    pub provenance: &'static str,
    pub citation: &'static str,
    pub copy_citation: &'static str,
    pub conversation: &'static str,
    pub read_conversation: &'static str,
    pub text: &'static str,
    pub html: &'static str,
    pub links: &'static str,
    pub open_link: &'static str,
    pub confirm_link: &'static str,
    pub find: &'static str,
    pub find_next: &'static str,
    pub find_previous: &'static str,
    pub previous_hit: &'static str,
    pub next_hit: &'static str,
    pub back_to_results: &'static str,
    pub star: &'static str,
    pub unstar: &'static str,
    pub add_tag: &'static str,
    pub remove_tag: &'static str,
    pub label: &'static str,
    pub selection: &'static str,
    pub select_all: &'static str,
    pub export_selection: &'static str,
    pub export_results: &'static str,
    pub contacts: &'static str,
    pub sent: &'static str,
    pub received: &'static str,
    pub contacts_csv: &'static str,
    pub graph_graphml: &'static str,
    pub batch: &'static str,
    pub batch_intro: &'static str,
    pub batch_file: &'static str,
    pub run: &'static str,
    pub download_csv: &'static str,
    pub query: &'static str,
    pub count: &'static str,
    pub first: &'static str,
    pub last: &'static str,
    pub top_senders: &'static str,
    pub error: &'static str,
    pub quoted: &'static str,
    pub shortcuts: &'static str,
    pub documents_indexed: &'static str,
    pub kind_email: &'static str,
    pub kind_attachment: &'static str,
    pub kind_article: &'static str,
    pub in_email: &'static str,
}

const EN: Words = Words {
    search: "Search",
    query_placeholder: "words, \"a phrase\", from:name, date:2017-05, tag:label…",
    explain: "How trawl reads this query",
    results: "results",
    result: "result",
    no_results: "Nothing matches.",
    sort: "Sort",
    relevance: "relevance",
    newest: "newest first",
    oldest: "oldest first",
    sender_az: "sender A→Z",
    sender_za: "sender Z→A",
    largest: "largest first",
    smallest: "smallest first",
    previous: "Previous",
    next: "Next",
    page: "page",
    senders: "Senders",
    recipients: "Recipients",
    domains: "Domains",
    folders: "Folders",
    attachment_types: "Attachment types",
    languages: "Languages",
    tags: "Tags",
    years: "Years",
    timeline: "Timeline",
    dates: "Dates",
    date_from: "from",
    date_to: "to",
    apply: "Apply",
    undated: "undated",
    from: "From",
    to: "To",
    cc: "Cc",
    bcc: "Bcc",
    date: "Date",
    no_subject: "(no subject)",
    attachments: "Attachments",
    download: "download",
    raw_message: "Download the original message",
    same_file_elsewhere: "this file in every email",
    attachment_text: "Extracted text",
    provenance: "Provenance",
    citation: "Citation",
    copy_citation: "Copy citation",
    conversation: "Conversation",
    read_conversation: "Read the conversation as one page",
    text: "Text",
    html: "HTML (inert)",
    links: "Links in this message (not followed)",
    open_link: "open…",
    confirm_link: "This link leaves trawl for an address chosen by the dump's author. Open it?",
    find: "Find in message",
    find_next: "next",
    find_previous: "previous",
    previous_hit: "← previous hit",
    next_hit: "next hit →",
    back_to_results: "back to the results",
    star: "Star",
    unstar: "Unstar",
    add_tag: "Add tag",
    remove_tag: "Remove tag",
    label: "label",
    selection: "Selected",
    select_all: "select all on this page",
    export_selection: "Export selected (zip)",
    export_results: "Export these results (zip)",
    contacts: "Contacts",
    sent: "Sent",
    received: "Received",
    contacts_csv: "contacts (CSV)",
    graph_graphml: "graph (GraphML)",
    batch: "Batch search",
    batch_intro: "One query per line (blank lines and lines starting with # are skipped).",
    batch_file: "or read a file of queries",
    run: "Run",
    download_csv: "Download CSV",
    query: "Query",
    count: "Count",
    first: "First",
    last: "Last",
    top_senders: "Top senders",
    error: "Error",
    quoted: "quoted text",
    shortcuts: "Keys: / search · j/k move · o open · s star · n/p next/previous hit",
    documents_indexed: "documents indexed",
    kind_email: "email",
    kind_attachment: "attachment",
    kind_article: "article",
    in_email: "in",
};

const FR: Words = Words {
    search: "Rechercher",
    query_placeholder: "mots, \"une expression\", from:nom, date:2017-05, tag:étiquette…",
    explain: "Comment trawl lit cette requête",
    results: "résultats",
    result: "résultat",
    no_results: "Aucun résultat.",
    sort: "Tri",
    relevance: "pertinence",
    newest: "plus récents d'abord",
    oldest: "plus anciens d'abord",
    sender_az: "expéditeur A→Z",
    sender_za: "expéditeur Z→A",
    largest: "plus gros d'abord",
    smallest: "plus petits d'abord",
    previous: "Précédent",
    next: "Suivant",
    page: "page",
    senders: "Expéditeurs",
    recipients: "Destinataires",
    domains: "Domaines",
    folders: "Dossiers",
    attachment_types: "Types de pièces jointes",
    languages: "Langues",
    tags: "Étiquettes",
    years: "Années",
    timeline: "Chronologie",
    dates: "Dates",
    date_from: "du",
    date_to: "au",
    apply: "Appliquer",
    undated: "sans date",
    from: "De",
    to: "À",
    cc: "Cc",
    bcc: "Cci",
    date: "Date",
    no_subject: "(sans objet)",
    attachments: "Pièces jointes",
    download: "télécharger",
    raw_message: "Télécharger le message d'origine",
    same_file_elsewhere: "ce fichier dans tous les courriels",
    attachment_text: "Texte extrait",
    provenance: "Provenance",
    citation: "Citation",
    copy_citation: "Copier la citation",
    conversation: "Conversation",
    read_conversation: "Lire la conversation sur une page",
    text: "Texte",
    html: "HTML (inerte)",
    links: "Liens de ce message (non suivis)",
    open_link: "ouvrir…",
    confirm_link: "Ce lien quitte trawl vers une adresse choisie par l'auteur du message. L'ouvrir ?",
    find: "Chercher dans le message",
    find_next: "suivant",
    find_previous: "précédent",
    previous_hit: "← résultat précédent",
    next_hit: "résultat suivant →",
    back_to_results: "retour aux résultats",
    star: "Étoile",
    unstar: "Retirer l'étoile",
    add_tag: "Ajouter l'étiquette",
    remove_tag: "Retirer l'étiquette",
    label: "étiquette",
    selection: "Sélection",
    select_all: "tout sélectionner sur cette page",
    export_selection: "Exporter la sélection (zip)",
    export_results: "Exporter ces résultats (zip)",
    contacts: "Contacts",
    sent: "Envoyés",
    received: "Reçus",
    contacts_csv: "contacts (CSV)",
    graph_graphml: "graphe (GraphML)",
    batch: "Recherche par lots",
    batch_intro: "Une requête par ligne (les lignes vides et celles qui commencent par # sont ignorées).",
    batch_file: "ou lire un fichier de requêtes",
    run: "Lancer",
    download_csv: "Télécharger le CSV",
    query: "Requête",
    count: "Nombre",
    first: "Premier",
    last: "Dernier",
    top_senders: "Principaux expéditeurs",
    error: "Erreur",
    quoted: "texte cité",
    shortcuts: "Touches : / rechercher · j/k se déplacer · o ouvrir · s étoile · n/p résultat suivant/précédent",
    documents_indexed: "documents indexés",
    kind_email: "courriel",
    kind_attachment: "pièce jointe",
    kind_article: "article",
    in_email: "dans",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_preferred_language_is_chosen_by_weight_then_order() {
        assert_eq!(
            Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Lang::Fr
        );
        assert_eq!(Lang::from_accept_language("en-GB,fr;q=0.5"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("de-DE,fr;q=0.7,en;q=0.9"),
            Lang::En
        );
        assert_eq!(Lang::from_accept_language("de,fr;q=0.3"), Lang::Fr);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::from_accept_language("es"), Lang::En);
    }
}
