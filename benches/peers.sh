#!/usr/bin/env bash
# benches/peers.sh: time trawl against mairix, mu and notmuch on one generated corpus (issue #3).
#
# Full index from an empty database for every tool (wall seconds, peak RSS, index size, messages
# indexed), then warm query latency of trawl and mairix with hyperfine. Prints two markdown
# tables and writes them to WORKDIR/results.md. See benches/README.md.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: benches/peers.sh [--messages N] [--seed S] [--runs R] [--workdir DIR] [--keep] [--corpus DIR]
                        [--only TOOL,...] [--mairix-split N] [--query-input mbox|maildir]

  --messages N   messages in the generated corpus (default 71848)
  --seed S       generator seed (default 1)
  --runs R       full index runs per tool; with R > 1 the median is reported (default 1;
                 numbers for docs/PERFORMANCE.md: --runs 3)
  --workdir DIR  where the corpus, indexes, logs and results.md go (default: a new mktemp
                 directory, removed at the end unless --keep; a DIR you give is never removed)
  --keep         keep the mktemp work directory
  --corpus DIR   use an existing corpus with the gen_corpus layout (DIR/mbox/corpus.mbox,
                 DIR/maildir/{cur,new,tmp}, DIR/queries.tsv) instead of generating one
  --only LIST    run only these tools, comma-separated among trawl,mairix,mu,notmuch
                 (default: all four; e.g. --only trawl,mairix skips the slow mu and notmuch)
  --mairix-split N
                 mairix refuses an mbox of more than 65,536 messages: an mbox with more than N
                 messages is split at message boundaries into parts of at most N messages (in
                 the work directory, untimed) for mairix only (default 60000, at most 65536)
  --query-input mbox|maildir
                 which indexes of trawl and mairix the queries run on (default mbox; if
                 mairix could not index the mbox, maildir)
EOF
}

note() { printf '[peers] %s\n' "$*" >&2; }
die() {
	printf 'peers.sh: %s\n' "$*" >&2
	exit 1
}

MESSAGES=71848
SEED=1
RUNS=1
WORKDIR=""
KEEP=0
CORPUS=""
ONLY=trawl,mairix,mu,notmuch
MAIRIX_SPLIT=60000
QUERY_INPUT=mbox

while (($#)); do
	case $1 in
	--messages | --seed | --runs | --workdir | --corpus | --only | --mairix-split | --query-input)
		(($# >= 2)) || die "$1 needs a value"
		case $1 in
		--messages) MESSAGES=$2 ;;
		--seed) SEED=$2 ;;
		--runs) RUNS=$2 ;;
		--workdir) WORKDIR=$2 ;;
		--corpus) CORPUS=$2 ;;
		--only) ONLY=$2 ;;
		--mairix-split) MAIRIX_SPLIT=$2 ;;
		--query-input) QUERY_INPUT=$2 ;;
		esac
		shift 2
		;;
	--keep)
		KEEP=1
		shift
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		usage >&2
		exit 2
		;;
	esac
done
[[ $MESSAGES =~ ^[1-9][0-9]*$ ]] || die "--messages must be a positive integer, not '$MESSAGES'"
[[ $SEED =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer, not '$SEED'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$RUNS'"
[[ $QUERY_INPUT == mbox || $QUERY_INPUT == maildir ]] ||
	die "--query-input must be mbox or maildir, not '$QUERY_INPUT'"
if ! [[ $MAIRIX_SPLIT =~ ^[1-9][0-9]*$ ]] || ((MAIRIX_SPLIT > 65536)); then
	die "--mairix-split must be an integer from 1 to 65536, not '$MAIRIX_SPLIT'"
fi
# WANT[tool]=1 for the tools that run; SKIPPED: the others, in the usual order.
declare -A WANT=()
IFS=, read -r -a only_list <<<"$ONLY"
for t in "${only_list[@]}"; do
	case $t in
	trawl | mairix | mu | notmuch) WANT[$t]=1 ;;
	*) die "--only: unknown tool '$t' (trawl, mairix, mu, notmuch)" ;;
	esac
