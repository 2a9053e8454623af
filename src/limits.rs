//! Named limits on what one message may cost to read, so that a hostile or broken message (a
//! 2 GB attachment, a million header lines, MIME nested a thousand deep) cannot exhaust memory
//! or time. Past a limit the message is still indexed with what was read, headers at least,
//! and the truncation is recorded with the message's location; nothing is dropped.
//!
//! The time one attachment's reader may take is a limit of the same kind: past it, the message
//! is indexed without that attachment's text, and the attachment is named in the record.
//!
//! [`ContainerLimits`] do the same for archives (zip bombs, nesting without end, millions of
//! members): past one, what was read is indexed and the truncation is recorded with the
//! archive's or member's location.

use std::time::Duration;

/// The limits, each with a default fit for a laptop and a flag of `trawl index` to change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of a message that are parsed (`--max-message-size`, MB).
    pub message_bytes: usize,
    /// Depth of nested MIME parts and forwarded messages that is opened (`--max-mime-depth`).
    pub mime_depth: usize,
    /// Header fields read per message (`--max-headers`).
    pub header_count: usize,
    /// Bytes of a header block read (`--max-header-size`, KB).
    pub header_bytes: usize,
    /// Bytes of text indexed per message, forwarded messages included (`--max-text-size`, MB).
    pub text_bytes: usize,
    /// Bytes of text read from one attachment (`--max-attachment-text-size`, MB); 0 reads none.
    pub attachment_text_bytes: usize,
    /// Time one attachment's reader (PDF, office document, RTF) may run before its text is
    /// given up (`--max-extract-seconds`; see [`crate::extract`]).
    pub extract_time: Duration,
}

/// Default `--max-message-size`, in MB.
pub const MESSAGE_MB: u64 = 256;
/// Default `--max-mime-depth`.
pub const MIME_DEPTH: u64 = 32;
/// Default `--max-headers`.
pub const HEADER_COUNT: u64 = 2000;
/// Default `--max-header-size`, in KB.
pub const HEADER_KB: u64 = 1024;
/// Default `--max-text-size`, in MB.
pub const TEXT_MB: u64 = 16;
/// Default `--max-attachment-text-size`, in MB.
pub const ATTACHMENT_TEXT_MB: u64 = 4;
/// Default `--max-extract-seconds`.
pub const EXTRACT_SECONDS: u64 = 10;

/// The limits in the units of `trawl index`'s flags (MB, KB, counts, seconds), each named:
/// what the CLI builds, with `..LimitFlags::default()` for the flags not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitFlags {
    /// `--max-message-size`, in MB.
    pub message_mb: u64,
    /// `--max-mime-depth`.
    pub mime_depth: u64,
    /// `--max-headers`.
    pub header_count: u64,
    /// `--max-header-size`, in KB.
    pub header_kb: u64,
    /// `--max-text-size`, in MB.
    pub text_mb: u64,
    /// `--max-attachment-text-size`, in MB.
    pub attachment_text_mb: u64,
    /// `--max-extract-seconds`.
    pub extract_seconds: u64,
}

impl Default for LimitFlags {
    fn default() -> LimitFlags {
        LimitFlags {
            message_mb: MESSAGE_MB,
            mime_depth: MIME_DEPTH,
            header_count: HEADER_COUNT,
            header_kb: HEADER_KB,
            text_mb: TEXT_MB,
            attachment_text_mb: ATTACHMENT_TEXT_MB,
            extract_seconds: EXTRACT_SECONDS,
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::from(LimitFlags::default())
    }
}

impl Limits {
    /// The default limits without reading attachments for text: what reading a message back
    /// needs when only its bytes, headers or body matter (an id's check, a header's recheck,
    /// a snippet cut from the body), at the cost of a parse and no more.
    pub fn without_attachment_text() -> Limits {
        Limits {
            attachment_text_bytes: 0,
            ..Limits::default()
        }
    }
}

/// Limits from the units the flags use; values too large for this machine's address space
/// saturate.
impl From<LimitFlags> for Limits {
    fn from(flags: LimitFlags) -> Limits {
        Limits {
            message_bytes: bytes(flags.message_mb, 1 << 20),
            mime_depth: bytes(flags.mime_depth, 1),
            header_count: bytes(flags.header_count, 1),
            header_bytes: bytes(flags.header_kb, 1 << 10),
            text_bytes: bytes(flags.text_mb, 1 << 20),
            attachment_text_bytes: bytes(flags.attachment_text_mb, 1 << 20),
            extract_time: Duration::from_secs(flags.extract_seconds),
        }
    }
}

/// `n` units of `unit` bytes (or things), saturating at what this machine can address.
fn bytes(n: u64, unit: u64) -> usize {
    usize::try_from(n.saturating_mul(unit)).unwrap_or(usize::MAX)
}

/// What reading one archive on disk, members and nested archives included, may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContainerLimits {
    /// Decompressed bytes read from one archive, at every level (`--max-container-size`, MB).
    pub total_bytes: u64,
    /// Decompressed bytes per byte of the archive on disk (`--max-container-ratio`); checked
    /// once [`RATIO_FLOOR`] bytes were read, so that a tiny archive of text is never refused.
    pub ratio: u64,
    /// Archives opened inside one another, the one on disk being 1 (`--max-container-depth`).
    pub depth: usize,
    /// Entries read from one archive, directories included (`--max-container-members`).
    pub members: u64,
}

