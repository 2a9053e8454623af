#!/usr/bin/env bash
# One file attached to every email (a signature logo): one attachment document with as many
# locations as emails. Times a first index of N emails, then a run after 100 more emails
# carrying the same file are appended (the file read again, every known location met again).
#
#   benches/shared_attachment.sh [N]     # 20000 by default
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
work=$(mktemp -d /tmp/trawl-shared-attachment.XXXXXX)
cargo build -q --release --bin trawl
write() {
    python3 - "$work/dump/logos.mbox" "$1" "$2" <<'PY'
import base64, sys
path, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
logo = base64.b64encode(open("corpus-samples/misc/logo.png", "rb").read()).decode()
with open(path, "a") as f:
    for i in range(start, end):
        f.write(f"From a@x.example Mon Jun  5 10:00:00 2017\nMessage-ID: <m{i}@x.example>\n"
                f"From: a@x.example\nSubject: s{i}\nContent-Type: multipart/related; boundary=b\n\n"
                f"--b\nContent-Type: text/plain\n\nword{i}\n--b\nContent-Type: image/png; name=logo.png\n"
                f"Content-Disposition: inline; filename=logo.png\nContent-Transfer-Encoding: base64\n\n"
                f"{logo}\n--b--\n\n")
PY
}
mkdir -p "$work/dump"
write 0 "$n"
time_of() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
echo "first index, $n emails: $(time_of target/release/trawl --index "$work/ix" index "$work/dump") s"
write "$n" "$((n + 100))"
echo "100 more appended: $(time_of target/release/trawl --index "$work/ix" index "$work/dump") s"
echo "attachment documents: $(target/release/trawl --index "$work/ix" count kind:attachment)"
rm -rf "$work"
