#!/usr/bin/env bash
# Builds trawl, indexes the bundled sample dump and the news articles, and runs a few queries.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release --quiet
trawl=target/release/trawl
index=$(mktemp -d)/index
samples=(seeds)
[[ -d corpus-samples ]] && samples+=(corpus-samples)
"$trawl" --index "$index" index "${samples[@]}"
echo; echo '$ trawl search macronleaks'
"$trawl" --index "$index" search --limit 3 macronleaks
echo '$ trawl search --sort date "kushner OR assange"'
"$trawl" --index "$index" search --limit 3 --sort date 'kushner OR assange'
echo '$ trawl stats'
"$trawl" --index "$index" stats
