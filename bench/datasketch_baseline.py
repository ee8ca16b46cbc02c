"""Baseline for BENCHMARKS.md: datasketch's MinHashLSH on the corpus `target/release/bench` writes.

Same normalization idea as provtrack (NFKC, case folding, words), 4-word shingles, 128
permutations; every document is queried against the index, then inserted (the order provtrack
registers in). Pairs an LSH query returns are joined (union-find), like provtrack's works, and
scored against the corpus `group` field: precision / recall / F1 of same-work pairs.

    pip install datasketch
    python3 bench/datasketch_baseline.py /tmp/provtrack-bench/corpus.jsonl --threshold 0.5
"""
import argparse, json, re, sys, time, unicodedata
from collections import Counter, defaultdict

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def shingles(text, k=4):
    words = WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return {" ".join(words[i:i + k]).encode() for i in range(max(1, len(words) - k + 1))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--perm", type=int, default=128)
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    docs = []
    with open(a.corpus) as f:
        for line in f:
            d = json.loads(line)
            docs.append((d["group"], d["text"]))
            if a.limit and len(docs) >= a.limit:
                break
    lsh = MinHashLSH(threshold=a.threshold, num_perm=a.perm)
    parent = list(range(len(docs)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    t = time.perf_counter()
    for i, (_, text) in enumerate(docs):
        m = MinHash(num_perm=a.perm)
        m.update_batch(list(shingles(text)))
        for j in lsh.query(m):
            parent[find(i)] = find(j)
        lsh.insert(i, m)
    secs = time.perf_counter() - t
    works = defaultdict(list)
    for i, (g, _) in enumerate(docs):
        works[find(i)].append(g)
    pairs = lambda n: n * (n - 1) // 2
    gold = sum(pairs(n) for n in Counter(g for g, _ in docs).values())
    pred = sum(pairs(len(m)) for m in works.values())
    tp = sum(pairs(n) for m in works.values() for n in Counter(m).values())
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(json.dumps({"tool": "datasketch MinHashLSH", "threshold": a.threshold, "num_perm": a.perm,
                      "documents": len(docs), "seconds": round(secs, 2),
                      "per_second": round(len(docs) / secs, 1),
                      "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}))


if __name__ == "__main__":
    sys.exit(main())
