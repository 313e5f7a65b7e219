"""Benchmark `monitor.extraction.article` against trafilatura on the article-extraction benchmark.

Why: the text hash of the extracted main text decides what is news, so extraction must be both
accurate (no furniture, no lost paragraphs) and cheap enough to run on every fetch. This script
measures both in one process, on pages already in memory, and prints the ratios that matter.

Data: /work/shared/bench/article-extraction/ (override with --data or MONITOR_BENCH_EXTRACTION);
it is read in place, never copied. Metric (the benchmark's own): 4-token shingles as multisets,
per-document precision and recall, F1 = 2·mean(P)·mean(R) / (mean(P) + mean(R)).

    python bench/extract.py                    # both extractors, all pages
    python bench/extract.py --only monitor --worst 10
    python bench/extract.py --only-id 0a1b2c --show
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_DATA = "/work/shared/bench/article-extraction"
TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter:
    """Multiset of 4-token windows (one window of all tokens when there are 1–3)."""
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def precision_recall(gold: str, predicted: str) -> tuple[float | None, float]:
    """Per-document P and R; P is None when nothing was predicted (left out of the mean)."""
    gold_sh, pred_sh = shingles(gold), shingles(predicted)
    tp = sum((gold_sh & pred_sh).values())
    fp = sum((pred_sh - gold_sh).values())
    fn = sum((gold_sh - pred_sh).values())
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def load(data: Path, ids: list[str] | None, limit: int | None) -> tuple[dict[str, str], dict[str, str]]:
    """Pages (decoded HTML) and gold texts, keyed by document id."""
    if not (data / "ground-truth.json").is_file() or not (data / "html").is_dir():
        sys.exit(f"benchmark data not found in {data} (expected ground-truth.json and html/); "
                 "pass --data DIR or set MONITOR_BENCH_EXTRACTION")
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    wanted = sorted(truth)
    if ids:
        wanted = [doc_id for doc_id in wanted if any(doc_id.startswith(prefix) for prefix in ids)]
    if limit:
        wanted = wanted[:limit]
    pages = {doc_id: decode_page(gzip.decompress((data / "html" / f"{doc_id}.html.gz").read_bytes()))
             for doc_id in wanted}
    return pages, {doc_id: truth[doc_id]["articleBody"] for doc_id in wanted}


def decode_page(body: bytes) -> str:
    """Decode as the fetcher does (meta charset, then detection), so both extractors get the same text."""
    from monitor.fetching._charset import DecodeFailed, decode_text

    try:
        return decode_text(body, None)[0]
    except DecodeFailed:
        return body.decode("utf-8", "replace")


def run_monitor(html: str) -> str:
    from monitor.extraction.article import extract

    return extract(html).text


def run_trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, fast=True) or ""


EXTRACTORS = {"monitor": run_monitor, "trafilatura": run_trafilatura}


def measure(name: str, pages: dict[str, str], gold: dict[str, str], repeat: int) -> dict:
    """Run one extractor over all pages (best of `repeat` timings) and score its output."""
    extractor = EXTRACTORS[name]
    extractor(next(iter(pages.values())))  # warm up imports and caches
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        outputs = {doc_id: extractor(html) for doc_id, html in pages.items()}
        best = min(best, time.perf_counter() - started)
    per_doc = {doc_id: precision_recall(gold[doc_id], outputs[doc_id]) for doc_id in pages}
    precisions = [p for p, _ in per_doc.values() if p is not None]
    mean_p = sum(precisions) / len(precisions) if precisions else 0.0
    mean_r = sum(r for _, r in per_doc.values()) / len(per_doc)
    f1 = 2 * mean_p * mean_r / (mean_p + mean_r) if mean_p + mean_r else 0.0
    return {"name": name, "f1": f1, "precision": mean_p, "recall": mean_r,
            "docs_per_s": len(pages) / best, "per_doc": per_doc, "outputs": outputs}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path,
                        default=Path(os.environ.get("MONITOR_BENCH_EXTRACTION", DEFAULT_DATA)))
    parser.add_argument("--only", choices=sorted(EXTRACTORS), help="run a single extractor")
    parser.add_argument("--only-id", action="append", metavar="PREFIX", help="document id prefix (repeatable)")
    parser.add_argument("--limit", type=int, help="first N documents only")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per extractor (best is kept)")
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst documents")
    parser.add_argument("--show", action="store_true", help="print extracted and gold text of listed documents")
    args = parser.parse_args(argv)

    pages, gold = load(args.data, args.only_id, args.limit)
    names = [args.only] if args.only else ["monitor", "trafilatura"]
    results = [measure(name, pages, gold, args.repeat) for name in names]

    print(f"{len(pages)} documents from {args.data}")
    print(f"{'extractor':<12} {'F1':>6} {'P':>6} {'R':>6} {'docs/s':>9}")
    for result in results:
        print(f"{result['name']:<12} {result['f1']:6.3f} {result['precision']:6.3f} "
              f"{result['recall']:6.3f} {result['docs_per_s']:9.1f}")
    if len(results) == 2:
        ours, theirs = results
        print(f"ratio monitor/trafilatura: F1 {ours['f1'] / theirs['f1']:.3f}, "
              f"speed {ours['docs_per_s'] / theirs['docs_per_s']:.1f}x")

    if args.worst or args.show:
        ours = results[0]
        def doc_f1(item):
            p, r = item[1]
            p = p or 0.0
            return 2 * p * r / (p + r) if p + r else 0.0
        ranked = sorted(ours["per_doc"].items(), key=doc_f1)[: args.worst or len(pages)]
        for doc_id, (p, r) in ranked:
            print(f"{doc_id[:12]}  P={p if p is not None else float('nan'):.3f} R={r:.3f}")
            if args.show:
                print("--- extracted ---\n" + ours["outputs"][doc_id] + "\n--- gold ---\n" + gold[doc_id] + "\n")


if __name__ == "__main__":
    main()
