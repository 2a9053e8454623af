//! Who wrote to whom: `trawl contacts` and `trawl graph`, on a dump whose counts are known and
//! on the bundled samples, where every count must agree with the equivalent query.

mod common;

use common::{count, json_lines, mbox_entry, ok, samples_index, scratch};

fn dump(root: &std::path::Path) {
    let mbox = [
        mbox_entry(
            &[
                "Message-ID: <1@x.example>",
                "From: Ann <ann@x.example>",
                "To: Bob <bob@x.example>, =?UTF-8?Q?C=C3=A9line?= <celine@y.example>",
                "Date: Mon, 1 May 2017 10:00:00 +0000",
            ],
            "premier",
        ),
        mbox_entry(
            &[
                "Message-ID: <2@x.example>",
                "From: Annie <ANN@x.example>",
                "To: bob@x.example",
                "Cc: Bob <bob@x.example>",
                "Date: Wed, 3 May 2017 10:00:00 +0000",
            ],
            "second",
        ),
        mbox_entry(
            &[
                "Message-ID: <3@x.example>",
                "From: Bob <bob@x.example>",
                "To: Ann <ann@x.example>",
                "Date: Tue, 2 May 2017 10:00:00 +0000",
            ],
            "troisieme",
        ),
    ];
    std::fs::write(root.join("c.mbox"), mbox.concat()).expect("mbox");
}

#[test]
fn contacts_and_graph_count_exactly() {
    let dir = scratch("correspondents");
    let (dump_dir, index) = (dir.join("dump"), dir.join("index"));
    std::fs::create_dir_all(&dump_dir).expect("dump");
    dump(&dump_dir);
    ok(&index, &["index", dump_dir.to_str().expect("utf8")]);
    let contacts = json_lines(&index, &["contacts", "--json"]);
    let got: Vec<String> = contacts
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {} {}",
                c["address"], c["names"], c["sent"], c["received"], c["first_date"], c["last_date"]
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            r#""ann@x.example" ["Ann","Annie"] 2 1 "2017-05-01T10:00:00Z" "2017-05-03T10:00:00Z""#,
            r#""bob@x.example" ["Bob"] 1 2 "2017-05-01T10:00:00Z" "2017-05-03T10:00:00Z""#,
            r#""celine@y.example" ["Céline"] 0 1 "2017-05-01T10:00:00Z" "2017-05-01T10:00:00Z""#,
        ]
    );
    let some = json_lines(&index, &["contacts", "--json", "--limit", "1", "=second"]);
    assert_eq!(some.len(), 1);
    assert_eq!(
        (some[0]["sent"].as_u64(), some[0]["received"].as_u64()),
        (Some(1), Some(0))
    );
    let csv = ok(&index, &["contacts", "--csv"]);
    assert!(
        csv.starts_with(
            "address,names,sent,received,first_date,last_date\nann@x.example,Ann; Annie,2,1,"
        ),
        "{csv}"
    );
    let table = ok(&index, &["contacts"]);
    assert!(
        table
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("ann@x.example") && l.ends_with("Ann, Annie")),
        "{table}"
    );

    assert_eq!(
        ok(&index, &["graph"]),
        "Source,Target,Weight,Type\nann@x.example,bob@x.example,2,Directed\n\
         ann@x.example,celine@y.example,1,Directed\nbob@x.example,ann@x.example,1,Directed\n"
    );
    assert_eq!(ok(&index, &["graph", "--min", "2"]).lines().count(), 2);
    let graphml = ok(&index, &["graph", "--format", "graphml"]);
    assert_eq!(graphml.matches("<node ").count(), 3);
    assert_eq!(graphml.matches("<edge ").count(), 3);
    assert!(graphml.contains(r#"<node id="celine@y.example"><data key="label">Céline</data><data key="sent">0</data><data key="received">1</data></node>"#));
    let dot = ok(&index, &["graph", "--format", "dot", "=troisieme"]);
    assert_eq!(dot.matches(" -> ").count(), 1);
    assert!(
        dot.contains(r#""bob@x.example" -> "ann@x.example" [weight=1, label="1"];"#),
        "{dot}"
    );
}

/// On the bundled samples every contact's counts are what `from:` and `to:/cc:/bcc:` queries
/// count, and the edges out of each sender add up to what it sent to each recipient.
#[test]
fn contacts_agree_with_queries_on_the_samples() {
    let index = samples_index(&scratch("correspondents-samples"));
    let contacts = json_lines(&index, &["contacts", "--json"]);
    assert!(contacts.len() >= 10, "{contacts:?}");
    for c in &contacts {
        let a = c["address"].as_str().expect("address");
        assert_eq!(
            c["sent"].as_u64(),
            Some(count(&index, &format!("kind:email from:{a}"))),
            "{a}"
        );
        let received = count(&index, &format!("kind:email (to:{a} OR cc:{a} OR bcc:{a})"));
        assert_eq!(c["received"].as_u64(), Some(received), "{a}");
    }
    let edges = ok(&index, &["graph"]);
    for line in edges.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (from, to) = (cells[0], cells[1]);
        let n = count(
            &index,
            &format!("kind:email from:{from} (to:{to} OR cc:{to} OR bcc:{to})"),
        );
        assert_eq!(cells[2].parse::<u64>().ok(), Some(n), "{line}");
    }
}
