//! Translation matching on the team's multilingual fixtures (fixtures/articles): originals, their
//! translations, same-language negatives and cross-language negatives (`xneg`: other reports of
//! the same event in another language), all registered into one store. The floors are computed
//! from what the store holds, as pairs.

mod common;
use common::*;
use serde_json::{Value, json};
use std::collections::HashMap;

struct Entry {
    id: String,
    kind: String,
    lang: String,
    of: Option<String>,
}

/// Registers every fixture through `import` (no language given: detection decides) and returns
/// the manifest entries with, per entry id, its version as exported, and the links.
fn register_all(ts: &TestStore) -> (Vec<Entry>, HashMap<String, Value>, Vec<Value>) {
    let manifest: Vec<Value> =
        serde_json::from_str(&fixture_text("articles/manifest.json")).expect("manifest");
    let mut feed = String::new();
    let mut entries = Vec::new();
    for m in &manifest {
        let s = |k: &str| m[k].as_str().map(str::to_string);
        let line = json!({
            "text": fixture_text(&format!("articles/{}", m["file"].as_str().unwrap())),
            "outlet": m["outlet"],
            "url": m["url"],
            "published_at": m["published_at"],
            "author": m["author"],
        });
        feed.push_str(&line.to_string());
        feed.push('\n');
        entries.push(Entry {
            id: s("id").unwrap(),
            kind: s("kind").unwrap(),
            lang: s("lang").unwrap(),
            of: s("of"),
        });
    }
    let path = ts.file("articles.jsonl", feed.as_bytes());
    ts.cmd(&["import", path.to_str().unwrap()])
        .assert()
        .success();
    let mut by_url: HashMap<String, Value> = HashMap::new();
    let mut links = Vec::new();
    for line in ts.export().lines() {
        let v: Value = serde_json::from_str(line).expect("export line");
        match v["type"].as_str() {
            Some("version") => {
                by_url.insert(v["url"].as_str().unwrap_or_default().to_string(), v);
            }
            Some("link") => links.push(v),
            _ => {}
        }
    }
    let versions = manifest
        .iter()
        .zip(&entries)
        .map(|(m, e)| (e.id.clone(), by_url[m["url"].as_str().unwrap()].clone()))
        .collect();
    (entries, versions, links)
}

#[test]
fn every_translation_is_linked_and_no_cross_language_negative_is() {
    let ts = TestStore::new();
    let (entries, versions, links) = register_all(&ts);
    let id_of: HashMap<i64, &str> = versions
        .iter()
        .map(|(id, v)| (v["version_id"].as_i64().unwrap(), id.as_str()))
        .collect();
    let work = |id: &str| versions[id]["work_id"].as_i64().unwrap();
    let accepted_translation = |a: &str, b: &str| {
        links.iter().any(|l| {
            let (x, y) = (
                id_of[&l["from"].as_i64().unwrap()],
                id_of[&l["to"].as_i64().unwrap()],
            );
            l["relation"] == "translation"
                && l["status"] == "accepted"
                && ((x, y) == (a, b) || (x, y) == (b, a))
        })
    };

    // Recall floor: every original–translation pair is an accepted translation link, and so in
    // one work.
    let translations: Vec<&Entry> = entries.iter().filter(|e| e.kind == "translation").collect();
    assert!(translations.len() >= 10, "fixtures changed");
    for t in &translations {
        let of = t.of.as_deref().unwrap();
        assert!(
            accepted_translation(of, &t.id),
            "{} is not linked to its original {of}",
            t.id
        );
        assert_eq!(work(of), work(&t.id), "{} is not in {of}'s work", t.id);
    }

    // Precision floor: no negative (same or other language) shares a work with the piece it
    // resembles, and no accepted cross-language link joins two different pieces.
    for n in entries
        .iter()
        .filter(|e| e.kind == "negative" || e.kind == "xnegative")
    {
        let of = n.of.as_deref().unwrap();
        assert_ne!(work(of), work(&n.id), "{} was put into {of}'s work", n.id);
    }
    let piece = |id: &str| {
        let e = entries.iter().find(|e| e.id == id).unwrap();
        match e.kind.as_str() {
            "translation" => e.of.clone().unwrap(),
            _ => e.id.clone(),
        }
    };
    let lang = |id: &str| entries.iter().find(|e| e.id == id).unwrap().lang.clone();
    let mut wrong = Vec::new();
    let mut right = 0;
    for l in links.iter().filter(|l| l["status"] == "accepted") {
        let (a, b) = (
            id_of[&l["from"].as_i64().unwrap()],
            id_of[&l["to"].as_i64().unwrap()],
        );
        if lang(a) == lang(b) {
            continue;
        }
        if piece(a) == piece(b) {
            right += 1;
        } else {
            wrong.push((a, b));
        }
    }
    assert!(wrong.is_empty(), "wrong cross-language links: {wrong:?}");
    assert!(right >= translations.len());
}

#[test]
fn a_translation_link_explains_itself() {
    let ts = TestStore::new();
    let (_, versions, links) = register_all(&ts);
    let ru = versions["en-01.ru"]["version_id"].as_i64().unwrap();
    let en = versions["en-01"]["version_id"].as_i64().unwrap();
    let link = links
        .iter()
        .find(|l| {
            let pair = (l["from"].as_i64().unwrap(), l["to"].as_i64().unwrap());
            pair == (en, ru) || pair == (ru, en)
        })
        .expect("en-01 and its Russian translation are linked");
    let scores = &link["evidence"]["scores"];
    // The shared anchors include numbers and transliterated names (consonant skeletons).
    let shared: Vec<&str> = scores["shared_anchors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(shared.iter().any(|k| k.starts_with("n:")), "{shared:?}");
    assert!(shared.iter().any(|k| k.starts_with("k:")), "{shared:?}");
    assert!(scores["structure"].as_f64().unwrap() > 0.9, "{scores}");
}
