//! The fixture scenario end to end: a Russian analysis, its English original-language version
//! (which names the Russian outlet and title), an aggregator's cross-post, and two hard
//! negatives — registered in every order.

mod common;
use common::*;
use serde_json::Value;

const RU: &str = "https://kaspiy-vestnik.example/analytics/2024/03/11/kaspiyskiy-tranzit-pochemu-koridor-rastet-bystree";
const EN: &str = "https://caucasuspolicy.example/analysis/2024/03/14/caspian-transit-corridor-growing-faster-than-docks";
const AGG: &str = "https://globalwire-digest.example/opinion/2024/03/16/caspian-transit-corridor-growing-faster-than-docks";

fn relation_of(crossposts: &Value, url: &str) -> Option<Value> {
    crossposts["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["url"] == url)
        .map(|v| v["relation"].clone())
}

#[test]
fn every_order_gives_the_russian_origin_and_the_right_crossposts() {
    let lines = scenario_lines();
    for order in permutations(&[0, 1, 2]) {
        let store = TestStore::new();
        // The negatives go in the middle of every order, so they are candidates for everything.
        let mut feed: Vec<&str> = order.iter().map(|&i| lines[i].1.as_str()).collect();
        feed.insert(1, &lines[3].1);
        feed.insert(2, &lines[4].1);
        let path = store.file("feed.jsonl", feed.join("\n").as_bytes());
        store
            .cmd(&["import", path.to_str().unwrap()])
            .assert()
            .success();

        for url in [RU, EN, AGG] {
            let origin = store.json(&["origin", url]);
            assert_eq!(
                origin["origin"]["url"], RU,
                "order {order:?}, origin of {url}: {origin:#}"
            );
            assert_eq!(origin["origin"]["stub"], false, "order {order:?}");
            let path = origin["path"].as_array().unwrap();
            assert_eq!(path.first().unwrap()["url"], url);
            assert_eq!(path.last().unwrap()["url"], RU);

            let cross = store.json(&["crossposts", url]);
            let listed = cross["versions"].as_array().unwrap();
            assert_eq!(
                listed.len(),
                2,
                "order {order:?}, crossposts of {url}: {cross:#}"
            );
            for (other, relation) in [
                (RU, Value::Null),
                (EN, "translation".into()),
                (AGG, "republication".into()),
            ] {
                if other != url {
                    assert_eq!(
                        relation_of(&cross, other),
                        Some(relation.clone()),
                        "order {order:?}, {url} → {other}"
                    );
                }
            }
        }
    }
}

#[test]
fn negatives_stay_alone() {
    let store = TestStore::new();
    let path = fixture("scenario/feed.jsonl");
    store
        .cmd(&["import", path.to_str().unwrap()])
        .assert()
        .success();
    for neg in ["Wind Before Wagons", "ferry bottleneck"] {
        let cross = store.json(&["crossposts", neg]);
        assert_eq!(cross["versions"], Value::Array(vec![]), "{neg}: {cross:#}");
        assert_eq!(cross["proposed"], Value::Array(vec![]), "{neg}: {cross:#}");
    }
}

/// `import` reports the works its versions are in once it is done, each once. Registered one per
/// transaction, the Russian text and the cross-post before the English original start two
/// works that the original merges: the merged one is not reported.
#[test]
fn import_reports_the_works_as_they_end() {
    let lines = scenario_lines();
    for order in permutations(&[0, 1, 2, 3]) {
        let store = TestStore::new();
        let feed: Vec<&str> = order.iter().map(|&i| lines[i].1.as_str()).collect();
        let path = store.file("feed.jsonl", feed.join("\n").as_bytes());
        let out = store
            .cmd(&[
                "import",
                path.to_str().unwrap(),
                "--batch",
                "1",
                "--format",
                "json",
            ])
            .output()
            .expect("runs");
        assert!(out.status.success(), "order {order:?}");
        let summary: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let mut reported: Vec<i64> = summary["works"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_i64().unwrap())
            .collect();
        let mut now: Vec<i64> = (1..=4)
            .map(|id| {
                store.json(&["show", &id.to_string()])["version"]["work_id"]
                    .as_i64()
                    .unwrap()
            })
            .collect();
        now.sort_unstable();
        now.dedup();
        // The analysis, its original and the cross-post are one work; the negative another.
        assert_eq!(now.len(), 2, "order {order:?}");
        reported.sort_unstable();
        assert_eq!(reported, now, "order {order:?}: {summary:#}");
    }
}
