//! Same-language republications: the labeled evaluation's floors, and `explain` on a copy,
//! an excerpt and a same-event report.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn evaluation_meets_the_floors() {
    let out = TestStore::new()
        .cmd(&["eval", "republications", "--json", "--seed", "42"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let f = |k: &str| r[k].as_f64().unwrap();
    assert!(r["variants"].as_u64().unwrap() >= 100, "{r:#}");
    assert!(r["excerpts"].as_u64().unwrap() >= 20, "{r:#}");
    assert!(f("precision") >= 0.99, "precision: {r:#}");
    assert!(f("recall") >= 0.97, "recall: {r:#}");
    assert!(f("origin_accuracy_same_language") >= 0.99, "origin: {r:#}");
    // The thresholds sit in the gap the labeled pairs leave.
    let c = &r["calibration"];
    assert!(c["max_inner_negative"].as_f64().unwrap() < 0.30, "{c:#}");
    assert!(c["p01_inner_positive"].as_f64().unwrap() >= 0.50, "{c:#}");
}

/// Ten variants per article: more documents laid out like pieces in other languages. No
/// translation link may move a variant's origin out of its language (seed 2 lost 20 of 232
/// origins so before the translation matcher's name veto).
#[test]
fn origins_hold_with_ten_variants_per_article() {
    let r = TestStore::new().json(&[
        "eval",
        "republications",
        "--json",
        "--seed",
        "2",
        "--variants-per-article",
        "10",
    ]);
    assert_eq!(r["variants"].as_u64(), Some(232), "{r:#}");
    assert!(r["precision"].as_f64().unwrap() >= 0.99, "{r:#}");
    assert!(r["recall"].as_f64().unwrap() >= 0.97, "{r:#}");
    assert!(r["origin_accuracy"].as_f64().unwrap() >= 0.99, "{r:#}");
}

fn add(store: &TestStore, name: &str, text: &str, args: &[&str]) -> i64 {
    let path = store.file(name, text.as_bytes());
    let mut all = vec!["add", path.to_str().unwrap()];
    all.extend_from_slice(args);
    let v = store.json(&all);
    v["version"]["version_id"].as_i64().expect("version id")
}

#[test]
fn explain_tells_a_copy_an_excerpt_and_a_same_event_report_apart() {
    let store = TestStore::new();
    let original = std::fs::read_to_string("fixtures/articles/originals/en-01.txt").unwrap();
    let negative = std::fs::read_to_string("fixtures/articles/negatives/en-01.neg.txt").unwrap();
    let paragraphs: Vec<&str> = original.split("\n\n").collect();
    let copy = format!(
        "NewsHub Daily | Top stories\nShare this article\n\n{}\n\nADVERTISEMENT\n\n{}\n\nSource: Baltic Ledger\n© 2024 All rights reserved.",
        paragraphs[..3].join("\n\n").replace('’', "'"),
        paragraphs[3..].join("\n\n")
    );
    let excerpt = format!(
        "{}\n\nRead more at Baltic Ledger",
        paragraphs[..3].join("\n\n")
    );
    let o = add(
        &store,
        "o.txt",
        &original,
        &["--outlet", "Baltic Ledger", "--published", "2024-03-12"],
    );
    let c = add(
        &store,
        "c.txt",
        &copy,
        &["--outlet", "NewsHub Daily", "--published", "2024-03-13"],
    );
    let e = add(
        &store,
        "e.txt",
        &excerpt,
        &["--outlet", "Digest", "--published", "2024-03-14"],
    );
    let n = add(
        &store,
        "n.txt",
        &negative,
        &[
            "--outlet",
            "Nordic Energy Monitor",
            "--published",
            "2024-03-14",
        ],
    );
    let (o, c, e, n) = (o.to_string(), c.to_string(), e.to_string(), n.to_string());

    let x = store.json(&["explain", &o, &c]);
    let d = &x["matcher"]["decision"];
    assert_eq!(d["relation"], "republication", "{x:#}");
    assert_eq!(d["first_is_source"], true, "{x:#}");
    assert!(d["evidence"]["rule"].is_string() && d["evidence"]["direction"].is_string());
    assert!(
        d["evidence"]["scores"]["containment_new_in_old"]
            .as_f64()
            .unwrap()
            > 0.9
    );

    let x = store.json(&["explain", &e, &o]);
    assert_eq!(x["matcher"]["decision"]["relation"], "excerpt", "{x:#}");
    assert_eq!(x["matcher"]["decision"]["first_is_source"], false, "{x:#}");

    let x = store.json(&["explain", &n, &o]);
    assert!(x["matcher"]["decision"].is_null(), "{x:#}");
    assert!(x["link"].is_null(), "{x:#}");
    let origin = store.json(&["origin", &c]);
    assert_eq!(origin["origin"]["version_id"].to_string(), o, "{origin:#}");
}
