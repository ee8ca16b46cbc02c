//! Benchmark of the same-language pipeline (see BENCHMARKS.md): a generated corpus of
//! news-length articles (fixed seed; a share of them republications and excerpts made by the
//! evaluation's variant generator), bulk `provtrack import` timed and measured for peak memory by
//! /usr/bin/time, single `add` latency timed in-process (`register::register`, what `add` runs
//! after parsing its file), and F1 of same-work pairs against the generator's groups.
//!
//! cargo build --release && target/release/bench --versions 10000 --dir /tmp/bench

use provtrack::eval::variants::{self, Article, Rng};
use provtrack::store::{Store, versions};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

struct Opts {
    versions: usize,
    adds: usize,
    seed: u64,
    dir: PathBuf,
}

fn opts() -> Opts {
    let mut o = Opts {
        versions: 10_000,
        adds: 200,
        seed: 7,
        dir: PathBuf::from("/tmp/provtrack-bench"),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let v = pair.get(1).map(String::as_str).unwrap_or_default();
        let number = |name: &str| v.parse().unwrap_or_else(|_| usage(&format!("{name} N")));
        match pair[0].as_str() {
            "--versions" => o.versions = number("--versions"),
            "--adds" => o.adds = number("--adds"),
            "--seed" => o.seed = number("--seed") as u64,
            "--dir" if v.is_empty() => usage("--dir DIR"),
            "--dir" => o.dir = PathBuf::from(v),
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown option {other}")),
        }
    }
    o
}

fn usage(problem: &str) -> ! {
    let text = "usage: bench [--versions N (10000)] [--adds N (200)] [--seed N (7)] \
                [--dir DIR (/tmp/provtrack-bench)]\n\
                Runs `provtrack` from the same folder as this binary; see BENCHMARKS.md.";
    if problem.is_empty() {
        println!("{text}");
        std::process::exit(0);
    }
    eprintln!("bench: {problem}\n{text}");
    std::process::exit(2);
}

/// A vocabulary of made-up words; picks are skewed (cube of a uniform) like word frequencies.
struct Words(Vec<String>);

impl Words {
    fn new(rng: &mut Rng) -> Words {
        const SYL: [&str; 24] = [
            "ka", "lo", "mi", "ter", "an", "sel", "vo", "ri", "da", "pen", "su", "gor", "el", "ni",
            "bar", "to", "ves", "ul", "ma", "cor", "di", "fen", "ha", "ro",
        ];
        let words = (0..20_000)
            .map(|_| {
                (0..1 + rng.below(3))
                    .map(|_| *rng.pick(&SYL))
                    .collect::<String>()
            })
            .collect();
        Words(words)
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        &self.0[((u * u * u) * self.0.len() as f64) as usize]
    }

    fn sentence(&self, rng: &mut Rng) -> String {
        let n = 8 + rng.below(12);
        let mut s: Vec<String> = (0..n).map(|_| self.word(rng).to_string()).collect();
        let mut c = s[0].chars();
        s[0] = c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default();
        s.join(" ") + "."
    }
}

const OUTLETS: usize = 300;