done
((${#WANT[@]})) || die "--only needs at least one of trawl, mairix, mu, notmuch"
SKIPPED=()
for t in trawl mairix mu notmuch; do [[ -n ${WANT[$t]:-} ]] || SKIPPED+=("$t"); done
wants() { [[ -n ${WANT[$1]:-} ]]; }

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd)
# shellcheck source=benches/common.sh
source "$SCRIPT_DIR/common.sh"
export LC_ALL=C.UTF-8

# ---------------------------------------------------------------------------------------------
# 1. Tools (apt, only when something is missing)
# ---------------------------------------------------------------------------------------------
install_missing() {
	local -a need=(hyperfine:hyperfine /usr/bin/time:time python3:python3)
	if wants mairix; then need+=(mairix:mairix); fi
	if wants mu; then need+=(mu:maildir-utils); fi
	if wants notmuch; then need+=(notmuch:notmuch); fi
	install_tools "${need[@]}"
}
install_missing
command -v python3 >/dev/null 2>&1 || die "python3 is required"
command -v hyperfine >/dev/null 2>&1 || die "hyperfine is required (apt-get install hyperfine)"
[[ -x /usr/bin/time ]] || die "GNU time is required at /usr/bin/time (apt-get install time)"
command -v cargo >/dev/null 2>&1 || die "cargo is required"
# A peer that is missing (see have) is reported in the tables, not fatal.

# ---------------------------------------------------------------------------------------------
# Work directory
# ---------------------------------------------------------------------------------------------
TMP_WORKDIR=0
GENERATED=0
if [[ -z $WORKDIR ]]; then
	WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/trawl-peers.XXXXXX")
	TMP_WORKDIR=1
else
	mkdir -p -- "$WORKDIR"
	WORKDIR=$(cd -- "$WORKDIR" && pwd)
	if [[ -n $(ls -A -- "$WORKDIR") && ! -e $WORKDIR/.trawl-peers ]]; then
		die "--workdir $WORKDIR is not empty and was not made by peers.sh"
	fi
fi
: >"$WORKDIR/.trawl-peers"

finish() {
	local rc=$?
	if ((TMP_WORKDIR && !KEEP)); then
		if ((rc == 0)); then
			rm -rf -- "$WORKDIR"
		else
			note "stopped (exit $rc); work directory kept for inspection: $WORKDIR"
		fi
	fi
}
trap finish EXIT

LOGS=$WORKDIR/logs
mkdir -p -- "$LOGS" "$WORKDIR/home" "$WORKDIR/queries"
# mu and notmuch run with HOME and XDG dirs inside the work directory: nothing of theirs
# lands in the real home.
PEER_ENV=(env "HOME=$WORKDIR/home" "XDG_CONFIG_HOME=$WORKDIR/home/.config"
	"XDG_DATA_HOME=$WORKDIR/home/.local/share" "XDG_CACHE_HOME=$WORKDIR/home/.cache"
	"NOTMUCH_CONFIG=$WORKDIR/notmuch/config")

# ---------------------------------------------------------------------------------------------
# 3. Build and corpus
# ---------------------------------------------------------------------------------------------
TARGET=$(cd -- "$REPO" && cargo metadata --format-version 1 --no-deps |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
TRAWL=$TARGET/release/trawl
GEN=$TARGET/release/examples/gen_corpus
note "building trawl (release; waits if another build holds the target dir lock)"
if [[ -n $CORPUS ]]; then
	(cd -- "$REPO" && cargo build --release --bin trawl)
	[[ -d $CORPUS ]] || die "--corpus $CORPUS: no such directory"
	CORPUS=$(cd -- "$CORPUS" && pwd)
else
	(cd -- "$REPO" && cargo build --release --bin trawl --example gen_corpus)
	CORPUS=$WORKDIR/corpus
	GENERATED=1
	rm -rf -- "$CORPUS"
	note "generating $MESSAGES messages (seed $SEED) into $CORPUS"
	"$GEN" --messages "$MESSAGES" --out "$CORPUS" --seed "$SEED" >"$LOGS/gen_corpus.log" 2>&1 ||
		die "gen_corpus failed, see $LOGS/gen_corpus.log"
fi
MBOX=$CORPUS/mbox/corpus.mbox
MAILDIR=$CORPUS/maildir
QUERIES=$CORPUS/queries.tsv
[[ -f $MBOX ]] || die "missing $MBOX"
[[ -d $MAILDIR/cur && -d $MAILDIR/new ]] || die "missing $MAILDIR/{cur,new}"
[[ -f $QUERIES ]] || die "missing $QUERIES"

MAILDIR_FILES=$(find "$MAILDIR/cur" "$MAILDIR/new" -type f | wc -l)
if ((GENERATED)); then
	N=$MESSAGES
	((MAILDIR_FILES == N)) || note "WARNING: $MAILDIR holds $MAILDIR_FILES files, not $N"
else
	N=$MAILDIR_FILES
fi
MBOX_BYTES=$(stat -c %s -- "$MBOX")
MAILDIR_BYTES=$(bytes "$MAILDIR")
note "corpus: $N messages; mbox $(mb "$MBOX_BYTES") MB; maildir $(mb "$MAILDIR_BYTES") MB ($MAILDIR_FILES files)"

# ---------------------------------------------------------------------------------------------
# mairix and big mboxes (untimed preparation)
# ---------------------------------------------------------------------------------------------
# mairix refuses an mbox of more than 65,536 messages ("Too many messages in mbox ... (max
# 65536, ...)"). When corpus.mbox holds more than MAIRIX_SPLIT messages, mairix (and only
# mairix) gets it split at message boundaries into parts of at most MAIRIX_SPLIT messages, in
# the work directory: MAIRIX_MBOX_BASE/part1.mbox, part2.mbox, ... The parts concatenated are
# byte-identical to corpus.mbox (checked with cmp). Otherwise mairix reads corpus.mbox itself.
MAIRIX_MBOX_BASE=$CORPUS
MAIRIX_MBOX_PARTS=(mbox/corpus.mbox)
MBOX_MESSAGES=-
if wants mairix && have mairix; then
	split_dir=$WORKDIR/mairix/mbox-split
	rm -rf -- "$split_dir"
	mkdir -p -- "$split_dir"
	note "mairix: counting the mbox messages, splitting if more than $MAIRIX_SPLIT (untimed)"
	# Streams the mbox line by line. A separator is a line starting with "From " at the start of
	# the file or after a blank line (mboxrd: a "From " in a body is written ">From "). A part
	# is started at a separator once the current part holds MAIRIX_SPLIT messages; anything
	# before the first separator stays at the head of part 1. Prints "part-file messages" lines.
	python3 - "$MBOX" "$split_dir" "$MAIRIX_SPLIT" >"$split_dir/parts.txt" <<'PY'
import os, sys

src, out_dir, per = sys.argv[1], sys.argv[2], int(sys.argv[3])
names, counts, out = [], [], None

def new_part():
    global out
    if out is not None:
        out.close()
    names.append("part%d.mbox" % (len(names) + 1))
    counts.append(0)
    out = open(os.path.join(out_dir, names[-1]), "wb", buffering=1 << 20)

prev_blank = True  # the start of the file counts as "after a blank line"
with open(src, "rb", buffering=1 << 20) as f:
    for line in f:
        if prev_blank and line.startswith(b"From "):
            if out is None or counts[-1] >= per:
                new_part()
            counts[-1] += 1
        elif out is None:
            new_part()
        out.write(line)
        prev_blank = line == b"\n" or line == b"\r\n"
if out is not None:
    out.close()
for name, count in zip(names, counts):
    print(name, count)
PY
	mapfile -t split_names < <(awk '{ print $1 }' "$split_dir/parts.txt")
	MBOX_MESSAGES=$(awk '{ s += $2 } END { printf "%d\n", s }' "$split_dir/parts.txt")
	((MBOX_MESSAGES == N)) ||
		note "WARNING: $MBOX holds $MBOX_MESSAGES messages ('From ' separators), not $N"
	if ((${#split_names[@]} > 1)); then
		(cd -- "$split_dir" && cat -- "${split_names[@]}") | cmp -- - "$MBOX" ||
			die "the mairix mbox parts in $split_dir are not byte-identical to $MBOX"
		MAIRIX_MBOX_BASE=$split_dir
		MAIRIX_MBOX_PARTS=("${split_names[@]}")
		note "mairix gets the mbox in ${#split_names[@]} parts: $(tr '\n' ' ' <"$split_dir/parts.txt")(concatenation identical to corpus.mbox)"
	else
		# One part: mairix reads corpus.mbox itself.
		rm -rf -- "$split_dir"
	fi
fi
MAIRIX_NPARTS=${#MAIRIX_MBOX_PARTS[@]}

# ---------------------------------------------------------------------------------------------
# 4. Full index from an empty database, each tool on its own
# ---------------------------------------------------------------------------------------------
note "warm-up read of the corpus (untimed)"
cat -- "$MBOX" >/dev/null
if ((MAIRIX_NPARTS > 1)); then (cd -- "$MAIRIX_MBOX_BASE" && cat -- "${MAIRIX_MBOX_PARTS[@]}") >/dev/null; fi
find "$MAILDIR" -type f -exec cat -- {} + >/dev/null

# mairix_rc KIND: a mairixrc indexing only the mbox (corpus.mbox, or its parts: a colon-separated
# list), or only the maildir (paths relative to base; `...` = recursive), with raw output so that
# a search never writes a results folder.
mairix_rc() {
	local kind=$1 dir=$WORKDIR/mairix
	mkdir -p -- "$dir"
	{
		if [[ $kind == mbox ]]; then
			printf 'base=%s\n' "$MAIRIX_MBOX_BASE"
			printf 'mbox=%s\n' "$(
				IFS=:
				echo "${MAIRIX_MBOX_PARTS[*]}"
			)"
		else
			printf 'base=%s\n' "$CORPUS"
			printf 'maildir=maildir...\n'
		fi
		printf 'database=%s\n' "$dir/$kind.db"
		printf 'mfolder=%s\n' "$dir/mfolder-$kind"
		printf 'mformat=raw\n'
	} >"$dir/$kind.rc"
}

# Per tool: reset_KEY (empty database), index_KEY TIMEFILE LOG (the timed full index, writing
# "seconds kb" to TIMEFILE), count_KEY LOG (messages it says it indexed), and IDX[KEY] (what
# du -sb measures).
declare -A IDX=(
	[trawl_mbox]=$WORKDIR/trawl-mbox [trawl_maildir]=$WORKDIR/trawl-maildir
	[mairix_mbox]=$WORKDIR/mairix/mbox.db [mairix_maildir]=$WORKDIR/mairix/maildir.db
	[mu]=$WORKDIR/mu [notmuch]=$WORKDIR/notmuch/db
)

reset_trawl_mbox() { rm -rf -- "${IDX[trawl_mbox]}"; }
reset_trawl_maildir() { rm -rf -- "${IDX[trawl_maildir]}"; }
index_trawl_mbox() { run_timed "$1" "$2" "$TRAWL" --index "${IDX[trawl_mbox]}" index "$MBOX"; }
index_trawl_maildir() { run_timed "$1" "$2" "$TRAWL" --index "${IDX[trawl_maildir]}" index "$MAILDIR"; }
count_trawl_mbox() { trawl_count "$TRAWL" "${IDX[trawl_mbox]}" 2>>"$1"; }
count_trawl_maildir() { trawl_count "$TRAWL" "${IDX[trawl_maildir]}" 2>>"$1"; }

reset_mairix_mbox() { rm -f -- "${IDX[mairix_mbox]}" "${IDX[mairix_mbox]}.lock" && mairix_rc mbox; }
reset_mairix_maildir() { rm -f -- "${IDX[mairix_maildir]}" "${IDX[mairix_maildir]}.lock" && mairix_rc maildir; }
index_mairix_mbox() { run_timed "$1" "$2" mairix -f "$WORKDIR/mairix/mbox.rc"; }
index_mairix_maildir() { run_timed "$1" "$2" mairix -f "$WORKDIR/mairix/maildir.rc"; }
# check_KEY LOG (optional): after an index run that exited 0, print an error it reported and
# return 1. mairix 0.24 exits 1 on an mbox of more than 65,536 messages, but do not rely on it.
mairix_refused() { grep -m 1 -E 'Too many (messages in mbox|mboxes)' -- "$1"; }
check_mairix_mbox() { ! mairix_refused "$1"; }
check_mairix_maildir() { ! mairix_refused "$1"; }
# mairix_search KIND LOG ARG...: matching paths on stdout; exit 1 = no match (not an error).
mairix_search() {
	local kind=$1 log=$2 rc=0
	shift 2
	mairix -f "$WORKDIR/mairix/$kind.rc" -r "$@" 2>>"$log" </dev/null || rc=$?
	((rc <= 1)) || return "$rc"
}
# z:0- (any size) matches every message in the database.
count_mairix_mbox() {
	local out
	out=$(mairix_search mbox "$1" 'z:0-') || return 1
	printf '%s\n' "$out" | grep -c . || true
}
count_mairix_maildir() {
	local out
	out=$(mairix_search maildir "$1" 'z:0-') || return 1
	printf '%s\n' "$out" | grep -c . || true
}

reset_mu() { rm -rf -- "${IDX[mu]}"; }
# mu 1.8: the store is created by `mu init`, filled by `mu index`; both are timed.
index_mu() {
	local s1 k1 c1 s2 k2 c2
	run_timed "$1.init" "$2" "${PEER_ENV[@]}" mu init "--maildir=$MAILDIR" "--muhome=${IDX[mu]}" || return
	run_timed "$1.index" "$2" "${PEER_ENV[@]}" mu index "--muhome=${IDX[mu]}" || return
	read -r s1 k1 c1 < <(tail -n 1 "$1.init")
	read -r s2 k2 c2 < <(tail -n 1 "$1.index")
	awk -v a="$s1" -v b="$s2" -v x="$k1" -v y="$k2" -v c="$c1" -v d="$c2" \
		'BEGIN { printf "%.3f %d %.2f\n", a + b, (x > y ? x : y), c + d }' >"$1"
}
count_mu() {
	local out
	out=$("${PEER_ENV[@]}" mu find "--muhome=${IDX[mu]}" --fields=l '' 2>>"$1" </dev/null) || return 1
	printf '%s\n' "$out" | grep -c . || true
}

reset_notmuch() {
	rm -rf -- "$WORKDIR/notmuch"
	mkdir -p -- "${IDX[notmuch]}"
	# The database goes to database.path (not into the corpus) since mail_root is set.
	cat >"$WORKDIR/notmuch/config" <<EOF
[database]
path=${IDX[notmuch]}
mail_root=$MAILDIR
[user]
name=Bench
primary_email=bench@example.invalid
EOF
}
index_notmuch() { run_timed "$1" "$2" "${PEER_ENV[@]}" notmuch new; }
count_notmuch() {
	local files msgs
	files=$("${PEER_ENV[@]}" notmuch count --output=files '*' 2>>"$1" </dev/null) || return 1
	msgs=$("${PEER_ENV[@]}" notmuch count '*' 2>>"$1" </dev/null) || return 1
	if [[ $files == "$msgs" ]]; then echo "$files"; else echo "$files ($msgs unique)"; fi
}

# last_words LOG: the last non-empty output line of LOG (the error, usually), shortened, with
# corpus and work directory paths made relative.
last_words() {
	grep -v '^\$ ' -- "$1" | grep -v '^[[:space:]]*$' | tail -n 1 | tr -d '\t\r' |
		sed -e "s|$CORPUS/||g" -e "s|$WORKDIR/||g" | cut -c 1-120 || true
}

INDEX_TSV=$WORKDIR/index.tsv
printf 'key\ttool\tinput\tstatus\tseconds\trss_kb\tindex_bytes\tinput_bytes\tcount\tnote\tcpu_seconds\n' >"$INDEX_TSV"

# bench_index KEY TOOL-COMMAND TOOL-LABEL INPUT(mbox|maildir) [NOTE]
bench_index() {
	local key=$1 cmd=$2 label=$3 input=$4 row_note=${5:-}
	local log=$LOGS/index-$key.log tf=$LOGS/time-$key status=ok rc r s k c err
	local in_bytes=$MBOX_BYTES secs=- kb=- cpu=- size=- count=-
	local -a all_s=() all_k=() all_c=()
	[[ $input == mbox ]] || in_bytes=$MAILDIR_BYTES
	: >"$log"
	if ! have "$cmd"; then
		status="not installed"
	else
		for ((r = 1; r <= RUNS; r++)); do
			note "index: $label on the $input (run $r/$RUNS)"
			"reset_$key" >>"$log" 2>&1
			rc=0
			"index_$key" "$tf" "$log" || rc=$?
			if ((rc != 0)); then
				status="failed (exit $rc): $(last_words "$log")"
				break
			fi
			if declare -F "check_$key" >/dev/null && ! err=$("check_$key" "$log"); then
				status="failed (exit 0, but): $(sed -e "s|$CORPUS/||g" -e "s|$WORKDIR/||g" <<<"$err" | cut -c 1-120)"
				break
			fi
			read -r s k c < <(tail -n 1 "$tf")
			all_s+=("$s")
			all_k+=("$k")
			all_c+=("$c")
		done
		if [[ $status == ok ]]; then
			secs=$(median %.3f "${all_s[@]}")
			kb=$(median %.0f "${all_k[@]}")
			cpu=$(median %.2f "${all_c[@]}")
		fi
		if [[ $status == ok ]]; then
			if [[ -e ${IDX[$key]} ]]; then size=$(du -sb -- "${IDX[$key]}" | cut -f1); fi
			count=$("count_$key" "$log") || count="error (logs/index-$key.log)"
			[[ -n $count ]] || count=-
			# Every tool should report every message of the corpus.
			if [[ $count =~ ^[0-9]+ ]] && ((BASH_REMATCH[0] != N)); then
				note "WARNING: $label on the $input reports $count messages, the corpus has $N"
				count="$count (corpus: $N)"
			fi
		fi
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$label" "$input" "$status" "$secs" "$kb" \
		"$size" "$in_bytes" "$count" "$row_note" "$cpu" >>"$INDEX_TSV"
	note "  -> $status, ${secs}s (CPU ${cpu}s), peak ${kb} KB, index ${size} B, messages indexed: $count"
}

MAIRIX_MBOX_NOTE=""
((MAIRIX_NPARTS == 1)) || MAIRIX_MBOX_NOTE="in $MAIRIX_NPARTS parts: max 65,536 messages per mbox"
if wants trawl; then
	bench_index trawl_mbox "$TRAWL" trawl mbox
	bench_index trawl_maildir "$TRAWL" trawl maildir
fi
if wants mairix; then
	bench_index mairix_mbox mairix mairix mbox "$MAIRIX_MBOX_NOTE"
	bench_index mairix_maildir mairix mairix maildir
fi
if wants mu; then bench_index mu mu mu maildir; fi
if wants notmuch; then bench_index notmuch notmuch notmuch maildir; fi

# ---------------------------------------------------------------------------------------------
# 5. Warm query latency: trawl and mairix (mbox indexes, or --query-input), whole process
# ---------------------------------------------------------------------------------------------
status_of() { awk -F '\t' -v k="$1" '$1 == k { print $4 }' "$INDEX_TSV"; }
# Both tools are queried on their indexes of --query-input (mbox by default: mairix on its
# database of the mbox parts, if split). Should mairix fail on the mbox all the same, both are
# queried on the indexes they built from the maildir instead.
QIN=$QUERY_INPUT
if [[ $QIN == mbox && $(status_of mairix_mbox) != ok && $(status_of mairix_maildir) == ok ]]; then
	QIN=maildir
	note "mairix has no mbox database: queries run on the maildir indexes of both tools"
fi
TRAWL_OK=0
MAIRIX_OK=0
[[ $(status_of "trawl_$QIN") == ok ]] && TRAWL_OK=1
[[ $(status_of "mairix_$QIN") == ok ]] && MAIRIX_OK=1

QUERY_TSV=$WORKDIR/query-results.tsv
printf 'name\ttrawl_query\tmairix_query\ttrawl_s\tmairix_s\ttrawl_hits\tmairix_hits\ttrawl_paths_s\n' >"$QUERY_TSV"
if ((TRAWL_OK || MAIRIX_OK)); then
	i=0
	while IFS=$'\t' read -r -u 3 name tq mq || [[ -n ${name:-} ]]; do
		mq=${mq%$'\r'}
		[[ -z $name || $name == \#* ]] && continue
		i=$((i + 1))
		log=$LOGS/query-$i.log
		: >"$log"
		note "query $i ($name): trawl '$tq' / mairix '$mq'"
		read -r -a margs <<<"$mq" # mairix: whitespace-separated terms, ANDed
		t_s=- m_s=- t_hits=- m_hits=- tp_s=-
		if ((TRAWL_OK)); then
			if t_hits=$("$TRAWL" --index "${IDX[trawl_$QIN]}" count "$tq" 2>>"$log" </dev/null); then
				t_s=$(hyper "$WORKDIR/queries/$i-trawl.json" "$log" -- \
					"$TRAWL" --index "${IDX[trawl_$QIN]}" search --json --limit 20 "$tq") || t_s=failed
				# What mairix -r prints: the paths of the matches, no snippets.
				tp_s=$(hyper "$WORKDIR/queries/$i-trawl-paths.json" "$log" -- \
					"$TRAWL" --index "${IDX[trawl_$QIN]}" search --format paths --limit 20 "$tq") || tp_s=failed
			else
				t_hits="error (logs/query-$i.log)"
			fi
		fi
		if ((MAIRIX_OK)) && ((${#margs[@]})); then
			if out=$(mairix_search "$QIN" "$log" "${margs[@]}"); then
				m_hits=$(printf '%s\n' "$out" | grep -c . || true)
				# -i: mairix exits 1 when nothing matches.
				m_s=$(hyper "$WORKDIR/queries/$i-mairix.json" "$log" -i -- \
					mairix -f "$WORKDIR/mairix/$QIN.rc" -r "${margs[@]}") || m_s=failed
			else
				m_hits="error (logs/query-$i.log)"
			fi
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$tq" "$mq" "$t_s" "$m_s" "$t_hits" "$m_hits" "$tp_s" >>"$QUERY_TSV"
	done 3< <(tail -n +2 -- "$QUERIES")
else
	note "no trawl or mairix index: no query timing"
fi

# ---------------------------------------------------------------------------------------------
# 6. Report
# ---------------------------------------------------------------------------------------------
first_line() { "$@" 2>&1 </dev/null | head -n 1 || true; }
pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
version_of() {
	local tool=$1 pkg=$2 v
	shift 2
	if ! have "$tool"; then
		echo "$tool not installed"
		return
	fi
	v=$(first_line "$@")
	printf '%s (Debian package %s %s)\n' "$v" "$pkg" "$(pkg_version "$pkg")"
}
GIT_COMMIT=$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null || true) ]]; then
	GIT_COMMIT="$GIT_COMMIT (with uncommitted changes)"
fi
META=$WORKDIR/meta.tsv
{
	printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf 'nproc\t%s\n' "$(nproc)"
	printf 'cpu\t%s\n' "$(awk -F ': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	printf 'ram\t%s\n' "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	printf 'kernel\t%s\n' "$(uname -sr)"
	printf 'trawl\tgit %s, %s\n' "$GIT_COMMIT" "$(first_line rustc --version)"
	printf 'mairix\t%s\n' "$(version_of mairix mairix mairix -V)"
	printf 'mu\t%s\n' "$(version_of mu maildir-utils mu --version)"
	printf 'notmuch\t%s\n' "$(version_of notmuch notmuch notmuch --version)"
	printf 'hyperfine\t%s\n' "$(first_line hyperfine --version)"
	printf 'messages\t%s\n' "$N"
	if ((GENERATED)); then
		printf 'source\tgenerated by gen_corpus, seed %s\n' "$SEED"
	else
		printf 'source\t%s\n' "$CORPUS"
	fi
	printf 'mbox_bytes\t%s\n' "$MBOX_BYTES"
	printf 'maildir_bytes\t%s\n' "$MAILDIR_BYTES"
	printf 'runs\t%s\n' "$RUNS"
	printf 'query_input\t%s\n' "$QIN"
	printf 'skipped\t%s\n' "${SKIPPED[*]}"
	printf 'mairix_parts\t%s\n' "$MAIRIX_NPARTS"
	printf 'mairix_split\t%s\n' "$MAIRIX_SPLIT"
} >"$META"

python3 - "$META" "$INDEX_TSV" "$QUERY_TSV" >"$WORKDIR/results.md" <<'PY'
import csv, sys

def tsv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))

meta = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        k, _, v = line.rstrip("\n").partition("\t")
        meta[k] = v
index, queries = tsv(sys.argv[2]), tsv(sys.argv[3])
n = int(meta["messages"])
mb = lambda b: float(b) / 1e6

def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None

def code(s):
    return "`" + s.replace("|", "\\|") + "`" if s else ""

out = []
p = out.append
p(f"Corpus: {n:,} messages ({meta['source']}): mbox {mb(meta['mbox_bytes']):.1f} MB, "
  f"maildir {mb(meta['maildir_bytes']):.1f} MB (MB = 10^6 bytes).  ")
p(f"Machine: {meta['nproc']} cores, {meta['cpu']}, {meta['ram']} RAM, {meta['kernel']}; {meta['date']}.  ")
p(f"Versions: trawl {meta['trawl']}; {meta['mairix']}; {meta['mu']}; "
  f"{meta['notmuch']}; {meta['hyperfine']}.")
p("")
runs = int(meta["runs"])
p(f"Full index from an empty database, warm page cache, "
  + ("one run" if runs == 1 else f"median of {runs} runs") + ":")
p("")
p("| tool | input | seconds | CPU s | msg/s | MB/s | peak RSS MB | index MB | index % of corpus | messages indexed | trawl / this (seconds) |")
p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
ref = {r["input"]: num(r["seconds"]) for r in index if r["tool"] == "trawl" and r["status"] == "ok"}
for r in index:
    secs, inb, size = num(r["seconds"]), num(r["input_bytes"]), num(r["index_bytes"])
    ok = r["status"] == "ok" and secs is not None
    cells = [r["tool"], r["input"] + (f" ({r['note']})" if r["note"] else "")]
    if ok:
        s = max(secs, 0.001)
        rss = num(r["rss_kb"])
        cpu = num(r.get("cpu_seconds"))
        cells += [f"{secs:.3f}" if secs < 10 else f"{secs:.1f}", f"{cpu:.1f}" if cpu is not None else "-",
                  f"{n / s:,.0f}", f"{mb(inb) / s:.1f}", f"{rss / 1024:.0f}" if rss is not None else "-"]
    else:
        cells += [r["status"], "-", "-", "-", "-"]
    cells += [f"{mb(size):.1f}" if size is not None else "-",
              f"{100 * size / inb:.0f} %" if size is not None and inb else "-",
              r["count"]]
    if r["tool"] == "trawl":
        cells.append("(reference)" if ok else "-")
    elif ok and ref.get(r["input"]):
        x = ref[r["input"]] / max(secs, 0.001)
        x = f"{x:.2f}" if x >= 0.1 else f"{x:.3f}"
        cells.append(f"trawl {r['input']} / {r['tool']} {r['input']} = {x}×")
    else:
        cells.append("n/a")
    p("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
p("")
legend = ("msg/s and MB/s: corpus messages and input bytes over wall seconds. CPU s: user + system "
  "seconds (GNU time `%U` + `%S`), less sensitive than wall seconds to other load. Peak RSS: GNU time `%M` "
  "(for mu the larger of `mu init` and `mu index`, whose seconds are added). Index: `du -sb` of "
  "the database. Messages indexed: what the tool reports (trawl `stats --json` occurrences; "
  "mairix `-r z:0-`; mu `find ''`; notmuch `count --output=files '*'`). trawl / this: trawl's "
  "seconds over this tool's on the same input (< 1 means trawl is faster).")
parts = int(meta["mairix_parts"])
if parts > 1:
    legend += (f" mairix mbox: mairix refuses an mbox of more than 65,536 messages, so it got "
               f"corpus.mbox split at message boundaries into {parts} parts of at most "
               f"{int(meta['mairix_split']):,} messages (`mbox=part1.mbox:...:part{parts}.mbox`; "
               f"the parts concatenated are byte-identical to corpus.mbox; the split is not timed).")
if meta["skipped"]:
    legend += f" Not run (--only): {', '.join(meta['skipped'].split())}."
p(legend)
p("")
qin = meta["query_input"]
if not queries:
    p("No query timing (neither trawl nor mairix has an index).")
    print("\n".join(out))
    sys.exit(0)
p(f"Warm query latency, whole process (hyperfine -N, 3 warm-ups, median of 20 runs), trawl "
  f"`search --json --limit 20` (hits with snippets re-read from the sources) and `search "
  f"--format paths --limit 20` (what mairix prints) on its {qin} index, mairix `-r` on its "
  f"{qin} database"
  + (" (mairix could not index the mbox)" if qin != "mbox" and not any(
      r["key"] == "mairix_mbox" and r["status"] == "ok" for r in index) else "")
  + (f" (the mbox in {parts} parts)" if qin == "mbox" and parts > 1 else "") + ". Hits: "
  "`trawl count` and the number of paths mairix prints; they differ by design (trawl's bare "
  "words also search addresses, attachment names and text attachments; mairix has no phrases).")
p("")
p("| query | trawl | mairix | trawl ms (JSON) | trawl ms (paths) | mairix ms | trawl / mairix (JSON) | trawl hits | mairix hits |")
p("|---|---|---|---:|---:|---:|---:|---:|---:|")
for q in queries:
    t, m, tp = num(q["trawl_s"]), num(q["mairix_s"]), num(q.get("trawl_paths_s", "-"))
    p("| " + " | ".join([
        q["name"], code(q["trawl_query"]), code(q["mairix_query"]),
        f"{t * 1000:.1f}" if t is not None else q["trawl_s"],
        f"{tp * 1000:.1f}" if tp is not None else q.get("trawl_paths_s", "-"),
        f"{m * 1000:.1f}" if m is not None else q["mairix_s"],
        f"{t / m:.2f}×" if t is not None and m else "n/a",
        q["trawl_hits"], q["mairix_hits"]]) + " |")
print("\n".join(out))
PY

printf '\n'
cat -- "$WORKDIR/results.md"
printf '\n'
if ((TMP_WORKDIR && !KEEP)); then
	note "results above; the work directory $WORKDIR is removed (use --keep or --workdir to keep results.md)"
else
	note "results written to $WORKDIR/results.md (logs in $LOGS)"
fi
