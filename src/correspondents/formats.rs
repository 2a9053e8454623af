//! The correspondence graph as files other tools open: a CSV edge list (Gephi's spreadsheet
//! import: `Source,Target,Weight,Type`), GraphML (Gephi, yEd, NetworkX) and Graphviz DOT.
//! Names and addresses come from the dump: they are escaped for each format, and characters
//! XML forbids are dropped. An edge's weight is its emails: written to the other address, or,
//! when mentions are counted, mentioning it (given apart as `Messages` and `Mentions`).

use std::io::{self, Write};

use super::{Contact, Correspondence};
use crate::sanitize::spreadsheet_safe;

/// A file format for the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Edge list with a header row.
    Csv,
    /// GraphML, with node labels and counts and edge weights.
    Graphml,
    /// Graphviz DOT.
    Dot,
}

/// Writes `c` as a directed graph, nodes being addresses and edges weighted by emails.
pub fn write_graph(w: &mut impl Write, c: &Correspondence, format: GraphFormat) -> io::Result<()> {
    match format {
        GraphFormat::Csv => write_csv(w, c),
        GraphFormat::Graphml => write_graphml(w, c),
        GraphFormat::Dot => write_dot(w, c),
    }
}

fn write_csv(w: &mut impl Write, c: &Correspondence) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let mut header = vec!["Source", "Target", "Weight", "Type"];
    if c.mentions {
        header.extend(["Messages", "Mentions"]);
    }
    out.write_record(&header)?;
    for e in &c.edges {
        let mut row = vec![
            spreadsheet_safe(&e.from),
            spreadsheet_safe(&e.to),
            e.weight().to_string(),
            "Directed".to_owned(),
        ];
        if c.mentions {
            row.extend([e.messages.to_string(), e.mentions.to_string()]);
        }
        out.write_record(&row)?;
    }
    out.flush()
}

fn write_graphml(w: &mut impl Write, c: &Correspondence) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
    )?;
    let mut keys = vec![
        ("label", "node", "string"),
        ("sent", "node", "long"),
        ("received", "node", "long"),
        ("weight", "edge", "long"),
    ];
    if c.mentions {
        keys.extend([
            ("mentioned", "node", "long"),
            ("messages", "edge", "long"),
            ("mentions", "edge", "long"),
        ]);
    }
    for (id, target, kind) in keys {
        writeln!(
            w,
            r#"  <key id="{id}" for="{target}" attr.name="{id}" attr.type="{kind}"/>"#
        )?;
    }
    writeln!(w, r#"  <graph id="trawl" edgedefault="directed">"#)?;
    for n in &c.contacts {
        let mentioned = n.mentioned.map_or_else(String::new, |m| {
            format!(r#"<data key="mentioned">{m}</data>"#)
        });
        writeln!(
            w,
            r#"    <node id="{}"><data key="label">{}</data><data key="sent">{}</data><data key="received">{}</data>{mentioned}</node>"#,
            xml(&n.address),
            xml(label(n)),
            n.sent,
            n.received
        )?;
    }
    for e in &c.edges {
        let apart = match c.mentions {
            true => format!(
                r#"<data key="messages">{}</data><data key="mentions">{}</data>"#,
                e.messages, e.mentions
            ),
            false => String::new(),
        };
        writeln!(
            w,
            r#"    <edge source="{}" target="{}"><data key="weight">{}</data>{apart}</edge>"#,
            xml(&e.from),
            xml(&e.to),
            e.weight()
        )?;
    }
    writeln!(w, "  </graph>\n</graphml>")
}

fn write_dot(w: &mut impl Write, c: &Correspondence) -> io::Result<()> {
    writeln!(w, "digraph trawl {{")?;
    for n in &c.contacts {
        let text = match label(n) == n.address {
            true => n.address.clone(),
            false => format!("{}\n{}", label(n), n.address),
        };
        writeln!(w, "  {} [label={}];", dot(&n.address), dot(&text))?;
    }
    for e in &c.edges {
        let (from, to, n) = (dot(&e.from), dot(&e.to), e.weight());
        let style = match e.messages {
            0 => ", style=dashed",
            _ => "",
        };
        writeln!(w, "  {from} -> {to} [weight={n}, label=\"{n}\"{style}];")?;
    }
    writeln!(w, "}}")
}

/// What a node is called: its most frequent display name, else its address.
fn label(n: &Contact) -> &str {
    n.names.first().map_or(&n.address, String::as_str)
}

/// `text` as XML character data or attribute value.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` as a quoted DOT id: quotes and backslashes escaped, line breaks as `\n`, other
/// control characters dropped.
fn dot(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correspondents::Edge;

    fn hostile() -> Correspondence {
        let contact = |address: &str, name: &str| Contact {
            address: address.into(),
            names: vec![name.into()],
            sent: 1,
            received: 0,
            mentioned: None,
            first: None,
            last: None,
        };
        Correspondence {
            contacts: vec![
                contact("a@x.example", "A \"<b>\" & \\ \u{1b}[31m"),
                contact("=cmd@x.example", "=cmd"),
            ],
            edges: vec![Edge {
                from: "a@x.example".into(),
                to: "=cmd@x.example".into(),
                messages: 3,
                mentions: 0,
            }],
            mentions: false,
        }
    }

    fn written(format: GraphFormat) -> String {
        let mut out = Vec::new();
        write_graph(&mut out, &hostile(), format).expect("written");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn every_format_escapes_what_the_dump_says() {
        let csv = written(GraphFormat::Csv);
        assert_eq!(
            csv,
            "Source,Target,Weight,Type\na@x.example,'=cmd@x.example,3,Directed\n"
        );
        let graphml = written(GraphFormat::Graphml);
        assert!(
            graphml.contains(r#"<data key="label">A &quot;&lt;b&gt;&quot; &amp; \ [31m</data>"#),
            "{graphml}"
        );
        assert!(graphml.contains(
            r#"<edge source="a@x.example" target="=cmd@x.example"><data key="weight">3</data>"#
        ));
        let dot = written(GraphFormat::Dot);
        assert!(
            dot.contains(r#""a@x.example" [label="A \"<b>\" & \\ [31m\na@x.example"];"#),
            "{dot}"
        );
        assert!(dot.contains(r#""a@x.example" -> "=cmd@x.example" [weight=3, label="3"];"#));
    }

    #[test]
    fn mentions_are_weighed_in_and_given_apart() {
        let mut c = hostile();
        c.mentions = true;
        c.edges[0].mentions = 2;
        c.edges.push(Edge {
            from: "a@x.example".into(),
            to: "m@x.example".into(),
            messages: 0,
            mentions: 1,
        });
        let mut out = Vec::new();
        write_graph(&mut out, &c, GraphFormat::Csv).expect("csv");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "Source,Target,Weight,Type,Messages,Mentions\n\
             a@x.example,'=cmd@x.example,5,Directed,3,2\n\
             a@x.example,m@x.example,1,Directed,0,1\n"
        );
        let mut out = Vec::new();
        write_graph(&mut out, &c, GraphFormat::Dot).expect("dot");
        let dot = String::from_utf8_lossy(&out);
        assert!(
            dot.contains(r#""a@x.example" -> "m@x.example" [weight=1, label="1", style=dashed];"#),
            "{dot}"
        );
    }
}
