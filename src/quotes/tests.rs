use super::*;

/// The own pieces of `text`.
fn own(text: &str) -> Vec<&str> {
    split(text).own(text).collect()
}

/// The quoted pieces of `text`.
fn quoted(text: &str) -> Vec<&str> {
    split(text).quoted(text).collect()
}

#[test]
fn a_text_without_quotes_is_all_own() {
    let text = "Bonjour,\n\nLe module compile.\n\nXavier\n";
    assert_eq!(own(text), ["Bonjour,\n\nLe module compile.\n\nXavier"]);
    assert!(quoted(text).is_empty());
    assert!(own("").is_empty());
    assert!(own("\n\n  \n").is_empty());
}

#[test]
fn english_top_posting_over_an_attribution() {
    let text = "Sounds good, see you then.\n\nOn Mon, Jan 5, 2004 at 10:00 AM, Bob <bob@example.com> wrote:\n> Lunch on Friday?\n> Bob\n";
    assert_eq!(own(text), ["Sounds good, see you then."]);
    assert_eq!(
        quoted(text),
        [
            "On Mon, Jan 5, 2004 at 10:00 AM, Bob <bob@example.com> wrote:\n> Lunch on Friday?\n> Bob"
        ]
    );
}

#[test]
fn french_inline_reply_between_quotes() {
    let text = "Le 12/03/2004 10:32, Jean Dupont a écrit :\n> Premier point ?\n\nOui.\n\n> Second point ?\n\nNon, pas encore.\n";
    assert_eq!(own(text), ["Oui.", "Non, pas encore."]);
    assert_eq!(
        quoted(text),
        [
            "Le 12/03/2004 10:32, Jean Dupont a écrit :\n> Premier point ?",
            "> Second point ?"
        ]
    );
}

#[test]
fn german_attribution() {
    let text =
        "Am 01.01.2020 um 10:00 schrieb Hans Müller <hans@example.de>:\n> Geht das?\n\nJa.\n";
    assert_eq!(own(text), ["Ja."]);
}

#[test]
fn plain_attributions_need_a_quote_below() {
    let text = "Pierre Weis wrote:\n> What do you mean?\n\nThis.\n";
    assert_eq!(own(text), ["This."]);
    let prose = "As Pierre wrote:\nthe compiler is right.\n";
    assert_eq!(own(prose), ["As Pierre wrote:\nthe compiler is right."]);
}

#[test]
fn a_dated_attribution_cut_in_two_lines() {
    let text = "On Sun, 17 Feb 2002 17:05:02 +0100 (MET)\nfrancois.hugel@free.fr wrote:\n\n> Monsieur,\n\nSi tu es sous Linux, utilise emacs.\n";
    assert_eq!(own(text), ["Si tu es sous Linux, utilise emacs."]);
}

#[test]
fn a_dated_attribution_without_quote_marks_quotes_the_rest() {
    let text = "Merci !\n\nLe lun. 3 mai 2021 à 09:12, Marie <marie@example.fr> a écrit :\n\nVoici le compte rendu de la réunion.\nÀ bientôt\n";
    assert_eq!(own(text), ["Merci !"]);
    let wrapped = "Thanks!\n\nOn Mon, May 3, 2021 at 9:12 AM Marie Curie <\nmarie@example.fr> wrote:\n\nHere are the minutes.\n";
    assert_eq!(own(wrapped), ["Thanks!"]);
}

#[test]
fn outlook_block_with_its_separator_in_english() {
    let text = "Flight is at 2:35 PM Friday.\n\n-----Original Message-----\nFrom: John.Arnold@enron.com\nSent: Tuesday, November 27, 2001 11:25 AM\nTo: Jennifer.White@OceanEnergy.com\nSubject: RE:\n\ngive her my email.\n";
    assert_eq!(own(text), ["Flight is at 2:35 PM Friday."]);
    assert_eq!(quoted(text).len(), 1);
}

#[test]
fn outlook_block_without_its_separator_in_english() {
    let text = "See below.\n\n________________________________\nFrom: Smith, John\nSent: Monday, May 3, 2004 10:00\nTo: Doe, Jane\nSubject: Budget\n\nThe figures are attached.\n";
    assert_eq!(own(text), ["See below."]);
}

#[test]
fn outlook_blocks_in_french_with_and_without_separator() {
    let with = "Je transmets.\n\n-----Message d'origine-----\nDe : Jean Dupont\nEnvoyé : lundi 3 mai 2004 10:00\nÀ : Marie\nObjet : Budget\n\nLes chiffres.\n";
    assert_eq!(own(with), ["Je transmets."]);
    let without = "Je transmets.\n\nDe : Jean Dupont [mailto:jean@example.fr]\nEnvoyé : lundi 3 mai 2004 10:00\nÀ : Marie\nObjet : Budget\n\nLes chiffres.\n";
    assert_eq!(own(without), ["Je transmets."]);
}

