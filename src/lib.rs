//! provtrack: where news articles come from as they are republished and translated.
//!
//! The way a version travels: `ingest` (bytes → `Document`) → `text` (normalization, language,
//! fingerprints, anchors) → `claims` (what the text says of its origin) → `matching` (candidates →
//! decisions with evidence) → `store` (one transaction) → `lineage` (origin, cross-posts, tree) →
//! `output` (tables, JSON). `register` runs that path for one version.

pub mod claims;
pub mod error;
pub mod eval;
pub mod explain;
pub mod ingest;
pub mod lineage;
pub mod matching;
pub mod model;
pub mod output;
pub mod refs;
pub mod register;
pub mod review;
pub mod store;
pub mod text;

pub use error::{Error, Result};
