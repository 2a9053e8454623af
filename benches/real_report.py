"""The report of one benches/real.sh run, in markdown, from the files the run left:

    python3 benches/real_report.py RUN_DIR CORPUS...

RUN_DIR/meta.tsv (date, command, load averages, the corpus of the memory runs),
RUN_DIR/CORPUS/{meta,index,query-results}.tsv (written by peers.sh) and RUN_DIR/memory.tsv.
Re-running it on an old run re-renders that run's report without measuring anything again.
"""
import csv, os, sys

run, corpora = sys.argv[1], sys.argv[2:]

def tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))

def kv(path):
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("\t")
                out[k] = v
    return out

def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None

def first_int(s):
    digits = ""
    for ch in s or "":
        if ch.isdigit():
            digits += ch
        else:
            break
    return int(digits) if digits else None

mb = lambda b: float(b) / 1e6
meta = kv(os.path.join(run, "meta.tsv"))
out = []
p = out.append
peers_meta = {c: kv(os.path.join(run, c, "meta.tsv")) for c in corpora}
any_meta = next((m for m in peers_meta.values() if m), {})
p(f"Run of {meta.get('date', '?')}: `{meta.get('command', 'benches/real.sh')}`.  ")
if any_meta:
    p(f"Machine: {any_meta['nproc']} cores, {any_meta['cpu']}, {any_meta['ram']} RAM, "
      f"{any_meta['kernel']}. Versions: trawl {any_meta['trawl']}; {any_meta['mairix']}; "
      f"{any_meta['mu']}; {any_meta['notmuch']}; {any_meta['hyperfine']}.  ")
loads = [f"{k[len('load_'):].replace('_', ' ')} {v}" for k, v in meta.items() if k.startswith("load_")]
p("Load average (1, 5, 15 min) at each step: " + "; ".join(loads) + ".")
p("")

