//! The command line: registering, reading back, JSON contracts, and bad input that must be
//! refused clearly, with the right exit code, leaving the store as it was.

mod common;
use assert_cmd::assert::OutputAssertExt;
use common::*;
use predicates::prelude::*;
use serde_json::Value;

fn add_ru(store: &TestStore) -> Value {
    let path = fixture("scenario/ru-original.txt");
    store.json(&[
        "add",
        path.to_str().unwrap(),
        "--outlet",
        "Kaspiy Vestnik",
        "--url",
        "https://kaspiy-vestnik.example/a",
        "--published",
        "2024-03-11",
    ])
}

#[test]
fn add_registers_a_version_with_detected_language_and_title() {
    let store = TestStore::new();
    let out = add_ru(&store);
    let v = &out["version"];
    for field in [
        "version_id",
        "work_id",
        "outlet",
        "url",
        "title",
        "language",
        "published_at",
        "stub",
    ] {
        assert!(v.get(field).is_some(), "VERSION lacks {field}: {v:#}");
    }
    assert_eq!(v["language"], "ru");
    assert_eq!(v["outlet"], "Kaspiy Vestnik");
    assert_eq!(v["published_at"], "2024-03-11");
    assert_eq!(v["stub"], false);
    assert!(
        v["title"]
            .as_str()
            .unwrap()
            .starts_with("Каспийский транзит")
    );
    assert_eq!(out["links"], Value::Array(vec![]));
}

