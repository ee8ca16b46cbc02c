//! `origin` answers users can trust: the same lineage in every order, a stub standing for a
//! version known only from a claim (and merged when its text arrives), conflicts between
//! claims and dates reported with both candidates, and "unknown" when nothing decides.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;

const RU: &str = "https://kaspiy-vestnik.example/analytics/2024/03/11/kaspiyskiy-tranzit-pochemu-koridor-rastet-bystree";

/// A lineage as URLs: each version's URL → (parent URL, relation, method), independent of ids.
fn lineage_by_url(store: &TestStore, url: &str) -> BTreeMap<String, (Value, Value, Value)> {
    let lineage = store.json(&["lineage", url]);
    let nodes = lineage["versions"].as_array().unwrap();
    let url_of = |id: &Value| {
        nodes
            .iter()
            .find(|n| &n["node"]["version_id"] == id)
            .map(|n| n["node"]["url"].clone())
            .unwrap_or(Value::Null)
    };
    nodes
        .iter()
        .map(|n| {
            let node = &n["node"];
            (
                node["url"].as_str().unwrap().to_string(),
                (
                    url_of(&node["parent_version_id"]),
                    node["relation"].clone(),
                    node["method"].clone(),
                ),
            )
        })
        .collect()
}

fn import(store: &TestStore, lines: &[&str]) {
    import_in_batches(store, lines, None);
}

/// Imports with `batch` versions per transaction (the default if None).
fn import_in_batches(store: &TestStore, lines: &[&str], batch: Option<usize>) {
    let path = store.file("feed.jsonl", lines.join("\n").as_bytes());
    let mut args = vec!["import".to_string(), path.to_str().unwrap().to_string()];
    if let Some(n) = batch {
        args.extend(["--batch".to_string(), n.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    store.cmd(&args).assert().success();
}

#[test]
fn every_order_gives_the_same_lineage() {
    let lines = scenario_lines();
    let mut first: Option<BTreeMap<String, (Value, Value, Value)>> = None;
    for order in permutations(&[0, 1, 2]) {
        let store = TestStore::new();
        let feed: Vec<&str> = order.iter().map(|&i| lines[i].1.as_str()).collect();
        import(&store, &feed);
        let lineage = lineage_by_url(&store, RU);
        assert_eq!(lineage.len(), 3, "order {order:?}: {lineage:#?}");
        assert_eq!(lineage[RU].0, Value::Null, "the Russian text is the root");
        match &first {
            None => first = Some(lineage),
            Some(f) => assert_eq!(&lineage, f, "order {order:?}"),
        }
    }
}

#[test]
fn without_the_russian_text_a_stub_names_it_and_the_text_later_merges() {
    let lines = scenario_lines();
    let store = TestStore::new();
    import(&store, &[&lines[1].1, &lines[2].1]);
    let en = "Caspian Transit: Why the Corridor";
    let origin = store.json(&["origin", en]);
    let o = &origin["origin"];
    assert_eq!(o["stub"], true, "{origin:#}");
    assert_eq!(o["outlet"], "Kaspiy Vestnik");
    assert_eq!(o["language"], "ru");
    assert_eq!(
        o["title"],
        "Каспийский транзит: почему коридор растёт быстрее, чем его причалы"
    );
    assert_eq!(origin["unknown"], false);
    assert!(origin["basis"].as_str().unwrap().contains("stub"));
    // Stubs show as such in the tables too.
    let table = store.cmd(&["origin", en]).output().unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("[stub]"));
    let stub_id = o["version_id"].clone();

    import(&store, &[&lines[0].1]);
    let origin = store.json(&["origin", en]);
    assert_eq!(origin["origin"]["url"], RU, "{origin:#}");
    assert_eq!(origin["origin"]["stub"], false);
    assert_eq!(
        origin["origin"]["version_id"], stub_id,
        "the text replaced the stub"
    );
    let cross = store.json(&["crossposts", RU]);
    let listed = cross["versions"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "{cross:#}");
    assert!(listed.iter().all(|v| v["stub"] == false));
    // Every link stayed: the English text still claims the (now filled) Russian version.
    let claims = store.json(&["claims", en]);
    assert!(
        claims["claims"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["target_version_id"] == stub_id && c["target_stub"] == false),
        "{claims:#}"
    );
}

#[test]
fn a_claim_against_the_dates_is_a_conflict_with_both_candidates() {
    let store = TestStore::new();
    let steppe = fixture("claims/conflict-steppe.txt");
    let ledger = fixture("claims/conflict-ledger.txt");
    store
        .cmd(&[
            "add",
            steppe.to_str().unwrap(),
            "--outlet",
            "Steppe Daily",
            "--published",
            "2024-05-10",
            "--url",
            "https://steppe-daily.example/aktau-grain",
        ])
        .assert()
        .success();
    store
        .cmd(&[
            "add",
            ledger.to_str().unwrap(),
            "--outlet",
            "Baltic Ledger",
            "--published",
            "2024-05-06",
            "--url",
            "https://baltic-ledger.example/aktau-grain",
        ])
        .assert()
        .success();
    let origin = store.json(&["origin", "https://baltic-ledger.example/aktau-grain"]);
    let conflicts = origin["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{origin:#}");
    let urls: Vec<&str> = conflicts[0]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["url"].as_str().unwrap())
        .collect();
    assert!(urls.contains(&"https://steppe-daily.example/aktau-grain"));
    assert!(urls.contains(&"https://baltic-ledger.example/aktau-grain"));
    assert!(
        conflicts[0]["reason"]
            .as_str()
            .unwrap()
            .contains("4 days later")
    );
    assert_eq!(origin["candidates"].as_array().unwrap().len(), 2);
    assert!(origin["basis"].as_str().unwrap().contains("conflict"));
    // The stable fields are still there.
    for field in ["origin", "path", "basis"] {
        assert!(origin.get(field).is_some(), "{field}");
    }
    let table = store
        .cmd(&["origin", "https://baltic-ledger.example/aktau-grain"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("disputed"), "{text}");
    assert!(text.contains("Conflict:"), "{text}");
}

#[test]
fn one_version_without_claims_has_an_unknown_origin() {
    let store = TestStore::new();
    let steppe = fixture("claims/conflict-steppe.txt");
    store
        .cmd(&["add", steppe.to_str().unwrap(), "--outlet", "Steppe Daily"])
        .assert()
        .success();
    let origin = store.json(&["origin", "Aktau port"]);
    assert_eq!(origin["unknown"], true, "{origin:#}");
    assert!(origin["basis"].as_str().unwrap().contains("unknown"));
    let table = store.cmd(&["origin", "Aktau port"]).output().unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).starts_with("Origin: unknown"));
}

