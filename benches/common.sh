# shellcheck shell=bash
# benches/common.sh: shell helpers shared by benches/peers.sh and benches/real.sh (sourced).
#
# The sourcing script defines note() (a progress line on stderr) before it calls these.

# install_tools CMD:PKG...: install with apt the package of each command that is missing
# (CMD `/usr/bin/time` is checked as a path). Says what it installs; installs nothing when
# not root and without sudo (the caller checks what it needs afterwards).
install_tools() {
	local pair cmd pkg
	local -a pkgs=() sudo=()
	for pair in "$@"; do
		cmd=${pair%%:*} pkg=${pair#*:}
		if [[ $cmd == /* ]]; then
			[[ -x $cmd ]] || pkgs+=("$pkg")
		else
			command -v "$cmd" >/dev/null 2>&1 || pkgs+=("$pkg")
		fi
	done
	((${#pkgs[@]})) || return 0
	if ((EUID != 0)); then
		if ! command -v sudo >/dev/null 2>&1; then
			note "missing ${pkgs[*]}, and not root (no sudo): not installing"
			return 0
		fi
		sudo=(sudo)
	fi
	note "installing with apt: ${pkgs[*]}"
	"${sudo[@]}" apt-get -qq -o DPkg::Lock::Timeout=600 update >/dev/null ||
		note "apt-get update failed"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o DPkg::Lock::Timeout=600 \
		install "${pkgs[@]}" >/dev/null || note "apt-get install failed for some of: ${pkgs[*]}"
}

# have CMD: CMD is on the PATH.
have() { command -v "$1" >/dev/null 2>&1; }

# shq ARG...: one command line that hyperfine -N splits back into exactly these words.
shq() { python3 -c 'import shlex, sys; print(" ".join(shlex.quote(a) for a in sys.argv[1:]))' "$@"; }
# median FORMAT VALUE...
median() { python3 -c 'import statistics, sys; print(sys.argv[1] % statistics.median(float(a) for a in sys.argv[2:]))' "$@"; }
# bytes PATH: total size of the regular files under PATH.
bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }'; }
# mb BYTES: megabytes (10^6), one decimal.
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# run_timed TIMEFILE LOG CMD...: run CMD, its output appended to LOG; write "wall-seconds
# peak-RSS-KB CPU-seconds" to TIMEFILE. Wall time from bash's microsecond clock (GNU time's %e
# has 10 ms resolution), peak RSS and CPU time (user + system, of CMD and its children) from
# GNU time's %M, %U and %S. CPU seconds suffer less than wall seconds from other load on a
# shared machine.
run_timed() {
	local tf=$1 log=$2 t0 t1 rc=0 kb user sys
	shift 2
	printf '$ %s\n' "$*" >>"$log"
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%M %U %S' -o "$tf.rss" -- "$@" >>"$log" 2>&1 </dev/null || rc=$?
	t1=$EPOCHREALTIME
	((rc == 0)) || return "$rc"
	read -r kb user sys < <(tail -n 1 "$tf.rss")
	awk -v a="$t0" -v b="$t1" -v k="$kb" -v u="$user" -v s="$sys" \
		'BEGIN { printf "%.3f %d %.2f\n", b - a, k, u + s }' >"$tf"
}

# trawl_count TRAWL INDEX: the messages trawl says it read (`stats --json` occurrences), with
# the unique emails when duplicates were folded, and failed, damaged or skipped counts.
trawl_count() {
	"$1" --index "$2" stats --json </dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
extra = []
if d["emails"] != d["occurrences"]:
    extra.append("%d unique" % d["emails"])
for k in ("failed", "damaged", "skipped"):
    if d.get(k):
        extra.append("%d %s" % (d[k], k))
print(d["occurrences"], end="")
print(" (%s)" % ", ".join(extra) if extra else "")'
}

# hyper OUT.json LOG [hyperfine options...] -- WORD...: median seconds of the command (whole
# process, 3 warm-ups, 20 runs), or nothing and status 1.
hyper() {
	local json=$1 log=$2
	shift 2
	local -a opts=()
	while [[ $1 != -- ]]; do
		opts+=("$1")
		shift
	done
	shift
	printf '$ hyperfine %s\n' "$(shq "$@")" >>"$log"
	hyperfine -N --style basic --warmup 3 --runs 20 "${opts[@]}" --export-json "$json" \
		"$(shq "$@")" >>"$log" 2>&1 </dev/null || return 1
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
}