# Index table with speed-ups over the peers.
p("| corpus | tool | input | seconds | CPU s | msg/s | MB/s | peak RSS MiB | index MB | index / input | messages indexed | trawl is faster by (wall; CPU) |")
p("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
targets = {}

def ratio(peer, ref):
    return peer / ref if peer and ref else None

for c in corpora:
    rows = tsv(os.path.join(run, c, "index.tsv"))
    m = peers_meta[c]
    if not rows or not m:
        p(f"| {c} | (peers.sh did not finish: see {c}.log) ||||||||||")
        continue
    n = int(m["messages"])
    ok_rows = [r for r in rows if r["status"] == "ok"]
    secs = {(r["tool"], r["input"]): num(r["seconds"]) for r in ok_rows}
    cpus = {(r["tool"], r["input"]): num(r.get("cpu_seconds")) for r in ok_rows}
    for r in rows:
        s, inb, size = num(r["seconds"]), num(r["input_bytes"]), num(r["index_bytes"])
        cpu = num(r.get("cpu_seconds"))
        ok = r["status"] == "ok" and s is not None
        cells = [f"{c} ({n:,} msgs)", r["tool"], r["input"]]
        if ok:
            rss = num(r["rss_kb"])
            cells += [f"{s:.1f}", f"{cpu:.1f}" if cpu is not None else "-", f"{n / s:,.0f}",
                      f"{mb(inb) / s:.1f}", f"{rss / 1024:.0f}" if rss else "-"]
        else:
            cells += [r["status"], "-", "-", "-", "-"]
        cells += [f"{mb(size):.1f}" if size is not None else "-",
                  f"{100 * size / inb:.1f} %" if size is not None and inb else "-", r["count"]]
        read = first_int(r["count"])
        if r["tool"] == "trawl" or not ok:
            cells.append("")
        elif read is not None and read < n:
            cells.append(f"not comparable: read {read:,} of {n:,} messages")
        else:
            parts = []
            for form in (["maildir"] if r["input"] == "maildir" else []) + ["mbox"]:
                w = ratio(s, secs.get(("trawl", form)))
                k = ratio(cpu, cpus.get(("trawl", form)))
                if w:
                    parts.append(f"{w:.2f}×" + (f"; {k:.2f}×" if k else "") + f" (trawl {form})")
            cells.append(", ".join(parts))
        p("| " + " | ".join(str(x).replace("|", "\\|") for x in cells) + " |")
    t_md, c_md = secs.get(("trawl", "maildir")), cpus.get(("trawl", "maildir"))
    targets[c] = {
        "mairix": ratio(secs.get(("mairix", "maildir")), t_md),
        "mairix_cpu": ratio(cpus.get(("mairix", "maildir")), c_md),
        "mu": ratio(secs.get(("mu", "maildir")), t_md),
        "mu_cpu": ratio(cpus.get(("mu", "maildir")), c_md),
        "size": [(r["input"], num(r["index_bytes"]) / num(r["input_bytes"]))
                 for r in rows if r["tool"] == "trawl" and num(r["index_bytes"]) and num(r["input_bytes"])],
        "rss": [num(r["rss_kb"]) / 1024 for r in rows if r["tool"] == "trawl" and num(r["rss_kb"])],
    }
p("")
p("Full index from an empty database, warm page cache, each tool alone, "
  + ("one run" if any_meta.get("runs", "1") == "1" else f"median of {any_meta.get('runs')} runs")
  + ". CPU s: user + system seconds, which other load on a shared machine inflates less than "
  "wall seconds. trawl is faster by: the peer's seconds over trawl's, wall then CPU (above 1: "
  "trawl is faster). MB = 10^6 bytes. "
  "Messages indexed: what each tool reports (trawl `stats --json` occurrences, with the unique "
  "emails after folding exact duplicates; mairix `-r z:0-`; mu `find ''`); a count that differs "
  "from the corpus is flagged.")
p("")

# Queries.
p("| corpus | query kind | trawl | mairix | trawl ms (JSON) | trawl ms (paths) | mairix ms | trawl hits | mairix hits |")
p("|---|---|---|---|---:|---:|---:|---:|---:|")
for c in corpora:
    qs = tsv(os.path.join(run, c, "query-results.tsv"))
    medians, path_medians = [], []
    for q in qs:
        t, mx = num(q["trawl_s"]), num(q["mairix_s"])
        tp = num(q.get("trawl_paths_s", "-"))
        if t is not None:
            medians.append(t * 1000)
        if tp is not None:
            path_medians.append(tp * 1000)
        code = lambda s: "`" + s.replace("|", "\\|") + "`" if s else ""
        p("| " + " | ".join([c, q["name"], code(q["trawl_query"]), code(q["mairix_query"]),
                               f"{t * 1000:.1f}" if t is not None else q["trawl_s"],
                               f"{tp * 1000:.1f}" if tp is not None else q.get("trawl_paths_s", "-"),
                               f"{mx * 1000:.1f}" if mx is not None else q["mairix_s"],
                               q["trawl_hits"], q["mairix_hits"]]) + " |")
    if c in targets:
        targets[c]["query"] = max(medians) if medians else None
        targets[c]["query_paths"] = max(path_medians) if path_medians else None
p("")
p("Warm whole-process query time: hyperfine -N, 3 warm-ups, median of 20 runs; trawl "
  "`search --json --limit 20` (hits with snippets, re-read from the sources) and `search "
  "--format paths --limit 20` (the paths of the matches, what mairix prints) on its maildir "
  "index, mairix `-r` on its maildir database. Hits: "
  "`trawl count` and mairix's paths; they differ by design (trawl's bare words also match "
  "the word's other forms in running text, addresses and attachment names; mairix has no "
  "phrases: both words anywhere).")
p("")

# Memory.
mem = tsv(os.path.join(run, "memory.tsv"))
mem_corpus_name = meta.get("memory_corpus", "same")
if mem:
    p("| trawl on | copies | messages read | seconds | CPU s | peak RSS MiB | peak anon MiB | index MB |")
    p("|---|---:|---|---:|---:|---:|---:|---:|")
    for r in mem:
        ok = r["status"] == "ok"
        p("| " + " | ".join([r["form"], r["copies"], r["count"],
                               r["seconds"] if ok else r["status"], r.get("cpu_seconds") or "-",
                               f"{num(r['rss_kb']) / 1024:.0f}" if ok else "-",
                               f"{num(r['anon_kb']) / 1024:.0f}" if ok else "-",
                               f"{mb(r['index_bytes']):.1f}" if ok else "-"]) + " |")
    p("")
    by = {(r["form"], r["copies"]): r for r in mem if r["status"] == "ok"}
    growth = []
    for form in ("mbox", "maildir"):
        a, b = by.get((form, "1")), by.get((form, "4"))
        if a and b:
            growth.append(f"{form} peak RSS {num(a['rss_kb']) / 1024:.0f} → {num(b['rss_kb']) / 1024:.0f} MiB "
                          f"({100 * (num(b['rss_kb']) / num(a['rss_kb']) - 1):+.0f} %), anonymous "
                          f"{num(a['anon_kb']) / 1024:.0f} → {num(b['anon_kb']) / 1024:.0f} MiB "
                          f"({100 * (num(b['anon_kb']) / num(a['anon_kb']) - 1):+.0f} %)")
    p(f"The {mem_corpus_name} corpus under one and under four paths (hard links), each indexed from empty by "
      "`trawl index DIR`; peak RSS from wait4, peak anonymous memory (RssAnon) sampled every "
      "10 ms (benches/peak.py). The copies are byte-identical, so trawl folds them: one document "
      "per email with four locations. 1× → 4×: " + "; ".join(growth) + ".")
    p("")

# Targets.
def verdict(ok):
    return "met" if ok else "**not met**"
p("| target (issue #15) | " + " | ".join(corpora) + " |")
p("|---|" + "---|" * len(corpora))
def row(label, f):
    p(f"| {label} | " + " | ".join(f(targets.get(c, {})) for c in corpora) + " |")
def speed(t, peer, goal):
    if not t.get(peer):
        return "n/a"
    cpu = f" (CPU {t[peer + '_cpu']:.2f}×)" if t.get(peer + "_cpu") else ""
    return f"{t[peer]:.2f}×{cpu}: {verdict(t[peer] >= goal)}"
row("index ≥ 1.5× faster than mairix (maildir, wall)", lambda t: speed(t, "mairix", 1.5))
row("index ≥ 10× faster than mu (maildir, wall)", lambda t: speed(t, "mu", 10))
row("index ≤ 20 % of the corpus",
    lambda t: ", ".join(f"{inp} {100 * x:.1f} %" for inp, x in t.get("size", []))
    + (f": {verdict(all(x <= 0.20 for _, x in t['size']))}" if t.get("size") else "n/a"))
row("peak RSS ≤ 1 GiB (the index runs above)",
    lambda t: f"max {max(t['rss']):.0f} MiB: {verdict(max(t['rss']) <= 1024)}" if t.get("rss") else "n/a")
mem_corpus = meta.get("memory_corpus", "")
by = {(r["form"], r["copies"]): num(r["rss_kb"]) / 1024 for r in mem if r["status"] == "ok"}
def flat(t, corpus):
    if corpus != mem_corpus or not by:
        return "not measured"
    parts = [f"{form} {by[(form, '1')]:.0f} → {by[(form, '4')]:.0f} MiB"
             for form in ("mbox", "maildir") if (form, "1") in by and (form, "4") in by]
    ok = max(by.values()) <= 1024
    return ", ".join(parts) + f": {verdict(ok)} (≤ 1 GiB), growth in the table above"
p(f"| peak RSS ≤ 1 GiB at 1× and 4× | " + " | ".join(flat(targets.get(c, {}), c) for c in corpora) + " |")
def query_verdict(t):
    if not t.get("query"):
        return "n/a"
    text = f"JSON {t['query']:.1f} ms: {verdict(t['query'] <= 5)}"
    if t.get("query_paths"):
        text += f"; paths {t['query_paths']:.1f} ms: {verdict(t['query_paths'] <= 5)}"
    return text
row("warm query median ≤ 5 ms (slowest of the six)", query_verdict)
p("")
print("\n".join(out))
