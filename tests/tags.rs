//! Tags: `trawl tag +label -label QUERY`, `tag:label`, `trawl tags`, labels on hits, and tags
//! surviving a re-index and a rebuild of the index from nothing.

mod common;

use common::{count, json_lines, mbox_entry, ok, scratch, trawl};

#[test]
fn tags_are_added_removed_searched_and_survive_rebuilds() {
    let dir = scratch("tags");
    let (dump, index) = (dir.join("dump"), dir.join("index"));
    std::fs::create_dir_all(&dump).expect("dump");
    let mbox: String = (1..=4)
        .map(|n| {
            let id = format!("Message-ID: <m{n}@horizon.example>");
            let subject = format!("Subject: Note {n}");
            let body = if n % 2 == 0 {
                "budget pair"
            } else {
                "budget impair"
            };
            mbox_entry(&[&id, "From: a@horizon.example", &subject], body)
        })
        .collect();
    std::fs::write(dump.join("notes.mbox"), mbox).expect("mbox");
    let dump = dump.to_str().expect("utf8").to_owned();
    ok(&index, &["index", &dump]);

    let said = ok(&index, &["tag", "+Urgent", "+lu", "budget"]);
    assert_eq!(said.trim(), "4 matching, 4 changed: +Urgent +lu");
    let said = ok(&index, &["tag", "-urgent", "=impair"]);
    assert_eq!(said.trim(), "2 matching, 2 changed: -urgent");
    assert_eq!(
        ok(&index, &["tag", "+lu", "budget"]).trim(),
        "4 matching, 0 changed: +lu"
    );
    assert_eq!(count(&index, "tag:urgent"), 2);
    assert_eq!(count(&index, "tag:URGENT =pair"), 2);
    assert_eq!(count(&index, "budget -tag:urgent"), 2);
    assert_eq!(count(&index, "tag:lu"), 4);
    assert_eq!(count(&index, "tag:nothing"), 0);
    let explained = ok(&index, &["search", "--explain", "tag:urgent =pair"]);
    assert!(
        explained.contains("tag \"urgent\", from the table beside the index: 2 documents"),
        "{explained}"
    );
    assert!(
        explained.ends_with("the whole query matches 2 documents\n"),
        "{explained}"
    );
    let listed = json_lines(&index, &["tags", "--json"]);
    let listed: Vec<(String, u64)> = listed
        .iter()
        .map(|l| {
            (
                l["label"].as_str().expect("label").to_owned(),
                l["count"].as_u64().expect("n"),
            )
        })
        .collect();
    assert_eq!(listed, vec![("lu".into(), 4), ("urgent".into(), 2)]);
    assert_eq!(ok(&index, &["tags"]), "       4  lu\n       2  urgent\n");

    let hits = json_lines(&index, &["search", "--json", "=pair"]);
    assert!(
        hits.iter()
            .all(|h| h["tags"] == serde_json::json!(["lu", "urgent"])),
        "{hits:?}"
    );
    let csv = ok(&index, &["search", "--csv", "=impair"]);
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with(",snippet,tags,email,attachment,date_local")),
        "{csv}"
    );
    assert!(
        csv.lines().skip(1).all(|row| row.ends_with(",lu,,,")),
        "{csv}"
    );
    assert!(ok(&index, &["search", "=pair"]).contains("tags: lu urgent"));

    let file = dir.join("index.tags.json");
    let stored: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("tags beside the index"))
            .expect("json");
    assert_eq!(stored["format"], "trawl-tags");
    assert_eq!(stored["documents"].as_object().map(|d| d.len()), Some(4));
    ok(&index, &["index", "--rescan", &dump]);
    assert_eq!(count(&index, "tag:urgent"), 2, "after a re-index");
    std::fs::remove_dir_all(&index).expect("rebuild from nothing");
    ok(&index, &["index", &dump]);
    assert_eq!(count(&index, "tag:urgent"), 2, "after a rebuild");

    for bad in [
        vec!["tag", "+a b", "budget"],
        vec!["tag", "+x"],
        vec!["tag", "budget"],
    ] {
        let o = trawl(&index, &bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
    }
    assert_eq!(count(&index, "tag:lu"), 4, "refused changes change nothing");
}
