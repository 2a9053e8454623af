//! Progress on stderr (bytes, MB/s, messages/s), drawn only when stderr is a terminal.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar over the bytes of all sources.
pub struct Progress {
    bar: ProgressBar,
    messages: AtomicU64,
    start: Instant,
}

impl Progress {
    /// A bar over `total` bytes; hidden unless `visible`.
    pub fn new(total: u64, visible: bool) -> Progress {
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(total), target);
        let style = ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} {msg}",
        )
        .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        Progress {
            bar,
            messages: AtomicU64::new(0),
            start: Instant::now(),
        }
    }

    /// One more unit of `bytes` bytes done.
    pub fn advance(&self, bytes: u64) {
        let n = self.messages.fetch_add(1, Ordering::Relaxed) + 1;
        self.bar.inc(bytes);
        if n == 1 || n.is_multiple_of(512) {
            let rate = n as f64 / self.start.elapsed().as_secs_f64().max(1e-3);
            self.bar
                .set_message(format!("{n} messages, {rate:.0} msg/s"));
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
