#!/usr/bin/env bash
# Builds trawl, indexes the bundled sample dump and the news articles, and runs a few queries.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release --quiet
trawl=target/release/trawl
index=$(mktemp -d)/index
samples=(seeds)
samples+=(corpus-samples/mbox corpus-samples/maildir corpus-samples/eml corpus-samples/misc corpus-samples/stores corpus-samples/archives)
"$trawl" --index "$index" index "${samples[@]}"
echo; echo '$ trawl search macronleaks'
"$trawl" --index "$index" search --limit 3 macronleaks
echo '$ trawl search --sort date "kushner OR assange"'
"$trawl" --index "$index" search --limit 3 --sort date 'kushner OR assange'
echo '$ trawl search farandolite   # a word inside a PDF attached to a message of an Outlook PST'
"$trawl" --index "$index" search --limit 3 farandolite
echo '$ trawl facets --by attachment-type kind:attachment   # the distinct attached files, by type'
"$trawl" --index "$index" facets --by attachment-type --top 5 kind:attachment
echo
echo '$ trawl search from:moreau date:2017-05'
"$trawl" --index "$index" search --limit 3 'from:moreau date:2017-05'
echo '$ trawl search --explain elections'
"$trawl" --index "$index" search --explain elections
echo; echo '$ trawl facets --by domain --top 5 kind:email'
"$trawl" --index "$index" facets --by domain --top 5 kind:email
echo; echo '$ trawl timeline kind:email'
"$trawl" --index "$index" timeline kind:email
echo; echo '$ trawl search --threads reservation'
"$trawl" --index "$index" search --threads reservation
first=$("$trawl" --index "$index" search --format ids --limit 1 --sort date 'subject:reservation')
echo "\$ trawl thread ${first:0:8}"
"$trawl" --index "$index" thread "${first:0:8}"
echo; echo "\$ trawl tag +a-verifier thread:${first:0:8}; trawl tags"
"$trawl" --index "$index" tag +a-verifier "thread:${first:0:8}"
"$trawl" --index "$index" tags
echo; echo "\$ trawl export tag:a-verifier --to EXPORT; trawl verify EXPORT"
export_dir=$(dirname "$index")/export
"$trawl" --index "$index" export tag:a-verifier --to "$export_dir"
"$trawl" verify "$export_dir"
echo; echo '$ printf "benali\nmoreau\n" | trawl batch -'
printf 'benali\nmoreau\n' | "$trawl" --index "$index" batch -
echo; echo '$ trawl contacts --limit 5'
"$trawl" --index "$index" contacts --limit 5
echo; echo '$ trawl graph --format dot subject:reservation'
"$trawl" --index "$index" graph --format dot subject:reservation
echo; echo '$ trawl stats'
"$trawl" --index "$index" stats