/// Default `--max-container-size`, in MB (4 GB).
pub const CONTAINER_MB: u64 = 4096;
/// Default `--max-container-ratio`: text compresses 3 to 20 times; a bomb thousands of times.
pub const CONTAINER_RATIO: u64 = 200;
/// Default `--max-container-depth`.
pub const CONTAINER_DEPTH: u64 = 8;
/// Default `--max-container-members`.
pub const CONTAINER_MEMBERS: u64 = 1_000_000;
/// Decompressed bytes an archive may always yield, whatever its ratio (16 MB).
pub const RATIO_FLOOR: u64 = 16 << 20;

/// The container limits in the units of `trawl index`'s flags (MB, counts), each named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContainerLimitFlags {
    /// `--max-container-size`, in MB.
    pub size_mb: u64,
    /// `--max-container-ratio`.
    pub ratio: u64,
    /// `--max-container-depth`.
    pub depth: u64,
    /// `--max-container-members`.
    pub members: u64,
}

impl Default for ContainerLimitFlags {
    fn default() -> ContainerLimitFlags {
        ContainerLimitFlags {
            size_mb: CONTAINER_MB,
            ratio: CONTAINER_RATIO,
            depth: CONTAINER_DEPTH,
            members: CONTAINER_MEMBERS,
        }
    }
}

impl Default for ContainerLimits {
    fn default() -> ContainerLimits {
        ContainerLimits::from(ContainerLimitFlags::default())
    }
}

/// Container limits from the units the flags use; values too large saturate.
impl From<ContainerLimitFlags> for ContainerLimits {
    fn from(flags: ContainerLimitFlags) -> ContainerLimits {
        ContainerLimits {
            total_bytes: flags.size_mb.saturating_mul(1 << 20),
            ratio: flags.ratio,
            depth: usize::try_from(flags.depth).unwrap_or(usize::MAX),
            members: flags.members,
        }
    }
}

impl ContainerLimits {
    /// Decompressed bytes allowed for an archive of `archive_bytes` on disk, and the flag
    /// that sets the bound reached first.
    pub fn budget(&self, archive_bytes: u64) -> (u64, &'static str) {
        let by_ratio = archive_bytes.saturating_mul(self.ratio).max(RATIO_FLOOR);
        if by_ratio < self.total_bytes {
            (by_ratio, "--max-container-ratio")
        } else {
            (self.total_bytes, "--max-container-size")
        }
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let end = (0..=max)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_end_on_character_boundaries() {
        assert_eq!(prefix("élection", 1), "");
        assert_eq!(prefix("élection", 2), "é");
        assert_eq!(prefix("élection", 100), "élection");
    }

    #[test]
    fn container_budget_is_the_lower_of_size_and_ratio() {
        let limits = ContainerLimits::from(ContainerLimitFlags {
            size_mb: 1024,
            ratio: 100,
            depth: 8,
            members: 10,
        });
        assert_eq!(limits.budget(1 << 20), (100 << 20, "--max-container-ratio"));
        assert_eq!(limits.budget(1 << 30), (1 << 30, "--max-container-size"));
        assert_eq!(limits.budget(10), (RATIO_FLOOR, "--max-container-ratio"));
    }
}
