//! Jamie Zawinski's threading algorithm (<https://www.jwz.org/doc/threading.html>), the one
//! Netscape, mutt and notmuch use: a container per Message-ID, linked by each message's
//! References (and In-Reply-To); every tree of containers is a conversation. A reply whose
//! headers name no parent at all is attached by subject (`Re: Budget` to the thread that
//! began with `Budget`); a message with threading headers is never moved by its subject.

use std::collections::HashMap;

/// What threading needs to know of one message.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// Its Message-ID, if it has one.
    pub message_id: Option<String>,
    /// The Message-IDs it answers, oldest first: References, then In-Reply-To.
    pub parents: Vec<String>,
    /// Its subject.
    pub subject: Option<String>,
    /// Seconds since the epoch.
    pub date: Option<i64>,
}

/// The conversations of a list of messages, by position in that list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threading {
    /// The thread of each message, numbered from 0.
    pub thread: Vec<u32>,
    /// The message each one answers: its nearest ancestor that is in the list.
    pub parent: Vec<Option<u32>>,
}

/// A node of the tree: a message, or a Message-ID only seen in other messages' headers.
#[derive(Debug, Clone, Default)]
struct Container {
    message: Option<usize>,
    parent: Option<usize>,
}

/// The containers and the Message-IDs they stand for.
#[derive(Default)]
struct Forest {
    nodes: Vec<Container>,
    by_id: HashMap<String, usize>,
}

/// Threads `messages`.
pub fn thread(messages: &[Message]) -> Threading {
    let mut forest = Forest::default();
    let holders: Vec<usize> = (0..messages.len())
        .map(|i| forest.add(i, &messages[i]))
        .collect();
    let adopted = adopt_orphan_replies(messages, &holders, &forest);
    let roots: Vec<usize> = holders
        .iter()
        .map(|&c| forest.root(c))
        .map(|root| adopted.get(&root).copied().unwrap_or(root))
        .collect();
    let parent = holders
        .iter()
        .map(|&c| {
            let adopter = adopted.get(&c).and_then(|&root| forest.nodes[root].message);
            forest.parent_message(c).or(adopter)
        })
        .map(|p| p.and_then(|p| u32::try_from(p).ok()))
        .collect();
    Threading {
        thread: number(&roots),
        parent,
    }
}

