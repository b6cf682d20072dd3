#!/usr/bin/env python3
"""Reference replay of the Self-Instruct ROUGE-L filter with the rouge-score package.

Does what upstream does per candidate: --style self-instruct calls scorer.score(candidate,
existing) on raw strings (bootstrap_instructions.py); --style alpaca tokenizes the pool once
and calls rouge_scorer._score_lcs per pair (generate_instruction.py). Same numbers. Each instruction, in order, is scored as the target against the seeds plus every
instruction kept so far, kept iff max F <= threshold. Writes the same JSONL fields as
`selfinstruct dedup`. Ties in the top-k are broken by pool order (upstream's argsort
leaves them in no fixed order). A summary line goes to stderr: kept, pairs, seconds,
pairs/s.

usage: rouge_reference.py INPUT --seeds FILE [--style self-instruct|alpaca] [--limit N] [--threshold 0.7] [--top 10] [-o OUT]
"""
import argparse, json, sys, time

import numpy as np
from rouge_score import rouge_scorer


def instructions(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        return [r["instruction"] for r in json.loads(text)]
    return [json.loads(line)["instruction"] for line in text.splitlines() if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--style", choices=["self-instruct", "alpaca"], default="self-instruct")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    tokenize = scorer._tokenizer.tokenize
    pool = instructions(a.seeds)
    pool_tokens = [tokenize(p) for p in pool]
    candidates = instructions(a.input)[: a.limit]
    out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8")

    kept = pairs = 0
    started = time.perf_counter()
    for candidate in candidates:
        if a.style == "alpaca":
            tokens = tokenize(candidate)
            scores = [rouge_scorer._score_lcs(tokens, other).fmeasure for other in pool_tokens]
        else:
            scores = [scorer.score(candidate, other)["rougeL"].fmeasure for other in pool]
        pairs += len(scores)
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[: a.top]
        best = scores[order[0]] if scores else 0.0
        is_kept = best <= a.threshold
        record = {
            "instruction": candidate,
            "kept": is_kept,
            "max_similarity": best,
            "avg_similarity_score": float(np.mean(scores)) if scores else 0.0,
            "most_similar": {pool[i]: scores[i] for i in order},
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if is_kept:
            kept += 1
            pool.append(candidate)
            pool_tokens.append(tokenize(candidate))
    seconds = time.perf_counter() - started
    print(f"kept {kept} of {len(candidates)} · {pairs} pairs in {seconds:.2f} s · "
          f"{pairs / seconds / 1e3:.1f}K pairs/s", file=sys.stderr)


if __name__ == "__main__":
    main()
