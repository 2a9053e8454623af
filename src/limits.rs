//! Named limits on what one message may cost to read, so that a hostile or broken message (a
//! 2 GB attachment, a million header lines, MIME nested a thousand deep) cannot exhaust memory
//! or time. Past a limit the message is still indexed with what was read, headers at least,
//! and the truncation is recorded with the message's location; nothing is dropped.

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

impl Default for Limits {
    fn default() -> Limits {
        Limits::new(
            MESSAGE_MB,
            MIME_DEPTH,
            HEADER_COUNT,
            HEADER_KB,
            TEXT_MB,
            ATTACHMENT_TEXT_MB,
        )
    }
}

impl Limits {
    /// Limits from the units the flags use (MB, KB, counts); values too large for this
    /// machine's address space saturate.
    pub fn new(
        message_mb: u64,
        mime_depth: u64,
        header_count: u64,
        header_kb: u64,
        text_mb: u64,
        attachment_text_mb: u64,
    ) -> Limits {
        let size =
            |n: u64, unit: u64| usize::try_from(n.saturating_mul(unit)).unwrap_or(usize::MAX);
        Limits {
            message_bytes: size(message_mb, 1 << 20),
            mime_depth: size(mime_depth, 1),
            header_count: size(header_count, 1),
            header_bytes: size(header_kb, 1 << 10),
            text_bytes: size(text_mb, 1 << 20),
            attachment_text_bytes: size(attachment_text_mb, 1 << 20),
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
}