impl Forest {
    /// The container of `id`, created empty the first time it is seen.
    fn container(&mut self, id: &str) -> usize {
        if let Some(&c) = self.by_id.get(id) {
            return c;
        }
        self.nodes.push(Container::default());
        self.by_id.insert(id.to_owned(), self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    /// Places message `i`: its own container (a fresh one when its Message-ID is missing or
    /// already taken by another message), linked under the chain of its parents.
    fn add(&mut self, i: usize, message: &Message) -> usize {
        let own = match &message.message_id {
            Some(id)
                if self
                    .by_id
                    .get(id)
                    .is_none_or(|&c| self.nodes[c].message.is_none()) =>
            {
                self.container(id)
            }
            _ => {
                self.nodes.push(Container::default());
                self.nodes.len() - 1
            }
        };
        self.nodes[own].message = Some(i);
        let mut previous = None;
        for id in &message.parents {
            let c = self.container(id);
            if let Some(p) = previous
                && self.nodes[c].parent.is_none()
            {
                self.link(p, c);
            }
            previous = Some(c);
        }
        if let Some(p) = previous {
            self.nodes[own].parent = None;
            self.link(p, own);
        }
        own
    }

    /// Makes `parent` the parent of `child`, unless that would make a loop.
    fn link(&mut self, parent: usize, child: usize) {
        if parent != child && !self.descends_from(parent, child) {
            self.nodes[child].parent = Some(parent);
        }
    }

    /// True when `node` is `ancestor` or lies below it.
    fn descends_from(&self, node: usize, ancestor: usize) -> bool {
        let mut at = Some(node);
        while let Some(c) = at {
            if c == ancestor {
                return true;
            }
            at = self.nodes[c].parent;
        }
        false
    }

    /// The top of the tree `node` is in.
    fn root(&self, node: usize) -> usize {
        let mut at = node;
        while let Some(p) = self.nodes[at].parent {
            at = p;
        }
        at
    }

    /// The nearest container above `node` that holds a message, as that message.
    fn parent_message(&self, node: usize) -> Option<usize> {
        let mut at = self.nodes[node].parent;
        while let Some(c) = at {
            if let Some(m) = self.nodes[c].message {
                return Some(m);
            }
            at = self.nodes[c].parent;
        }
        None
    }
}

/// For each message with no threading header and a reply's subject (`Re: X`, `TR : X`), at
/// the top of its own tree: the root of the thread that began with subject X (the latest such
/// thread begun before the reply was sent, or the first one when dates do not tell), keyed by
/// the reply's container. The reply's whole tree moves with it.
fn adopt_orphan_replies(
    messages: &[Message],
    holders: &[usize],
    forest: &Forest,
) -> HashMap<usize, usize> {
    let is_root = |i: usize| forest.nodes[holders[i]].parent.is_none();
    let mut starts: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        if let Some(subject) = m.subject.as_deref().filter(|s| is_root(i) && !is_reply(s)) {
            starts.entry(base_subject(subject)).or_default().push(i);
        }
    }
    let mut adopted = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        let orphan = m.parents.is_empty() && is_root(i);
        let Some(subject) = m.subject.as_deref().filter(|s| orphan && is_reply(s)) else {
            continue;
        };
        let candidates = starts.get(&base_subject(subject));
        if let Some(start) = candidates.and_then(|c| best_start(messages, c, m.date)) {
            adopted.insert(holders[i], forest.root(holders[start]));
        }
    }
    adopted
}

/// The latest candidate dated no later than `date`; else the first candidate.
fn best_start(messages: &[Message], candidates: &[usize], date: Option<i64>) -> Option<usize> {
    let before = |&&c: &&usize| matches!((messages[c].date, date), (Some(a), Some(b)) if a <= b);
    candidates
        .iter()
        .filter(before)
        .max_by_key(|&&c| messages[c].date)
        .or(candidates.first())
        .copied()
}

/// Dense thread numbers, in order of first appearance.
fn number(roots: &[usize]) -> Vec<u32> {
    let mut numbers: HashMap<usize, u32> = HashMap::new();
    roots
        .iter()
        .map(|root| {
            let next = numbers.len() as u32;
            *numbers.entry(*root).or_insert(next)
        })
        .collect()
}

/// Reply and forward markers of several mail programs and languages (`Re:`, `RE :`, `Fwd:`,
/// `TR:`, `AW:`, `SV:`, `WG:`, `Réf :`), with an optional count (`Re[2]:`).
const REPLY_MARKERS: [&str; 9] = ["re", "fwd", "fw", "tr", "aw", "sv", "wg", "réf", "ref"];

/// The subject without its leading reply and forward markers, lower-cased and trimmed.
pub fn base_subject(subject: &str) -> String {
    let mut rest = subject.trim();
    while let Some(after) = strip_marker(rest) {
        rest = after.trim_start();
    }
    rest.to_lowercase()
}

/// True when the subject starts with a reply or forward marker.
pub fn is_reply(subject: &str) -> bool {
    strip_marker(subject.trim()).is_some()
}

