//! Rendering results for people (tables, trees) and scripts (JSON). Knows nothing of where
//! results come from.

mod tables;
mod tree;

pub use tables::*;
pub use tree::lineage_tree;

use clap::ValueEnum;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    /// One JSON object per line (export).
    Jsonl,
}

/// Pretty JSON with a trailing newline.
pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("results serialize") + "\n"
}
