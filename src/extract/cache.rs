//! Texts already extracted in this run, by the SHA-256 of the attachment's bytes, so that a
//! file attached to many emails (a contract sent round, a logo in every signature) is read
//! once. Two threads meeting the same file at once wait for one reading. Memory is bounded:
//! when the texts held pass the budget, the cache starts again empty (copies of one file tend
//! to come close together: replies and forwards of the same thread).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::{Extracted, Kind};

/// What makes two readings the same: the bytes (their SHA-256), the kind they were read as
/// and the charset a text file was decoded with.
type Key = ([u8; 32], Kind, String);

/// Default budget of text held, in bytes.
pub const BUDGET: usize = 128 << 20;

/// The texts of one run's attachments (see the module doc).
pub struct Cache {
    entries: Mutex<Entries>,
    budget: usize,
}

#[derive(Default)]
struct Entries {
    by_key: HashMap<Key, Arc<OnceLock<Extracted>>>,
    bytes: usize,
}

impl Cache {
    /// An empty cache holding at most about `budget` bytes of text.
    pub fn new(budget: usize) -> Cache {
        Cache {
            entries: Mutex::new(Entries::default()),
            budget,
        }
    }

    /// The text of the file `sha256` read as `kind` (with `charset`): the one already read,
    /// else what `read` gives, kept for the next copy.
    pub fn text(
        &self,
        (sha256, kind, charset): (&[u8; 32], Kind, &str),
        read: impl FnOnce() -> Extracted,
    ) -> Extracted {
        let slot = self.slot((*sha256, kind, charset.to_owned()));
        let mut fresh = false;
        let text = slot.get_or_init(|| {
            fresh = true;
            read()
        });
        if fresh {
            self.lock().bytes += text.text.len();
        }
        text.clone()
    }

    /// The slot of `key`, made empty when there is none; the cache is emptied first when it
    /// holds more than its budget.
    fn slot(&self, key: Key) -> Arc<OnceLock<Extracted>> {
        let mut entries = self.lock();
        if entries.bytes > self.budget {
            *entries = Entries::default();
        }
        Arc::clone(entries.by_key.entry(key).or_default())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for Cache {
    fn default() -> Cache {
        Cache::new(BUDGET)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extracted(text: &str) -> Extracted {
        Extracted {
            text: text.into(),
            note: None,
        }
    }

    #[test]
    fn the_same_file_is_read_once() {
        let cache = Cache::default();
        let mut reads = 0;
        for _ in 0..3 {
            let got = cache.text((&[1; 32], Kind::Pdf, ""), || {
                reads += 1;
                extracted("contrat")
            });
            assert_eq!(got.text, "contrat");
        }
        assert_eq!(reads, 1);
        let other_kind = cache.text((&[1; 32], Kind::Plain, ""), || extracted("brut"));
        assert_eq!(other_kind.text, "brut", "another kind is another reading");
    }

    #[test]
    fn past_its_budget_it_starts_again() {
        let cache = Cache::new(4);
        cache.text((&[1; 32], Kind::Pdf, ""), || extracted("longer than four"));
        cache.text((&[2; 32], Kind::Pdf, ""), || extracted("x"));
        let mut read_again = false;
        cache.text((&[1; 32], Kind::Pdf, ""), || {
            read_again = true;
            extracted("longer than four")
        });
        assert!(read_again);
    }
}
