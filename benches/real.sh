#!/usr/bin/env bash
# benches/real.sh: trawl against mairix and mu on real mail (issue #15): the lore linux-pm
# archive and the Enron subset of ../shared/corpora, each as an mbox and as a maildir.
#
# Unpacks each corpus once, outside the repository, writes a maildir from the mbox, then runs
# benches/peers.sh on it (trawl on both forms, mairix on both, mu on the maildir, in one run;
# every tool's message count checked), times trawl's peak memory at 1x and 4x the lore
# corpus, reports the lore index's anatomy, and prints one markdown report with the ratios
# and the issue's targets. See benches/README.md.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: benches/real.sh [--workdir DIR] [--corpora LIST] [--lore-messages N] [--runs R]
                       [--peers LIST] [--memory-corpus NAME] [--shared DIR]

  --workdir DIR      where the corpora are unpacked (once: DIR/corpora, reused by later runs)
                     and where each run writes its indexes, logs and results.md
                     (DIR/run-DATE) (default /tmp/trawl-real; never inside the repository)
  --corpora LIST     comma-separated among lore, enron (default lore,enron)
  --lore-messages N  only the first N lore messages (quick checks; default: all 49,992)
  --runs R           full index runs per tool, the median reported (default 1)
  --peers LIST       peers timed against trawl, among mairix, mu, notmuch (default mairix,mu)
  --memory-corpus C  corpus indexed by trawl at 1x and 4x (the same mbox, and the same
                     maildir, under four paths) for peak memory (default lore; none: skip)
  --shared DIR       the shared corpora (default: ../shared/corpora beside the repository)
EOF
}

note() { printf '[real] %s\n' "$*" >&2; }
die() {
	printf 'real.sh: %s\n' "$*" >&2
	exit 1
}

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd)
# shellcheck source=benches/common.sh
source "$SCRIPT_DIR/common.sh"
export LC_ALL=C.UTF-8

ORIGINAL_ARGS=("$@")
WORKDIR=/tmp/trawl-real
CORPORA=lore,enron
LORE_MESSAGES=""
RUNS=1
PEERS=mairix,mu
MEMORY_CORPUS=lore
SHARED=$REPO/../shared/corpora

while (($#)); do
	case $1 in
	--workdir | --corpora | --lore-messages | --runs | --peers | --memory-corpus | --shared)
		(($# >= 2)) || die "$1 needs a value"
		case $1 in
		--workdir) WORKDIR=$2 ;;
		--corpora) CORPORA=$2 ;;
		--lore-messages) LORE_MESSAGES=$2 ;;
		--runs) RUNS=$2 ;;
		--peers) PEERS=$2 ;;
		--memory-corpus) MEMORY_CORPUS=$2 ;;
		--shared) SHARED=$2 ;;
		esac
		shift 2
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
[[ -z $LORE_MESSAGES || $LORE_MESSAGES =~ ^[1-9][0-9]*$ ]] ||
	die "--lore-messages must be a positive integer, not '$LORE_MESSAGES'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$RUNS'"
IFS=, read -r -a corpus_list <<<"$CORPORA"
for c in "${corpus_list[@]}"; do
	[[ $c == lore || $c == enron ]] || die "--corpora: unknown corpus '$c' (lore, enron)"
done
IFS=, read -r -a peer_list <<<"$PEERS"
for p in "${peer_list[@]}"; do
	[[ $p == mairix || $p == mu || $p == notmuch ]] || die "--peers: unknown tool '$p' (mairix, mu, notmuch)"
