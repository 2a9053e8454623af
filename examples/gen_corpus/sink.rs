//! Where messages go: one mboxrd file (envelope line, `>From ` quoting, blank separator) and a
//! maildir (`cur/` with flags, `new/`, empty `tmp/`) holding the same bytes unquoted.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use fastrand::Rng;

use crate::clock;
use crate::message::Email;

/// Mixed into the seed so that maildir names do not replay the message stream.
const MAILDIR_STREAM: u64 = 0x006d_6169_6c64_6972;

/// Byte counts of the two copies.
#[derive(Default)]
pub struct Sizes {
    /// Size of `mbox/corpus.mbox`.
    pub mbox: u64,
    /// Total size of the maildir's files.
    pub maildir: u64,
}

/// The open outputs.
pub struct Sink {
    /// `mbox/corpus.mbox`, buffered.
    mbox: BufWriter<File>,
    /// Path of the mbox, for error messages.
    mbox_path: PathBuf,
    /// The maildir root.
    maildir: PathBuf,
    /// Maildir file names and flags.
    rng: Rng,
    /// Bytes written so far.
    sizes: Sizes,
}

impl Sink {
    /// Creates `out/mbox/corpus.mbox` and the maildir; `seed` fixes the maildir names.
    pub fn create(out: &Path, seed: u64) -> anyhow::Result<Sink> {
        let (mbox_path, maildir) = create_layout(out)?;
        let file = File::create(&mbox_path)
            .with_context(|| format!("creating {}", mbox_path.display()))?;
        Ok(Sink {
            mbox: BufWriter::with_capacity(1 << 20, file),
            mbox_path,
            maildir,
            rng: Rng::with_seed(seed ^ MAILDIR_STREAM),
            sizes: Sizes::default(),
        })
    }

    /// Writes message number `index` to both places.
    pub fn write(&mut self, index: usize, email: &Email) -> anyhow::Result<()> {
        self.append_mbox(email)
            .with_context(|| format!("writing {}", self.mbox_path.display()))?;
        let path = self.maildir_path(index, email.date);
        fs::write(&path, &email.bytes).with_context(|| format!("writing {}", path.display()))?;
        self.sizes.maildir += email.bytes.len() as u64;
        Ok(())
    }

    /// Flushes the mbox and returns the byte counts.
    pub fn finish(mut self) -> anyhow::Result<Sizes> {
        self.mbox
            .flush()
            .with_context(|| format!("writing {}", self.mbox_path.display()))?;
        Ok(self.sizes)
    }

    /// Appends the envelope line, the quoted message and a blank line, with the message's own
    /// line ending.
    fn append_mbox(&mut self, email: &Email) -> std::io::Result<()> {
        let newline: &[u8] = if email.bytes.ends_with(b"\r\n") {
            b"\r\n"
        } else {
            b"\n"
        };
        let envelope = format!("From {} {}", email.sender, clock::asctime(email.date));
        self.mbox.write_all(envelope.as_bytes())?;
        self.mbox.write_all(newline)?;
        let mut written = envelope.len() + 2 * newline.len();
        for line in email.bytes.split_inclusive(|&byte| byte == b'\n') {
            if is_from_line(line) {
                self.mbox.write_all(b">")?;
                written += 1;
            }
            self.mbox.write_all(line)?;
            written += line.len();
        }
        self.mbox.write_all(newline)?;
        self.sizes.mbox += written as u64;
        Ok(())
    }

    /// A unique maildir file name: 90% read messages in `cur/` with flags, the rest in `new/`.
    fn maildir_path(&mut self, index: usize, date: i64) -> PathBuf {
        let name = format!(
            "{date}.M{}P{}Q{}.gen",
            self.rng.u32(..1_000_000),
            self.rng.u32(1_000..60_000),
            index + 1
        );
        let flags = match self.rng.u8(..20) {
            0 | 1 => return self.maildir.join("new").join(name),
            2..=5 => "RS",
            6 => "FS",
            _ => "S",
        };
        self.maildir.join("cur").join(format!("{name}:2,{flags}"))
    }
}

/// Creates `out/mbox/` and `out/maildir/{cur,new,tmp}`, refusing to mix with an earlier run's
/// files; returns the mbox file's path and the maildir root.
fn create_layout(out: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let (mbox_dir, maildir) = (out.join("mbox"), out.join("maildir"));
    if mbox_dir.exists() || maildir.exists() {
        bail!(
            "{} already holds mbox/ or maildir/: remove them first",
            out.display()
        );
    }
    let subdirectories = ["cur", "new", "tmp"].map(|name| maildir.join(name));
    for dir in std::iter::once(&mbox_dir).chain(&subdirectories) {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    Ok((mbox_dir.join("corpus.mbox"), maildir))
}

/// Whether an mboxrd writer must quote the line: `From ` after any number of `>`.
fn is_from_line(line: &[u8]) -> bool {
    let quotes = line.iter().take_while(|&&byte| byte == b'>').count();
    line[quotes..].starts_with(b"From ")
}
