//! A time limit per extraction: a reader runs on a thread of its own, and past the limit its
//! result is no longer waited for, so that one slow PDF cannot hold up the pipeline. Rust
//! cannot stop a thread, so an abandoned reader runs on until it ends; at most
//! [`MAX_RUNAWAY`] may run at once, and while that many do, further extractions are refused
//! with a note rather than started.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Once};
use std::time::Duration;

use crate::problem::Reason;

/// The name of reader threads, whose panics (caught, and reported as a note on the
/// attachment) are not printed.
const READER_THREAD: &str = "trawl-extract";

/// Readers past their time still running, at most.
pub const MAX_RUNAWAY: usize = 4;

/// Readers past their time still running.
static RUNAWAY: AtomicUsize = AtomicUsize::new(0);

const RUNNING: u8 = 0;
const DONE: u8 = 1;
const ABANDONED: u8 = 2;

/// The result of `work`, or why there is none: it took longer than `limit`, or too many
/// abandoned readers still run.
pub fn within<W>(limit: Duration, work: W) -> Result<String, Reason>
where
    W: FnOnce() -> Result<String, Reason> + Send + 'static,
{
    if RUNAWAY.load(Ordering::Acquire) >= MAX_RUNAWAY {
        return Err(Reason::RunawayReaders(MAX_RUNAWAY));
    }
    quiet_reader_panics();
    let state = Arc::new(AtomicU8::new(RUNNING));
    let (tx, rx) = sync_channel(1);
    let shared = Arc::clone(&state);
    let spawned = std::thread::Builder::new()
        .name(READER_THREAD.into())
        .spawn(move || {
            let _ = tx.send(work());
            finish(&shared);
        });
    if let Err(e) = spawned {
        return Err(Reason::NoThread(e.to_string()));
    }
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| abandon(&state, limit))
}

/// Keeps the panic hook from printing the panics of reader threads: a hostile attachment
/// would otherwise write a backtrace into the middle of `trawl index`'s report, though the
/// panic is caught and the attachment reported. Other threads' panics print as before.
fn quiet_reader_panics() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(READER_THREAD) {
                previous(info);
            }
        }));
    });
}

/// Marks a reader done; one that was abandoned no longer counts as running away.
fn finish(state: &AtomicU8) {
    if state
        .compare_exchange(RUNNING, DONE, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        RUNAWAY.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Stops waiting for a reader past `limit` (unless it has just finished).
fn abandon(state: &AtomicU8, limit: Duration) -> Result<String, Reason> {
    RUNAWAY.fetch_add(1, Ordering::AcqRel);
    if state
        .compare_exchange(RUNNING, ABANDONED, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        RUNAWAY.fetch_sub(1, Ordering::AcqRel);
    }
    Err(Reason::TookTooLong(limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Waits up to 5 s for the abandoned readers to end.
    fn runaways_after_they_end() -> usize {
        for _ in 0..100 {
            if RUNAWAY.load(Ordering::Acquire) == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        RUNAWAY.load(Ordering::Acquire)
    }

    #[test]
    fn slow_readers_are_abandoned_and_counted_until_they_end() {
        let quick = within(Duration::from_secs(5), || Ok("fast".into()));
        assert_eq!(quick, Ok("fast".into()));
        let (release, stuck) = std::sync::mpsc::channel::<()>();
        let slow = within(Duration::from_millis(20), move || {
            let _ = stuck.recv();
            Ok("late".into())
        })
        .map_err(|reason| reason.to_string());
        let note = "not read: took longer than the 0.02 s allowed per attachment \
                    (--max-extract-seconds)";
        assert_eq!(slow, Err(note.to_owned()));
        assert!(RUNAWAY.load(Ordering::Acquire) >= 1);
        let meanwhile = within(Duration::from_secs(5), || Ok("meanwhile".into()));
        assert_eq!(
            meanwhile,
            Ok("meanwhile".into()),
            "a stuck reader holds up no other"
        );
        assert!(release.send(()).is_ok(), "the stuck reader still waits");
        assert_eq!(
            runaways_after_they_end(),
            0,
            "an abandoned reader that ends stops counting"
        );
    }
}
