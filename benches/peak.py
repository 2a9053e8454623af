"""Runs a command and reports its wall time and memory peaks, for `benches/real.sh`.

    python3 peak.py OUT CMD [ARG...]

Writes one line to OUT: wall seconds, peak RSS in KB (ru_maxrss of wait4: what GNU time's
`%M` reports), peak anonymous memory in KB (the largest `RssAnon` of /proc/PID/status seen,
sampled every 10 ms, summed over the process and its descendants) and CPU seconds (user +
system, from wait4). Peak RSS also counts the
files a process maps (tantivy maps the index's segment files while merging: page cache the
kernel can take back), anonymous memory leaves them out; benches/index.rs reports the same two.
The command's output goes to this process's stdout and stderr; the exit code is the command's.
"""
import os
import subprocess
import sys
import time


def rss_anon_kb(pid):
    """RssAnon of one process in KB, or 0 once it is gone."""
    try:
        with open("/proc/%d/status" % pid, "rb") as f:
            for line in f:
                if line.startswith(b"RssAnon:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def descendants(pid):
    """pid and every process below it, from /proc/PID/task/*/children."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            tasks = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for task in tasks:
            try:
                with open("/proc/%d/task/%s/children" % (p, task), "rb") as f:
                    todo.extend(int(c) for c in f.read().split())
            except (OSError, ValueError):
                pass
    return found


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    out, cmd = argv[1], argv[2:]
    start = time.monotonic()
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    peak_anon = 0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        peak_anon = max(peak_anon, sum(rss_anon_kb(p) for p in descendants(child.pid)))
        time.sleep(0.01)
    seconds = time.monotonic() - start
    with open(out, "w") as f:
        cpu = usage.ru_utime + usage.ru_stime
        f.write("%.3f %d %d %.2f\n" % (seconds, usage.ru_maxrss, peak_anon, cpu))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
