"""A feed of long texts for BENCHMARKS.md (session 16, memory of a batch): each line joins
`--join` consecutive texts of a bench corpus (`target/release/bench` writes one), with the
first one's outlet and metadata and a URL of its own.

    python3 bench/long_feed.py /tmp/gr16e/corpus.jsonl /tmp/long.jsonl --lines 1500 --join 25
"""
import argparse, json

ap = argparse.ArgumentParser()
ap.add_argument("corpus")
ap.add_argument("out")
ap.add_argument("--lines", type=int, default=1500)
ap.add_argument("--join", type=int, default=25)
a = ap.parse_args()
with open(a.corpus) as f, open(a.out, "w") as out:
    for k in range(a.lines):
        part = [json.loads(next(f)) for _ in range(a.join)]
        doc = dict(part[0])
        doc["text"] = "\n\n".join(p["text"] for p in part)
        doc["url"] = f"{doc['url']}-long{k}"
        out.write(json.dumps(doc) + "\n")
