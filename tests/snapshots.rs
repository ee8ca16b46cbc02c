//! Rendered output for people, pinned: the lineage tree, origin and cross-posts of the fixture
//! scenario. Review changes with `cargo insta review` (or INSTA_UPDATE=always and `git diff`).

mod common;
use common::*;

fn stdout(store: &TestStore, args: &[&str]) -> String {
    let out = store.cmd(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn lineage_tree_of_the_scenario() {
    let store = TestStore::with_scenario();
    insta::assert_snapshot!(stdout(&store, &["lineage", "3"]));
}

#[test]
fn origin_of_the_aggregator_copy() {
    let store = TestStore::with_scenario();
    insta::assert_snapshot!(stdout(&store, &["origin", "3"]));
}

#[test]
fn crossposts_of_the_russian_original() {
    let store = TestStore::with_scenario();
    insta::assert_snapshot!(stdout(&store, &["crossposts", "1"]));
}