#[test]
fn a_match_nothing_directs_is_unknown_not_a_guess() {
    // The same text from two outlets, no dates, no claims: either could be first.
    let store = TestStore::new();
    let steppe = fixture("claims/conflict-steppe.txt");
    for (outlet, url) in [
        ("Steppe Daily", "https://steppe-daily.example/a"),
        ("Caspian Wire", "https://caspian-wire.example/a"),
    ] {
        store
            .cmd(&[
                "add",
                steppe.to_str().unwrap(),
                "--outlet",
                outlet,
                "--url",
                url,
            ])
            .assert()
            .success();
    }
    let origin = store.json(&["origin", "https://caspian-wire.example/a"]);
    assert_eq!(origin["path"].as_array().unwrap().len(), 2, "{origin:#}");
    assert_eq!(origin["unknown"], true, "{origin:#}");
    assert_eq!(origin["candidates"].as_array().unwrap().len(), 2);
}

/// Registers a feed line with `add`, the path of one version at a time.
fn add_line(store: &TestStore, line: &str) {
    let v: Value = serde_json::from_str(line).unwrap();
    let path = store.file("text.txt", v["text"].as_str().unwrap().as_bytes());
    let mut args = vec![
        "add".to_string(),
        path.to_str().unwrap().to_string(),
        "--outlet".to_string(),
        v["outlet"].as_str().unwrap().to_string(),
    ];
    for (field, flag) in [
        ("url", "--url"),
        ("title", "--title"),
        ("published_at", "--published"),
        ("author", "--author"),
    ] {
        if let Some(s) = v[field].as_str() {
            args.extend([flag.to_string(), s.to_string()]);
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    store.cmd(&args).assert().success();
}

/// `import` decides a batch in memory; `add` reads and writes the store as it goes. Both must
/// give the same lineage, in every order, with the hard negatives among the candidates.
#[test]
fn import_and_add_give_the_same_lineage() {
    let lines = scenario_lines();
    for order in permutations(&[0, 1, 2]) {
        let mut feed: Vec<&str> = order.iter().map(|&i| lines[i].1.as_str()).collect();
        feed.insert(1, &lines[3].1);
        feed.insert(2, &lines[4].1);
        let single = TestStore::new();
        for line in &feed {
            add_line(&single, line);
        }
        // One batch; and batches of one and two versions, each decided while the one before
        // is written, so that every version sees the ones before it only in memory.
        for batch in [None, Some(1), Some(2)] {
            let bulk = TestStore::new();
            import_in_batches(&bulk, &feed, batch);
            assert_eq!(
                lineage_by_url(&bulk, RU),
                lineage_by_url(&single, RU),
                "order {order:?}, batch {batch:?}"
            );
            assert_eq!(
                crossposts(&bulk),
                crossposts(&single),
                "order {order:?}, batch {batch:?}"
            );
        }
    }
}

/// What a user reads of the cross-posts: which versions, how related, how sure.
fn crossposts(store: &TestStore) -> Vec<Vec<Value>> {
    let listed = store.json(&["crossposts", RU])["versions"].clone();
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            ["url", "relation", "method", "status", "confidence", "stub"]
                .iter()
                .map(|f| v[*f].clone())
                .collect()
        })
        .collect()
}
