"""Turns a real mail archive into the layout `benches/peers.sh --corpus` reads: one mboxrd file
and the same messages as a maildir. Used by `benches/real.sh`; byte-exact and streaming, so a
540 MB mbox never sits in memory.

    python3 real_corpus.py mbox-from-files SRC_DIR OUT.mbox
        every regular file under SRC_DIR (sorted by path) as one message of an mboxrd file
    python3 real_corpus.py head MBOX OUT.mbox N
        the first N messages of an mboxrd file, byte for byte
    python3 real_corpus.py maildir-from-mbox MBOX MAILDIR
        every message of an mboxrd file as a file of MAILDIR/cur (MAILDIR/new and tmp empty)

Each prints the number of messages it wrote on stdout.

mboxrd: a message is written after an envelope line `From SENDER DATE`, with one more `>` put
before every line matching `^>*From `, a final newline where one was missing, then one blank
line. Read back, a separator is a line starting `From ` (every other such line was quoted),
one `>` is taken off lines matching `^>+From `, and the blank line before the next separator
(or the end of the file) is dropped: what comes back are the bytes the message had, plus the
final newline where one was missing. The lore archive in ../shared/corpora is written the same
way (see its README).
"""
import os
import re
import sys

QUOTED = re.compile(rb"^>*From ")
UNQUOTE = re.compile(rb"^>+From ")
ENVELOPE = b"From bench@real.invalid Thu Jan  1 00:00:00 1970\n"


def messages(mbox_path):
    """Yields each message of an mboxrd file as a list of its unquoted lines."""
    lines = None
    with open(mbox_path, "rb", buffering=1 << 20) as f:
        for line in f:
            if line.startswith(b"From "):
                if lines is not None:
                    yield finish(lines)
                lines = []
            elif lines is None:
                raise SystemExit("%s: does not start with a 'From ' line" % mbox_path)
            elif UNQUOTE.match(line):
                lines.append(line[1:])
            else:
                lines.append(line)
    if lines is not None:
        yield finish(lines)


def finish(lines):
    """Drops the blank line that separates a message from the next one."""
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines.pop()
    return lines


def write_message(out, data):
    """Writes one message's bytes in mboxrd form."""
    out.write(ENVELOPE)
    for line in data.splitlines(keepends=True):
        out.write(b">" + line if QUOTED.match(line) else line)
    if not data.endswith(b"\n"):
        out.write(b"\n")
    out.write(b"\n")


def mbox_from_files(src_dir, out_path):
    paths = []
    for root, dirs, files in os.walk(src_dir):
        dirs.sort()
        paths.extend(os.path.join(root, name) for name in files)
    paths.sort()
    count = 0
    with open(out_path, "wb", buffering=1 << 20) as out:
        for path in paths:
            if not os.path.isfile(path) or os.path.islink(path):
                continue
            with open(path, "rb") as f:
                write_message(out, f.read())
            count += 1
    return count


def head(mbox_path, out_path, limit):
    """Copies the file up to its (limit + 1)-th separator, byte for byte."""
    count = 0
    with open(mbox_path, "rb", buffering=1 << 20) as f, open(out_path, "wb", buffering=1 << 20) as out:
        for line in f:
            if line.startswith(b"From "):
                if count == limit:
                    break
                count += 1
            out.write(line)
    return count


def maildir_from_mbox(mbox_path, maildir):
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=False)
    count = 0
    for lines in messages(mbox_path):
        count += 1
        name = "%08d.real.bench:2,S" % count
        with open(os.path.join(maildir, "cur", name), "wb") as f:
            f.writelines(lines)
    return count


def main(argv):
    if len(argv) == 4 and argv[1] == "mbox-from-files":
        print(mbox_from_files(argv[2], argv[3]))
    elif len(argv) == 5 and argv[1] == "head":
        print(head(argv[2], argv[3], int(argv[4])))
    elif len(argv) == 4 and argv[1] == "maildir-from-mbox":
        print(maildir_from_mbox(argv[2], argv[3]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