#[test]
fn a_from_line_alone_above_a_quote_is_an_attribution() {
    let text = "From: Patrick Goldbronn <p@example.fr>\n\n> Existe-t-il une documentation ?\n\nNon.\n\nJacques\n";
    assert_eq!(own(text), ["Non.\n\nJacques"]);
}

#[test]
fn lotus_notes_block_with_name_and_date_above() {
    let text = "FYI\n\n\nJeff Dasovich\n02/02/2001 12:08 PM\nTo: Steven J Kean/NA/Enron@Enron\ncc: \nSubject: Update\n\nThe filing is done.\n";
    assert_eq!(own(text), ["FYI"]);
}

#[test]
fn forwarded_blocks_in_three_forms() {
    for header in [
        "---------- Forwarded message ---------",
        "-------- Message transféré --------",
        "Début du message réexpédié :",
        "---------------------- Forwarded by Kirk McDaniel/HOU/EES on 11/27/2001 10:04 AM ---------------------------",
    ] {
        let text =
            format!("À lire.\n\n{header}\nDe : Jean\nDate : 3 mai 2004\n\nLe texte transféré.\n");
        assert_eq!(own(&text), ["À lire."], "{header}");
    }
}

#[test]
fn a_forward_alone_has_no_own_text() {
    let text = "---------- Forwarded message ---------\nFrom: Bob <bob@example.com>\nDate: Mon, 3 May 2004\nSubject: Hi\n\nHello.\n";
    assert!(own(text).is_empty());
    assert_eq!(quoted(text), [text.trim()]);
}

#[test]
fn signature_after_the_delimiter_is_not_own() {
    let text = "C'est corrigé.\n\n-- \nDaniel de Rauglaudre\nhttp://cristal.inria.fr/~ddr/\n";
    assert_eq!(own(text), ["C'est corrigé."]);
    let stripped = "Done.\n--\nJane\n";
    assert_eq!(own(stripped), ["Done."]);
    let sign_off = "Done.\n\n-- Jerome Vouillon\n";
    assert_eq!(own(sign_off), ["Done.\n\n-- Jerome Vouillon"]);
}

#[test]
fn a_list_footer_under_a_rule_is_not_own() {
    let text = "Comment dois-je procéder ?\n\n        Diego Olivier\n\n-------------------\nTo unsubscribe, mail caml-list-request@inria.fr Archives: http://caml.inria.fr\n";
    assert_eq!(
        own(text),
        ["Comment dois-je procéder ?\n\n        Diego Olivier"]
    );
    let signed = "Texte.\n---------------------------\nJacques Garrigue      Kyoto University\n";
    assert_eq!(own(signed).len(), 1, "a rule above a signature stays own");
}

#[test]
fn a_rule_above_quotes_and_elisions_are_not_own() {
    let text = "Have a nice day!\nAngela\n\n_____________________\n>>From: <mary@example.com>\n>>Subject: Password\n";
    assert_eq!(own(text), ["Have a nice day!\nAngela"]);
    let cut = "> first\n[...]\n> last\n\nAnswer.\n";
    assert_eq!(own(cut), ["Answer."]);
}

#[test]
fn a_memo_with_date_and_time_lines_stays_own() {
    let text =
        "You are invited.\n\nDate:\t\tOctober 30, 2001\nTime: \t4:00 pm\nLocation: \tEB5C2\n";
    assert_eq!(own(text), [text.trim()]);
}

#[test]
fn ranges_are_byte_offsets_into_the_text() {
    let text = "> q\r\nmine é\r\n> q\n";
    let parts = split(text);
    let [range] = parts.own_ranges() else {
        panic!("one range: {parts:?}")
    };
    assert_eq!(*range, 5..12);
    assert_eq!(&text[5..12], "mine é");
}

#[test]
fn crlf_and_missing_final_newline() {
    assert_eq!(own("a\r\n> b\r\nc"), ["a", "c"]);
}

/// Linear time: a body of 800,000 lines (`>` lines, attributions that no quote follows,
/// blank lines, own lines) splits at once (a backtracking pattern would not).
#[test]
fn long_bodies_split_in_one_pass() {
    let mut text = String::new();
    for _ in 0..200_000 {
        text.push_str("> quoted line\nBob wrote:\n\nmine\n");
    }
    let parts = split(&text);
    assert_eq!(parts.own_ranges().len(), 200_000);
}