fn article(i: usize, words: &Words, rng: &mut Rng) -> Article {
    let paragraphs = (0..6 + rng.below(5))
        .map(|_| {
            (0..2 + rng.below(3))
                .map(|_| words.sentence(rng))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
        + chrono::Duration::days((i / 50) as i64);
    let outlet = i % OUTLETS;
    Article {
        id: format!("a{i}"),
        lang: "en".into(),
        title: words.sentence(rng),
        paragraphs,
        outlet: format!("Outlet {}", outlet_name(outlet)),
        url: format!("https://o{outlet}.example/story/{i}"),
        published: Some(day.format("%Y-%m-%d").to_string()),
        author: Some(format!("Author {}", outlet_name(i % 997))),
    }
}

/// Outlet names without digits (a name with digits reads as a different outlet to claims).
fn outlet_name(n: usize) -> String {
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    format!(
        "{}{}{}",
        letters[n % 26],
        letters[(n / 26) % 26],
        letters[(n / 676) % 26]
    )
    .to_uppercase()
}

/// Corpus lines: 75% originals, the rest variants of an earlier original.
fn corpus(n: usize, seed: u64) -> Vec<(serde_json::Value, String)> {
    let mut rng = Rng::new(seed);
    let words = Words::new(&mut rng);
    let mut originals: Vec<Article> = Vec::new();
    let mut out = Vec::with_capacity(n);
    let mut k = 0;
    for i in 0..n {
        if originals.is_empty() || rng.chance(0.75) {
            let a = article(i, &words, &mut rng);
            out.push((line(&a.document(), &a.id), a.id.clone()));
            originals.push(a);
        } else {
            let a = &originals[originals.len() - 1 - rng.below(originals.len().min(500))];
            let v = variants::make(a, k, &[], &mut rng);
            k += 1;
            let mut doc = v.doc;
            doc.url = doc.url.map(|u| format!("{u}-{i}"));
            out.push((line(&doc, &a.id), a.id.clone()));
        }
    }
    out
}

fn line(doc: &provtrack::ingest::Document, group: &str) -> serde_json::Value {
    serde_json::json!({
        "outlet": doc.outlet, "url": doc.url, "title": doc.title, "published_at": doc.published_at,
        "author": doc.author, "text": doc.body, "group": group,
        // Made-up words read as random languages to detection; the feed says what they stand for.
        "language": "en",
    })
}

fn write_jsonl(path: &Path, lines: &[(serde_json::Value, String)]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create corpus"));
    for (l, _) in lines {
        writeln!(f, "{l}").expect("write corpus");
    }
}

/// Runs `provtrack import` under /usr/bin/time: (seconds, peak RSS in MB).
fn import(db: &Path, file: &Path) -> (f64, f64) {
    let exe = std::env::current_exe().unwrap().with_file_name("provtrack");
    let out = Command::new("/usr/bin/time")
        .args(["-f", "TIME %e %M"])
        .arg(exe)
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .output()
        .expect("runs /usr/bin/time provtrack import");
    let err = String::from_utf8_lossy(&out.stderr);
    // A failed import (no `provtrack` beside this binary, a bad line) would time as 0 s.
    assert!(out.status.success(), "provtrack import failed:\n{err}");
    let t = err
        .lines()
        .find(|l| l.starts_with("TIME "))
        .expect("time output");
    let parts: Vec<f64> = t[5..].split(' ').map(|x| x.parse().unwrap()).collect();
    (parts[0], parts[1] / 1024.0)
}

fn vm_hwm_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// Precision, recall, F1 of same-work pairs against the corpus groups.
async fn pair_scores(store: &Store, urls: &HashMap<String, String>) -> (f64, f64, f64) {
    let mut conn = store.conn().await.unwrap();
    let ids = versions::all_ids(&mut conn).await.unwrap();
    let all = versions::by_ids(&mut conn, &ids).await.unwrap();
    let mut by_work: HashMap<i64, Vec<&str>> = HashMap::new();
    let mut by_group: HashMap<&str, usize> = HashMap::new();
    for v in &all {
        let Some(g) = v.url.as_ref().and_then(|u| urls.get(u)) else {
            continue;
        };
        by_work.entry(v.work_id).or_default().push(g);
        *by_group.entry(g).or_default() += 1;
    }
    let pairs = |n: usize| n * n.saturating_sub(1) / 2;
    let gold: usize = by_group.values().map(|&n| pairs(n)).sum();
    let predicted: usize = by_work.values().map(|m| pairs(m.len())).sum();
    let mut tp = 0;
    for members in by_work.values() {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for g in members {
            *count.entry(g).or_default() += 1;
        }
        tp += count.values().map(|&n| pairs(n)).sum::<usize>();
    }
    let p = if predicted == 0 {
        1.0
    } else {
        tp as f64 / predicted as f64
    };
    let r = if gold == 0 {
        1.0
    } else {
        tp as f64 / gold as f64
    };
    (p, r, 2.0 * p * r / (p + r).max(1e-9))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let o = opts();
    std::fs::create_dir_all(&o.dir).expect("bench dir");
    let db = o.dir.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let t = Instant::now();
    let lines = corpus(o.versions + o.adds, o.seed);
    let (bulk, adds) = lines.split_at(o.versions);
    let corpus_path = o.dir.join("corpus.jsonl");
    write_jsonl(&corpus_path, bulk);
    eprintln!(
        "corpus: {} lines in {:.1}s",
        bulk.len(),
        t.elapsed().as_secs_f64()
    );

    // Bulk import in steps, so throughput is known at each store size.
    let mut report = serde_json::Map::new();
    let mut done = 0;
    let mut step = o.versions.min(10_000);
    while done < o.versions {
        let part = o.dir.join("part.jsonl");
        write_jsonl(&part, &bulk[done..done + step]);
        let (secs, mb) = import(&db, &part);
        done += step;
        let rate = step as f64 / secs;
        eprintln!("import to {done}: {step} versions in {secs:.1}s = {rate:.0}/s, peak {mb:.0} MB");
        report.insert(
            format!("import_to_{done}"),
            serde_json::json!({ "versions": step, "seconds": secs, "per_second": rate, "peak_rss_mb": mb }),
        );
        step = (o.versions - done).min(done.max(10_000));
    }

    let urls: HashMap<String, String> = lines
        .iter()
        .filter_map(|(l, g)| Some((l["url"].as_str()?.to_string(), g.clone())))
        .collect();
    let store = Store::open(&db).await.expect("open store");
    let mut times = Vec::new();
    for (l, _) in adds {
        let doc = provtrack::ingest::parse_feed_line(&l.to_string()).expect("feed line");
        let t = Instant::now();
        provtrack::register::register(&store, doc)
            .await
            .expect("register");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let q = |p: f64| {
        times
            .get(((times.len() as f64 * p) as usize).min(times.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    let (p, r, f1) = pair_scores(&store, &urls).await;
    store.close().await;
    report.insert(
        "add_in_process_ms".into(),
        serde_json::json!({ "stored": o.versions, "n": times.len(), "p50": q(0.5), "p95": q(0.95), "bench_peak_rss_mb": vm_hwm_mb() }),
    );
    report.insert(
        "pairs".into(),
        serde_json::json!({ "precision": p, "recall": r, "f1": f1 }),
    );
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
}
