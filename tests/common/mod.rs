//! A temporary store and a few helpers to drive the real `provtrack` binary.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub struct TestStore {
    pub dir: TempDir,
}

impl TestStore {
    pub fn new() -> TestStore {
        TestStore {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A store with the fixture scenario imported.
    pub fn with_scenario() -> TestStore {
        let store = TestStore::new();
        let feed = fixture("scenario/feed.jsonl");
        store
            .cmd(&["import", feed.to_str().unwrap()])
            .assert()
            .success();
        store
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("store.db")
    }

    /// The command with this store; add arguments and run.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("provtrack").expect("binary");
        c.env("PROVTRACK_DB", self.db()).args(args);
        c
    }

    /// Runs a read command with --format json and parses its output (it must succeed).
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self
            .cmd(args)
            .args(["--format", "json"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON output")
    }

    /// Writes a file in the store's temp dir and returns its path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    /// The whole store as export lines (to check that nothing changed).
    pub fn export(&self) -> String {
        let out = self
            .cmd(&["export", "--format", "jsonl"])
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    }
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

pub fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).expect("fixture")
}

/// The lines of the scenario feed, keyed by the fixture's short name.
pub fn scenario_lines() -> Vec<(&'static str, String)> {
    let names = ["ru", "en", "agg", "neg-author", "neg-news"];
    names
        .into_iter()
        .zip(
            fixture_text("scenario/feed.jsonl")
                .lines()
                .map(str::to_string),
        )
        .collect()
}

/// Every order of the given items (registration orders in the scenario tests).
pub fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for (i, &x) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, x);
            out.push(p);
        }
    }
    out
}