/// `subject` after one leading marker and its colon, if it starts with one.
fn strip_marker(subject: &str) -> Option<&str> {
    let colon = subject.find(':')?;
    let head = subject[..colon].trim_end();
    let word = head.split_once('[').map_or(head, |(w, count)| {
        let digits = count.strip_suffix(']').unwrap_or("x");
        if digits.chars().all(|c| c.is_ascii_digit()) {
            w
        } else {
            ""
        }
    });
    REPLY_MARKERS
        .iter()
        .any(|m| word.eq_ignore_ascii_case(m) || word.to_lowercase() == *m)
        .then(|| &subject[colon + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(id: &str, parents: &[&str], subject: &str, date: i64) -> Message {
        Message {
            message_id: (!id.is_empty()).then(|| id.to_owned()),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            subject: Some(subject.to_owned()),
            date: Some(date),
        }
    }

    #[test]
    fn references_make_one_tree_and_strangers_stay_apart() {
        let t = thread(&[
            msg("a", &[], "Budget", 1),
            msg("b", &["a"], "Re: Budget", 2),
            msg("c", &["a", "b"], "Re: Budget", 3),
            msg("d", &[], "Other", 4),
        ]);
        assert_eq!(t.thread, vec![0, 0, 0, 1]);
        assert_eq!(t.parent, vec![None, Some(0), Some(1), None]);
    }

    #[test]
    fn a_missing_ancestor_still_joins_its_descendants() {
        let t = thread(&[
            msg("b", &["lost"], "Re: X", 2),
            msg("c", &["lost"], "Re: X", 3),
        ]);
        assert_eq!(t.thread, vec![0, 0]);
        assert_eq!(t.parent, vec![None, None]);
    }

    #[test]
    fn replies_seen_before_their_parent_are_linked_when_it_comes() {
        let t = thread(&[
            msg("c", &["a", "b"], "Re: Budget", 3),
            msg("a", &[], "Budget", 1),
            msg("b", &["a"], "Re: Budget", 2),
        ]);
        assert_eq!(t.thread, vec![0, 0, 0]);
        assert_eq!(t.parent, vec![Some(2), None, Some(1)]);
    }

    #[test]
    fn loops_in_references_are_refused() {
        let t = thread(&[msg("a", &["b"], "x", 1), msg("b", &["a"], "x", 2)]);
        assert_eq!(t.thread, vec![0, 0]);
        assert!(t.parent.iter().filter(|p| p.is_none()).count() == 1);
    }

    #[test]
    fn subject_joins_only_replies_without_headers() {
        let t = thread(&[
            msg("a", &[], "Budget 2017", 10),
            msg("b", &[], "RE : Budget 2017", 20),
            msg("c", &["elsewhere"], "Re: Budget 2017", 30),
            msg("d", &[], "Budget 2017", 5),
            msg("e", &[], "Re[2]: budget 2017", 40),
            msg("f", &["b"], "Re: Budget 2017", 50),
        ]);
        assert_eq!(
            t.thread[1], t.thread[0],
            "orphan reply joins the latest earlier start"
        );
        assert_eq!(t.parent[1], Some(0));
        assert_ne!(
            t.thread[2], t.thread[0],
            "a reply with headers is not moved by subject"
        );
        assert_ne!(
            t.thread[3], t.thread[0],
            "two originals with one subject stay apart"
        );
        assert_eq!(t.thread[4], t.thread[0]);
        assert_eq!(
            (t.thread[5], t.parent[5]),
            (t.thread[0], Some(1)),
            "its replies move too"
        );
    }

    #[test]
    fn a_message_whose_id_is_taken_gets_its_own_place() {
        let t = thread(&[
            msg("a", &[], "Budget", 1),
            msg("a", &[], "Budget", 1),
            msg("b", &["a"], "Re: Budget", 2),
        ]);
        assert_eq!(t.thread, vec![0, 1, 0]);
        let t = thread(&[msg("a", &["p"], "Re: x", 1), msg("a", &["p"], "Re: x", 1)]);
        assert_eq!(t.thread, vec![0, 0]);
    }

    #[test]
    fn markers_are_stripped_in_several_languages() {
        assert_eq!(base_subject("Re: TR : Fwd: Réf: Budget"), "budget");
        assert_eq!(base_subject("AW: WG: Re[3]: Plan"), "plan");
        assert_eq!(base_subject("Remarks: plan"), "remarks: plan");
        assert!(!is_reply("Budget: final"));
        assert!(is_reply("RE: Budget"));
    }
}
