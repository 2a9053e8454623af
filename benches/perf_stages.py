"""Groups a `perf record` profile of `trawl index` by stage: which share of the CPU samples
goes to parsing, tokenizing, tantivy's postings, term dictionaries, document store, merging.

    perf record -F 499 -o perf.data -- trawl --index IX index CORPUS
    python3 benches/perf_stages.py perf.data [--top N]

Reads `perf script -F comm,ip,sym,dso` (a flat profile: no call graphs, which Rust release
builds without frame pointers do not give cheaply) and prints markdown tables: samples by
stage and thread, then the top N symbols. A stage is chosen from the symbol's name (the
first pattern of STAGES that matches); a thread from the command name perf recorded
(tantivy's indexing threads are `thrd-tantivy-in*`, its merges `merge_thread_*`, its
document-store compressor `docstore-compre*`; the reader, rayon's parse workers and the
writer stage inherit `trawl`). Memory copies and allocation are stages of their own: without
call graphs they cannot be charged to their callers, but the thread column says whose they are.
"""
import collections
import re
import subprocess
import sys

STAGES = [
    ("term dictionaries (FST build, lookups)", r"tantivy_fst::|tantivy::termdict|tantivy_sstable"),
    ("postings in memory (term hash table, recorders)",
     r"subscribe|recorder::|tantivy_stacker|ExpUnrolled|MemoryArena|segment_writer|IndexingPosition"),
    ("postings and positions encoding", r"serializ|bitpack|BlockEncoder|compute_num_bits|vint|skip_index|positions"),
    ("fast columns", r"tantivy_columnar|fastfield|columnar"),
    ("document store (lz4)", r"tantivy::store|lz4|docstore"),
    ("segment merging", r"indexer::merger|merge_policy|doc_id_mapping"),
    ("tokenizing (tantivy analyzers)", r"tokenizer|TokenStream|TextAnalyzer|trawl::analysis"),
    ("language detection (whichlang)", r"whichlang|trawl::lang"),
    ("entities (addresses, links, numbers)", r"trawl::entities|linkify::|iban::"),
    ("mail parsing and decoding",
     r"mailparse|trawl::message|quoted_printable|charset|encoding_rs|html5ever|markup5ever|"
     r"data_encoding|base64|trawl::html|trawl::mbox|trawl::charset|trawl::date|jiff|trawl::extract|"
     r"trawl::document|trawl::sniff"),
    ("SHA-256 (identities)", r"sha2::|sha256|Sha256"),
    ("allocation (malloc, free)", r"malloc|free|realloc|calloc|_int_|unlink_chunk|tcache|consolidate|alloc::alloc"),
    ("memory copies and compares (libc)", r"^__mem|^mem(cpy|move|set|cmp|chr)|memchr"),
    ("other trawl code (reader, sink, writer)", r"trawl::|walkdir"),
    ("other std and core", r"^core::|^std::|^alloc::|<alloc::|<core::|<std::"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in STAGES]


def stage_of(dso, sym):
    if "kernel" in dso or dso.startswith("[k"):
        return "kernel (I/O, page faults, scheduling)"
    for name, pattern in COMPILED:
        if pattern.search(sym):
            return name
    return "other"


def thread_of(comm):
    if comm.startswith("thrd-tantivy-in"):
        return "tantivy indexing"
    if comm.startswith("merge_thread") or "merge" in comm:
        return "tantivy merging"
    if comm.startswith("docstore"):
        return "doc store compressor"
    if comm == "trawl":
        return "trawl (read, parse, write)"
    return "other threads"


MODULES = re.compile(r"\b(?:[a-z_][a-z0-9_]*::)+")
TRAIT_IMPL = re.compile(r"^<(.+?) as .+?>::(.*)$")


def short(sym):
    """`<tantivy::a::Type<R> as tantivy::a::Trait>::method` → `Type<R>::method (tantivy)`."""
    crate = sym.lstrip("<").split("::", 1)[0] if "::" in sym else ""
    m = TRAIT_IMPL.match(sym)
    name = MODULES.sub("", f"{m.group(1)}::{m.group(2)}" if m else sym)
    return f"{name} ({crate})" if crate and crate != name else name


LINE = re.compile(r"^\s*(\S+)\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")


def samples(path):
    """Yields (comm, dso, symbol) per sample of a perf.data file."""
    proc = subprocess.Popen(["perf", "script", "-i", path, "-F", "comm,ip,sym,dso"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            errors="replace")
    for line in proc.stdout:
        m = LINE.match(line)
        if m:
            comm, sym, dso = m.groups()
            yield comm, dso, sym or "[unknown]"
    proc.wait()


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 25
    by_stage = collections.Counter()
    by_cell = collections.Counter()
    by_thread = collections.Counter()
    by_sym = collections.Counter()
    total = 0
    for comm, dso, sym in samples(argv[1]):
        stage, thread = stage_of(dso, sym), thread_of(comm)
        by_stage[stage] += 1
        by_thread[thread] += 1
        by_cell[(stage, thread)] += 1
        by_sym[(short(sym), thread)] += 1
        total += 1
    if not total:
        sys.stderr.write("no samples read (is perf installed, and the file a perf.data?)\n")
        return 1
    pct = lambda n: f"{100 * n / total:.1f} %" if n else ""
    threads = [t for t, _ in by_thread.most_common()]
    print(f"Samples: {total:,}\n")
    print("| stage | all | " + " | ".join(threads) + " |")
    print("|---|---:|" + "---:|" * len(threads))
    for stage, n in by_stage.most_common():
        print(f"| {stage} | {pct(n)} | " + " | ".join(pct(by_cell[(stage, t)]) for t in threads) + " |")
    print("| all | 100 % | " + " | ".join(pct(by_thread[t]) for t in threads) + " |")
    print()
    print(f"| top {top} symbols | thread | samples |")
    print("|---|---|---:|")
    for (sym, thread), n in by_sym.most_common(top):
        print(f"| `{sym}` | {thread} | {pct(n)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
