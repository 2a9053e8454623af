#!/usr/bin/env bash
# trawl on an Outlook PST against trawl on the same messages as an mbox, and against
# readpst (libpst) converting the PST to mbox files, which is what one would otherwise run
# before indexing. The PST is written by Aspose.Email (PyPI, evaluation mode) from the first
# N messages of an mbox (benches/pst_corpus.py).
#
#   benches/pst.sh MBOX [N]        # N messages, 2000 by default; three runs each, medians
set -euo pipefail
cd "$(dirname "$0")/.."
mbox=$1 n=${2:-2000}
work=$(mktemp -d /tmp/trawl-pst-bench.XXXXXX)
venv=${PST_VENV:-/tmp/pst-venv}
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" -q install Aspose.Email-for-Python-via-NET; }
command -v readpst >/dev/null || { apt-get update -qq && apt-get install -y -qq pst-utils; }
cargo build -q --release --bin trawl
mkdir -p "$work/pst" "$work/mbox"
python3 -c "
import mailbox, sys
src, out, n = mailbox.mbox(sys.argv[1]), mailbox.mbox(sys.argv[2]), int(sys.argv[3])
for i, m in zip(range(n), src): out.add(m)
out.flush()" "$mbox" "$work/mbox/first.mbox" "$n"
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$venv/bin/python" benches/pst_corpus.py \
    "$work/mbox/first.mbox" "$work/pst/store.pst" "$n"
median() { sort -n | sed -n 2p; }
time_of() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
for what in pst mbox; do
    t=$(for r in 1 2 3; do rm -rf "$work/ix-$what"; time_of target/release/trawl --index "$work/ix-$what" index "$work/$what"; done | median)
    echo "trawl index, $what: $t s"
done
t=$(for r in 1 2 3; do rm -rf "$work/rp"; mkdir "$work/rp"; time_of readpst -q -o "$work/rp" "$work/pst/store.pst"; done | median)
echo "readpst to mbox files: $t s"
for q in kind:email kind:attachment has:attachment; do
    echo "$q: pst $(target/release/trawl --index "$work/ix-pst" count "$q"), mbox $(target/release/trawl --index "$work/ix-mbox" count "$q")"
done
rm -rf "$work"