#[test]
fn registering_again_creates_nothing() {
    let store = TestStore::new();
    add_ru(&store);
    let before = store.export();
    // Same URL.
    let again = add_ru(&store);
    assert_eq!(again["existing"], true);
    assert_eq!(again["version"]["version_id"], 1);
    // Same outlet, same text, no URL.
    let path = fixture("scenario/ru-original.txt");
    store
        .cmd(&["add", path.to_str().unwrap(), "--outlet", "Kaspiy Vestnik"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Already known"));
    assert_eq!(store.export(), before);
}

/// `add`s run side by side (a script registering files in parallel) wait for each other's
/// write lock: none fails with "database is locked", and every one is stored.
#[test]
fn adds_run_side_by_side_all_succeed() {
    let store = TestStore::new();
    add_ru(&store);
    let runs: Vec<_> = (1..=8)
        .map(|i| {
            let path = fixture(&format!("articles/originals/en-0{i}.txt"));
            std::process::Command::new(assert_cmd::cargo::cargo_bin("provtrack"))
                .env("PROVTRACK_DB", store.db())
                .args(["add", path.to_str().unwrap(), "--outlet", "Side by Side"])
                .args(["--url", &format!("https://side.example/{i}")])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("starts")
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let outlets = store.json(&["outlets"]);
    let side = outlets
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Side by Side")
        .expect("the outlet is stored");
    assert_eq!(side["versions"], 8);
}

#[test]
fn format_is_accepted_before_or_after_the_subcommand() {
    let store = TestStore::new();
    add_ru(&store);
    let a = store
        .cmd(&["--format", "json", "show", "1"])
        .output()
        .unwrap();
    let b = store
        .cmd(&["show", "1", "--format", "json"])
        .output()
        .unwrap();
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["version"]["version_id"], 1);
}

#[test]
fn refs_by_id_url_and_title() {
    let store = TestStore::new();
    add_ru(&store);
    assert_eq!(
        store.json(&["show", "https://kaspiy-vestnik.example/a"])["version"]["version_id"],
        1
    );
    assert_eq!(
        store.json(&["show", "Каспийский транзит"])["version"]["version_id"],
        1
    );
    store
        .cmd(&["show", "no such title anywhere"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no version matches"));
    store.cmd(&["origin", "999"]).assert().code(1);
    // Nothing to look for is bad usage, not every title; nor is a version beside itself.
    for empty in ["", " ", "#"] {
        store
            .cmd(&["show", empty])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("names no version"));
    }
    store
        .cmd(&["explain", "1", "#1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("are the same version (#1)"));
}

#[test]
fn an_ambiguous_title_lists_the_versions_and_exits_2() {
    let store = TestStore::with_scenario();
    store
        .cmd(&["crossposts", "Caspian"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("matches").and(predicate::str::contains("GlobalWire Digest")),
        );
}

/// Every bad input: (file contents, extra args, expected words in the error).
#[test]
fn bad_inputs_are_refused_and_change_nothing() {
    let store = TestStore::new();
    add_ru(&store);
    let before = store.export();
    let cases: Vec<(&str, Vec<u8>, Vec<&str>, &str)> = vec![
        (
            "empty.txt",
            b"  \n\n".to_vec(),
            vec!["--outlet", "X"],
            "empty",
        ),
        (
            "binary.bin",
            vec![0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3],
            vec!["--outlet", "X"],
            "binary",
        ),
        (
            "latin1.txt",
            b"Title\n\nCaf\xe9 society, second line\n".to_vec(),
            vec!["--outlet", "X"],
            "line 3: not valid UTF-8",
        ),
        (
            "ok.txt",
            b"A title\n\nSome text here.".to_vec(),
            vec![],
            "--outlet is required",
        ),
        (
            "ok2.txt",
            b"A title\n\nSome text here.".to_vec(),
            vec!["--outlet", "X", "--published", "last week"],
            "bad date",
        ),
        (
            "ok3.txt",
            b"A title\n\nSome text here.".to_vec(),
            vec!["--outlet", "X", "--lang", "english!"],
            "bad language code",
        ),
    ];
    for (name, bytes, args, words) in cases {
        let path = store.file(name, &bytes);
        let mut all = vec!["add", path.to_str().unwrap()];
        all.extend(args);
        store.cmd(&all).assert().code(2).stderr(
            predicate::str::contains(words)
                .and(predicate::str::contains(name).or(predicate::str::contains("--"))),
        );
    }
    // A path that is not a readable file is bad usage (2), not a failing store (3); a
    // directory given to `import` used to be read as endless failing lines.
    let dir = store.dir.path().to_str().unwrap();
    let unreadable: [(&[&str], &str); 3] = [
        (
            &["add", "/no/such/file.txt", "--outlet", "X"],
            "No such file",
        ),
        (&["import", "/no/such/file.txt"], "No such file"),
        (&["import", dir], "is a directory"),
    ];
    for (args, words) in unreadable {
        store
            .cmd(args)
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("{}: {words}", args[1])));
    }
    // A read that fails in the feed (here its first: standard input is a directory) ends
    // the import, naming the file and line once.
    let dir_as_stdin = std::fs::File::open(store.dir.path()).unwrap();
    std::process::Command::new(assert_cmd::cargo::cargo_bin("provtrack"))
        .env("PROVTRACK_DB", store.db())
        .args(["import", "-"])
        .stdin(dir_as_stdin)
        .output()
        .unwrap()
        .assert()
        .code(2)
        .stderr("provtrack: -:1: Is a directory (os error 21)\n");
    assert_eq!(
        store.export(),
        before,
        "a refused input left something in the store"
    );
}

/// A read of a store that does not exist (a mistyped --db) says so and creates nothing; the
/// first registration creates it.
#[test]
fn only_registering_creates_a_store() {
    let store = TestStore::new();
    for args in [&["show", "1"][..], &["outlets"], &["link", "accept", "1"]] {
        store
            .cmd(args)
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with(format!(
                "provtrack: no store at {}: ",
                store.db().display()
            )));
        assert!(!store.db().exists(), "{args:?} created the store");
    }
    let path = store.file(
        "note.txt",
        b"Harbour notes\n\nThe harbour board met on Tuesday.\n",
    );
    store
        .cmd(&["add", path.to_str().unwrap(), "--outlet", "Harbour Notes"])
        .assert()
        .success();
    assert!(store.db().exists());
}

/// A proposed link is listed by `crossposts` with its id, in both formats, and `link accept`
/// takes that id; an id that names no link says so (exit 1), not "no version matches".
#[test]
fn proposed_links_show_the_id_people_accept_them_by() {
    let store = TestStore::with_scenario();
    // The first 240 words of the English version, then 360 words of its own: too little of
    // either text in the other for the matcher to decide, enough to propose.
    let en = fixture_text("scenario/en-translation.txt");
    let syllables = [
        "ka", "lo", "mi", "ne", "su", "ta", "vi", "ro", "pe", "du", "go", "ha",
    ];
    let own: Vec<String> = (0..360)
        .map(|i| {
            let s = |k: usize| syllables[(i / 12usize.pow(k as u32)) % 12];
            format!("{}{}{}", s(2), s(1), s(0))
        })
        .collect();
    let words: Vec<&str> = en.split_whitespace().take(240).collect();
    let text = format!(
        "Corridor notes\n\n{}\n\n{}\n",
        words.join(" "),
        own.join(" ")
    );
    let path = store.file("partial.txt", text.as_bytes());
    let added = store.json(&[
        "add",
        path.to_str().unwrap(),
        "--outlet",
        "Harbour Digest",
        "--lang",
        "en",
    ]);
    let id = added["version"]["version_id"].to_string();
    let proposed = store.json(&["crossposts", &id])["proposed"].clone();
    let proposed = proposed.as_array().unwrap();
    assert!(!proposed.is_empty(), "nothing proposed: {added}");
    let link = &proposed[0];
    assert_eq!(link["status"], "proposed");
    let link_id = link["link_id"].as_i64().unwrap().to_string();
    let table = store.cmd(&["crossposts", &id]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains(&format!("#{link_id} ")), "{table}");

    let accepted = store.json(&["link", "accept", &link_id]);
    assert_eq!(accepted["status"], "accepted");
    assert!(
        store.json(&["crossposts", &id])["versions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["version_id"] == link["version_id"]),
        "the accepted link joins the work"
    );
    store
        .cmd(&["link", "accept", "999"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("provtrack: no link #999 "));
}

/// Output into a pipe whose reader has gone (`provtrack outlets | head -0`) ends the command
/// as it ends other Unix filters (SIGPIPE), not with a panic and its backtrace.
#[cfg(unix)]
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let store = TestStore::with_scenario();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("provtrack"))
        .env("PROVTRACK_DB", store.db())
        .arg("outlets")
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?}", out.status);
}

#[test]
fn a_malformed_feed_line_is_reported_and_skipped() {
    let store = TestStore::new();
    let lines = scenario_lines();
    let feed = format!(
        "{}\n{{\"text\": \"no outlet here\"}}\n{{broken json\n{}\n",
        lines[0].1, lines[3].1
    );
    let path = store.file("feed.jsonl", feed.as_bytes());
    let out = store
        .cmd(&["import", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("feed.jsonl:2:") && err.contains("outlet"),
        "{err}"
    );
    // A line that is not JSON says what a feed line is; one of the wrong shape says which field.
    assert!(
        err.contains("feed.jsonl:3:") && err.contains("a feed line is one JSON object"),
        "{err}"
    );
    let second = err.lines().find(|l| l.contains("feed.jsonl:2:")).unwrap();
    assert!(!second.contains("a feed line is"), "{second}");
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["added"], 2);
    assert_eq!(summary["rejected"], 2);
    assert_eq!(summary["errors"][0]["line"], 2);
    assert_eq!(
        store
            .export()
            .lines()
            .filter(|l| l.contains("\"type\":\"version\""))
            .count(),
        2
    );
}

/// A feed imported again adds nothing and changes nothing. In a feed that mixes known lines
/// with new ones, a line is known by its URL, as the same text from the same outlet, or as a
/// line of the same feed before it; only the new line is added.
#[test]
fn importing_a_feed_again_adds_only_what_is_new() {
    let store = TestStore::with_scenario();
    let before = store.export();
    let feed = fixture("scenario/feed.jsonl");
    store
        .cmd(&["import", feed.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 added, 5 already known, 0 rejected, 0 links made",
        ));
    assert_eq!(store.export(), before);

    let lines = scenario_lines();
    let mut moved: Value = serde_json::from_str(&lines[2].1).unwrap();
    moved["url"] = "https://aggregator.example/moved".into();
    let new = serde_json::json!({
        "outlet": "Harbour Ledger",
        "url": "https://harbour-ledger.example/ferries",
        "text": "The island ferry will run twice a day from May. The council voted for the \
                 new timetable after a winter of cancelled crossings and long queues at the \
                 pier. Fares stay the same for residents, and the night sailing returns.",
    });
    let mixed = format!("{new}\n{}\n{moved}\n{new}\n", lines[0].1);
    let path = store.file("mixed.jsonl", mixed.as_bytes());
    // Batches of two: the repeated line comes while its first is still being written.
    let summary = store.json(&["import", path.to_str().unwrap(), "--batch", "2"]);
    assert_eq!(summary["added"], 1, "{summary:#}");
    assert_eq!(summary["already_known"], 3, "{summary:#}");
    let after = store.export();
    assert!(after.contains("harbour-ledger.example/ferries"));
    assert!(!after.contains("aggregator.example/moved"));
    let versions = |export: &str| {
        export
            .lines()
            .filter(|l| l.contains("\"type\":\"version\""))
            .count()
    };
    assert_eq!(versions(&after), versions(&before) + 1);
}

#[test]
fn html_pages_are_read_with_their_charset_and_metadata() {
    let store = TestStore::new();
    let page = fixture("html/windows-1251.html");
    let out = store.json(&["add", page.to_str().unwrap(), "--outlet", "Kazan Reader"]);
    assert_eq!(out["version"]["language"], "ru");
    let agg = fixture("html/aggregator-page.html");
    let out = store.json(&[
        "add",
        agg.to_str().unwrap(),
        "--outlet",
        "GlobalWire Digest",
    ]);
    assert_eq!(out["version"]["published_at"], "2024-03-16T09:30:00Z");
    assert!(
        out["version"]["url"]
            .as_str()
            .unwrap()
            .contains("globalwire-digest.example")
    );
}

#[test]
fn search_outlets_and_export() {
    let store = TestStore::with_scenario();
    let hits = store.json(&["search", "ferry"]);
    let ferry = hits["results"].as_array().unwrap().len();
    assert!(ferry > 0);
    // Several words need no quotes, and every one of them must be there.
    let both = store.json(&["search", "ferry", "queues"]);
    assert_eq!(both["query"], "ferry queues");
    let both = both["results"].as_array().unwrap().len();
    assert!(both > 0 && both < ferry, "{both} of {ferry}");
    let outlets = store.json(&["outlets"]);
    let names: Vec<&str> = outlets
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    for o in [
        "Kaspiy Vestnik",
        "Caucasus Policy Review",
        "GlobalWire Digest",
    ] {
        assert!(names.contains(&o), "{names:?}");
    }
    let export = store.export();
    let first: Value = serde_json::from_str(export.lines().next().unwrap()).unwrap();
    assert_eq!(first["type"], "version");
    let link: Value = serde_json::from_str(
        export
            .lines()
            .find(|l| l.contains("\"type\":\"link\""))
            .unwrap(),
    )
    .unwrap();
    for field in [
        "from",
        "to",
        "relation",
        "method",
        "confidence",
        "status",
        "evidence",
    ] {
        assert!(link.get(field).is_some(), "link lacks {field}");
    }
}

#[test]
fn people_can_reject_and_add_links() {
    let store = TestStore::with_scenario();
    let agg = "https://globalwire-digest.example/opinion/2024/03/16/caspian-transit-corridor-growing-faster-than-docks";
    let before = store.json(&["crossposts", agg]);
    assert_eq!(before["versions"].as_array().unwrap().len(), 2);
    // Reject the aggregator's link: it leaves the work.
    let export = store.export();
    let link: Value = export
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|l| l["type"] == "link" && l["relation"] == "republication")
        .expect("a republication link");
    let id = link["link_id"].to_string();
    store.cmd(&["link", "reject", &id]).assert().success();
    assert_eq!(
        store.json(&["crossposts", agg])["versions"],
        Value::Array(vec![])
    );
    // Add it back by hand.
    let en = "https://caucasuspolicy.example/analysis/2024/03/14/caspian-transit-corridor-growing-faster-than-docks";
    let added = store.json(&["link", "add", en, agg, "--relation", "republication"]);
    assert_eq!(added["method"], "manual");
    // In place of the rejected link, which its evidence keeps, and the table says so.
    assert_eq!(added["link_id"], link["link_id"]);
    assert_eq!(added["evidence"]["replaced"]["status"], "rejected");
    assert_eq!(added["evidence"]["replaced"]["method"], "manual");
    store
        .cmd(&["link", "add", en, agg, "--relation", "excerpt"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("replaces #").and(predicate::str::contains(
                "republication (manual 1.00, accepted)",
            )),
        );
    assert_eq!(
        store.json(&["crossposts", agg])["versions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
