"""Times `provtrack add` (the CLI: process start, store open, one registration) against a bench
store: 40 lines of its corpus re-posted by a new aggregator (new URL), and 40 fresh texts made by
shuffling the sentences of corpus lines.

    python3 bench/add_cli.py STORE CORPUS   (PROVTRACK= the binary, default target/release/provtrack)

It adds versions to STORE: run it on a copy.
"""
import json, subprocess, sys, time, random, statistics, os, tempfile
db, corpus = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp()
lines = []
with open(corpus) as f:
    for i, l in enumerate(f):
        if i % 997 == 0:
            lines.append(json.loads(l))
random.seed(3)
times = {"repost": [], "fresh": []}
for kind in ("repost", "fresh"):
    for i, d in enumerate(lines[:40]):
        body = d["text"]
        if kind == "fresh":
            s = body.split(". ")
            random.shuffle(s)
            body = ". ".join(s)
        p = f"{tmp}/{kind}{i}.txt"
        open(p, "w").write(body)
        cmd = [os.environ.get("PROVTRACK", "target/release/provtrack"), "--db", db, "--format", "json", "add", p,
               "--outlet", "CLI Aggregator", "--url", f"https://cli.example/{kind}/{i}", "--lang", "en"]
        if d.get("title"):
            cmd += ["--title", d["title"]]
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True)
        times[kind].append((time.perf_counter() - t) * 1000)
        if r.returncode != 0:
            print(r.stderr.decode(), file=sys.stderr)
for k, v in times.items():
    v.sort()
    print(f"{k}: n={len(v)} p50={statistics.median(v):.1f} ms p95={v[int(len(v)*0.95)-1]:.1f} ms max={v[-1]:.1f} ms")
