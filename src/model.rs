//! Plain data that travels between the modules. Everything derives serde so that the JSON
//! interface is the same structs the core works with.

use serde::{Deserialize, Serialize};

/// How one version came to be from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Translation,
    Republication,
    Excerpt,
}

impl Relation {
    /// What the source underwent: "#6 excerpted as #9".
    pub fn participle(self) -> &'static str {
        match self {
            Relation::Translation => "translated",
            Relation::Republication => "republished",
            Relation::Excerpt => "excerpted",
        }
    }
}

/// How a link was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Claim,
    Match,
    Manual,
}

/// Whether a link is a fact (accepted), a suggestion (proposed) or ruled out (rejected).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
}

macro_rules! str_enum {
    ($t:ty { $($v:ident => $s:literal),+ $(,)? }) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),+ }
            }
        }
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($s => Ok(Self::$v),)+
                    other => Err(format!(
                        "unknown {}: {other:?} (one of: {})",
                        stringify!($t).to_lowercase(),
                        [$($s),+].join(", ")
                    )),
                }
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
str_enum!(Relation { Translation => "translation", Republication => "republication", Excerpt => "excerpt" });
str_enum!(Method { Claim => "claim", Match => "match", Manual => "manual" });
str_enum!(Status { Proposed => "proposed", Accepted => "accepted", Rejected => "rejected" });

/// A version as the JSON interface shows it (the stable VERSION object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub version_id: i64,
    pub work_id: i64,
    pub outlet: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub language: Option<String>,
    pub published_at: Option<String>,
    pub stub: bool,
    /// Added fields (free to grow): author, detection confidence, first-seen time.
    pub author: Option<String>,
    pub language_confidence: Option<f64>,
    pub first_seen_at: String,
}

/// A link between two versions, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub link_id: i64,
    pub source_id: i64,
    pub derived_id: i64,
    pub relation: Relation,
    pub method: Method,
    pub confidence: f64,
    pub status: Status,
    pub evidence: serde_json::Value,
}

impl Link {
    /// The version at the other end of this link from `id`.
    pub fn other(&self, id: i64) -> i64 {
        if self.source_id == id {
            self.derived_id
        } else {
            self.source_id
        }
    }
}
