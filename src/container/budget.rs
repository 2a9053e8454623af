//! Counting every decompressed byte read from one archive on disk against its budget (see
//! [`crate::limits::ContainerLimits::budget`]), so that a zip bomb ends at the limit instead
//! of filling memory or running for hours.
//!
//! Past the budget a counted reader reports the end of its data: whatever was read so far is
//! indexed as usual, and the walker, seeing [`Budget::exhausted`], records the truncation.

use std::cell::Cell;
use std::io::{self, Read};

/// Decompressed bytes still allowed for one archive, shared by every level of it.
pub struct Budget {
    left: Cell<u64>,
    exhausted: Cell<bool>,
    /// The bound and the flag that sets it, for the report.
    pub limit: (u64, &'static str),
}

impl Budget {
    /// A budget of `limit.0` bytes, set by the flag `limit.1`.
    pub fn new(limit: (u64, &'static str)) -> Budget {
        Budget {
            left: Cell::new(limit.0),
            exhausted: Cell::new(false),
            limit,
        }
    }

    /// True once a read was cut short by the budget.
    pub fn exhausted(&self) -> bool {
        self.exhausted.get()
    }

    /// A reader over `inner` whose bytes are counted against this budget.
    pub fn counted<'a>(&'a self, inner: &'a mut dyn Read) -> Counted<'a> {
        Counted {
            inner,
            budget: self,
        }
    }
}

/// A reader that stops (end of data) when its [`Budget`] runs out.
pub struct Counted<'a> {
    inner: &'a mut dyn Read,
    budget: &'a Budget,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.budget.left.get();
        if left == 0 {
            let more = !buf.is_empty() && self.inner.read(&mut [0])? > 0;
            self.budget
                .exhausted
                .set(self.budget.exhausted.get() || more);
            return Ok(0);
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.budget.left.set(left - n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_at_the_budget_and_says_so() {
        let budget = Budget::new((10, "--max-container-size"));
        let mut data: &[u8] = &[7; 100];
        let mut got = Vec::new();
        let read = budget.counted(&mut data).read_to_end(&mut got);
        assert_eq!(read.ok(), Some(10));
        assert!(budget.exhausted());
        let small = Budget::new((10, "--max-container-size"));
        let mut data: &[u8] = &[7; 10];
        let mut got = Vec::new();
        let _ = small.counted(&mut data).read_to_end(&mut got);
        assert!(!small.exhausted(), "exactly the budget is not past it");
    }
}