done
case ,$CORPORA,none, in
*,"$MEMORY_CORPUS",*) ;;
*) die "--memory-corpus must be one of the corpora run ($CORPORA) or none" ;;
esac
[[ -d $SHARED ]] || die "no shared corpora at $SHARED (see the project's README: ../shared/corpora)"
SHARED=$(cd -- "$SHARED" && pwd)
mkdir -p -- "$WORKDIR"
WORKDIR=$(cd -- "$WORKDIR" && pwd)
case $WORKDIR/ in
"$REPO"/*) die "--workdir $WORKDIR is inside the repository: big data goes elsewhere" ;;
esac

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
need=(xz:xz-utils tar:tar python3:python3 /usr/bin/time:time hyperfine:hyperfine)
for p in "${peer_list[@]}"; do
	case $p in
	mairix) need+=(mairix:mairix) ;;
	mu) need+=(mu:maildir-utils) ;;
	notmuch) need+=(notmuch:notmuch) ;;
	esac
done
install_tools "${need[@]}"
for t in xz tar python3 hyperfine cargo; do have "$t" || die "$t is required and could not be installed"; done
[[ -x /usr/bin/time ]] || die "GNU time is required at /usr/bin/time (apt-get install time)"
for p in "${peer_list[@]}"; do have "$p" || note "WARNING: $p is not installed: its rows will say so"; done

TARGET=$(cd -- "$REPO" && cargo metadata --format-version 1 --no-deps |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
TRAWL=$TARGET/release/trawl
ANATOMY=$TARGET/release/examples/index_anatomy
note "building trawl and index_anatomy (release)"
(cd -- "$REPO" && cargo build --release --bin trawl --example index_anatomy)

# ---------------------------------------------------------------------------------------------
# Corpora: unpacked once into WORKDIR/corpora/NAME, in the layout peers.sh --corpus reads
# (mbox/corpus.mbox, maildir/{cur,new,tmp}, queries.tsv). A corpus is ready when its .ready
# file names the same source (path, size, mtime) and message limit; otherwise it is rebuilt.
# ---------------------------------------------------------------------------------------------
PREP=$SCRIPT_DIR/real_corpus.py

source_stamp() { stat -c '%n %s %Y' -- "$1"; }

# prepare NAME SOURCE: fills WORKDIR/corpora/NAME from SOURCE unless it is ready.
prepare() {
	local name=$1 src=$2 dir=$WORKDIR/corpora/$1 stamp n
	stamp="$(source_stamp "$src") limit=${LORE_MESSAGES:-all}"
	if [[ -f $dir/.ready && $(head -n 1 "$dir/.ready") == "$stamp" ]]; then
		note "$name: unpacked already in $dir"
		return
	fi
	note "$name: unpacking $src into $dir"
	rm -rf -- "$dir"
	mkdir -p -- "$dir/mbox"
	case $name in
	lore*)
		if [[ -n $LORE_MESSAGES ]]; then
			xz -dc -- "$src" >"$dir/full.mbox"
			n=$(python3 "$PREP" head "$dir/full.mbox" "$dir/mbox/corpus.mbox" "$LORE_MESSAGES")
			rm -f -- "$dir/full.mbox"
		else
			xz -dc -- "$src" >"$dir/mbox/corpus.mbox"
		fi
		;;
	enron)
		tar -xJf "$src" -C "$dir"
		n=$(python3 "$PREP" mbox-from-files "$dir/enron-inbox-subset" "$dir/mbox/corpus.mbox")
		note "$name: $n files written as one mbox"
		rm -rf -- "$dir/enron-inbox-subset"
		;;
	esac
	n=$(python3 "$PREP" maildir-from-mbox "$dir/mbox/corpus.mbox" "$dir/maildir")
	note "$name: $n messages written as a maildir"
	printf '%s\n%s\n' "$stamp" "$n" >"$dir/.ready"
}

# The six query kinds of issue #15, as a user would type them. trawl's bare words also match
# the other forms of a word in running text (`drivers`); mairix matches words as written, has
# no phrases (both words, anywhere) and takes dates as d:YYYYMMDD-YYYYMMDD.
write_queries() {
	local name=$1 dir=$WORKDIR/corpora/$1
	{
		printf 'name\ttrawl\tmairix\n'
		case $name in
		lore*)
			printf 'common word\tdriver\tdriver\n'
			printf 'rare identifier\tgeneric_powersave_bias_target\tgeneric_powersave_bias_target\n'
			printf 'phrase\t"energy model"\tenergy model\n'
			printf 'address\tfrom:rafael@kernel.org\tf:rafael@kernel.org\n'
			printf 'date range\tdate:2024-01..2024-03\td:20240101-20240331\n'
			printf 'two words\tthermal throttling\tthermal throttling\n'
			;;
		enron)
			printf 'common word\tmeeting\tmeeting\n'
			printf 'rare identifier\tcurve_type_cd\tcurve_type_cd\n'
			printf 'phrase\t"natural gas"\tnatural gas\n'
			printf 'address\tfrom:jeff.dasovich@enron.com\tf:jeff.dasovich@enron.com\n'
			printf 'date range\tdate:2001-10..2001-11\td:20011001-20011130\n'
			printf 'two words\tcalifornia power\tcalifornia power\n'
			;;
		esac
	} >"$dir/queries.tsv"
}

declare -A SOURCE=([lore]=$SHARED/lore-linux-pm.mbox.xz [enron]=$SHARED/enron-inbox-subset.tar.xz)
for c in "${corpus_list[@]}"; do
	[[ -f ${SOURCE[$c]} ]] || die "missing ${SOURCE[$c]}"
	prepare "$c" "${SOURCE[$c]}"
	write_queries "$c"
done

# ---------------------------------------------------------------------------------------------
# One run: peers.sh per corpus, then trawl's memory at 1x and 4x, then the anatomy
# ---------------------------------------------------------------------------------------------
RUN=$WORKDIR/run-$(date -u +%Y%m%d-%H%M%S)
mkdir -p -- "$RUN"
note "this run: $RUN"
load() { cut -d ' ' -f 1-3 /proc/loadavg; }
META=$RUN/meta.tsv
{
	printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf 'load_start\t%s\n' "$(load)"
	printf 'command\tbenches/real.sh'
	if ((${#ORIGINAL_ARGS[@]})); then printf ' %q' "${ORIGINAL_ARGS[@]}"; fi
	printf '\n'
} >"$META"

for c in "${corpus_list[@]}"; do
	printf 'load_before_%s\t%s\n' "$c" "$(load)" >>"$META"
	note "$c: benches/peers.sh (trawl and ${PEERS})"
	if ! "$SCRIPT_DIR/peers.sh" --corpus "$WORKDIR/corpora/$c" --workdir "$RUN/$c" --query-input maildir \
		--only "trawl,$PEERS" --runs "$RUNS" 2>&1 | tee "$RUN/$c.log" >&2; then
		note "WARNING: peers.sh failed on $c (see $RUN/$c.log)"
	fi
done

# memory_run KEY INPUT-DIR: trawl indexes INPUT-DIR from empty under peak.py; appends a row
# to memory.tsv.
MEMORY_TSV=$RUN/memory.tsv
printf 'key\tcopies\tform\tstatus\tseconds\trss_kb\tanon_kb\tindex_bytes\tinput_bytes\tcount\tcpu_seconds\n' >"$MEMORY_TSV"
memory_run() {
	local key=$1 copies=$2 form=$3 input=$4 ix=$RUN/memory/ix-$1 tf=$RUN/memory/time-$1 rc=0
	local log=$RUN/memory/$key.log s=- rss=- anon=- cpu=- size=- count=- status=ok
	note "memory: trawl on $copies× the $form ($input)"
	printf '$ trawl --index %s index %s\n' "$ix" "$input" >"$log"
	python3 "$SCRIPT_DIR/peak.py" "$tf" "$TRAWL" --index "$ix" index "$input" >>"$log" 2>&1 || rc=$?
	if ((rc == 0)); then
		read -r s rss anon cpu <"$tf"
		size=$(du -sb -- "$ix" | cut -f1)
		count=$(trawl_count "$TRAWL" "$ix" 2>>"$log") || count=error
	else
		status="failed (exit $rc)"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$copies" "$form" "$status" "$s" "$rss" \
		"$anon" "$size" "$(bytes "$input")" "$count" "$cpu" >>"$MEMORY_TSV"
	note "  -> $status, ${s}s (CPU ${cpu}s), peak RSS ${rss} KB, peak anon ${anon} KB, messages: $count"
	rm -rf -- "$ix"
}

if [[ $MEMORY_CORPUS != none ]]; then
	printf 'memory_corpus\t%s\n' "$MEMORY_CORPUS" >>"$META"
	printf 'load_before_memory\t%s\n' "$(load)" >>"$META"
	src=$WORKDIR/corpora/$MEMORY_CORPUS
	mkdir -p -- "$RUN/memory"
	# The same files under four paths, as hard links (no extra disk).
	for copies in 1 4; do
		for ((i = 1; i <= copies; i++)); do
			mkdir -p -- "$RUN/memory/mbox$copies/copy$i" "$RUN/memory/maildir$copies"
			ln -- "$src/mbox/corpus.mbox" "$RUN/memory/mbox$copies/copy$i/corpus.mbox"
			cp -al -- "$src/maildir" "$RUN/memory/maildir$copies/copy$i"
		done
	done
	for copies in 1 4; do
		memory_run "mbox$copies" "$copies" mbox "$RUN/memory/mbox$copies"
		memory_run "maildir$copies" "$copies" maildir "$RUN/memory/maildir$copies"
	done
	rm -rf -- "$RUN/memory/mbox1" "$RUN/memory/mbox4" "$RUN/memory/maildir1" "$RUN/memory/maildir4"
fi
printf 'load_end\t%s\n' "$(load)" >>"$META"

ANATOMY_MD=$RUN/anatomy.md
: >"$ANATOMY_MD"
for c in "${corpus_list[@]}"; do
	if [[ -f $RUN/$c/trawl-maildir/meta.json ]]; then
		note "$c: index anatomy of the maildir index"
		{
			printf '# Anatomy of the %s maildir index\n\n' "$c"
			"$ANATOMY" "$RUN/$c/trawl-maildir"
		} >>"$ANATOMY_MD" 2>>"$RUN/anatomy.log" || note "WARNING: index_anatomy failed on $c (see $RUN/anatomy.log)"
	fi
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
python3 "$SCRIPT_DIR/real_report.py" "$RUN" "${corpus_list[@]}" >"$RUN/results.md"

printf '\n'
cat -- "$RUN/results.md"
note "results in $RUN/results.md, index anatomy in $ANATOMY_MD, logs under $RUN"
