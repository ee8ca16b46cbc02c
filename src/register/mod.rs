//! Registering one version: analyze its text, find candidates in the indexes, let the matcher
//! and the text's own claims decide links, then write everything in one transaction.

use crate::claims::Claim;
use crate::error::Result;
use crate::ingest::{Document, Published, parse_date};
use crate::matching::{self, Meta, Side, translation::Idf};
use crate::model::{Method, Relation, Status, Version};
use crate::store::{
    self, Conn, NewLink, NewVersion, Store, anchors, index, links, outlets, postings, versions,
};
use crate::text::{self, Analysis, boilerplate};
use serde::Serialize;
use std::collections::HashSet;

mod bulk;
mod claims;
mod directory;
mod fast;
mod lookup;
mod pending;
mod prepare;
mod translations;

pub use bulk::{BATCH, Bulk, SharedLearned};
pub use prepare::{Prepared, prepare};

use lookup::{Candidate, Lookup, Reanalyzed};
use pending::Pending;

#[derive(Debug, Clone, Serialize)]
pub struct Registered {
    pub version: Version,
    pub links: Vec<LinkSummary>,
    /// True when nothing was added: the version was already known.
    pub existing: bool,
    /// Why it counts as already known, or that it replaced a stub.
    pub note: Option<String>,
    pub claims: Vec<Claim>,
}

/// A link as `add` shows it: the other version, and its role relative to the new one.
#[derive(Debug, Clone, Serialize)]
pub struct LinkSummary {
    pub version_id: i64,
    pub relation: Relation,
    /// "source" when the other version is the source of the new one, "derived" otherwise.
    pub role: &'static str,
    pub method: Method,
    pub confidence: f64,
    pub status: Status,
    pub outlet: String,
    pub title: Option<String>,
    pub stub: bool,
}

/// One link the registration will write: to an existing version, or to a stub it creates.
pub(crate) struct PlannedLink {
    other: Target,
    other_is_source: bool,
    relation: Relation,
    method: Method,
    confidence: f64,
    status: Status,
    evidence: serde_json::Value,
}

impl PlannedLink {
    /// The link as `add` shows it, with the version it ended up with.
    fn summary(&self, other: &Version) -> LinkSummary {
        LinkSummary {
            version_id: other.version_id,
            relation: self.relation,
            role: if self.other_is_source {
                "source"
            } else {
                "derived"
            },
            method: self.method,
            confidence: self.confidence,
            status: self.status,
            outlet: other.outlet.clone(),
            title: other.title.clone(),
            stub: other.stub,
        }
    }
}

pub(crate) enum Target {
    Existing(Version),
    NewStub(StubSpec),
}

#[derive(Clone)]
pub(crate) struct StubSpec {
    outlet: String,
    outlet_id: Option<i64>,
    language: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

/// Registers one version in its own transaction.
pub async fn register(store: &Store, doc: Document) -> Result<Registered> {
    let mut tx = store.begin().await?;
    let registered = register_in(&mut tx, doc).await?;
    tx.commit().await?;
    Ok(registered)
}

/// Registers one version on a connection whose transaction the caller owns: every read and
/// write of the registration goes through `conn`.
pub async fn register_in(conn: &mut Conn, doc: Document) -> Result<Registered> {
    register_prepared(conn, prepare(doc, &HashSet::new())?, Reanalyzed::default()).await
}

/// Registers a checked, analyzed version, reading and writing the store as it goes: the path
/// of `add`, and of the bulk registrations that claims or stubs concern (which share the
/// stored versions their import analyzed again, `reanalyzed`).
pub(crate) async fn register_prepared(
    conn: &mut Conn,
    mut p: Prepared,
    reanalyzed: Reanalyzed,
) -> Result<Registered> {
    // The same URL, or the same text from the same outlet, is already known.
    let mut stub_to_fill = None;
    let arrival = outlets::arrival(conn, p.doc.url.as_deref(), &p.outlet).await?;
    if let Some(id) = arrival.url_version {
        let v = versions::by_id(conn, id).await?.expect("id just found");
        if !v.stub {
            return existing(conn, v, SAME_URL).await;
        }
        stub_to_fill = Some(v);
    }
    let (known, learned) = match arrival.outlet {
        Some(mut o) => {
            let learned = std::mem::take(&mut o.learned);
            (Some(o), learned)
        }
        None => (None, HashSet::new()),
    };
    let outlet_id = known.as_ref().map(|o| o.id);
    // A known outlet without stubs has none for this text to fill (none is made before the
    // stubs are looked up): those lookups would find nothing.
    let no_stubs = known.as_ref().is_some_and(|o| !o.has_stubs);
    p.refresh(&learned);
    let Prepared {
        doc,
        outlet,
        title,
        published,
        analysis,
        lines,
        claims: found,
        ..
    } = p;
    if let Some(id) = outlet_id
        && let Some(same) = versions::id_by_outlet_hash(conn, id, &analysis.body_hash).await?
    {
        let v = versions::by_id(conn, same).await?.expect("id just found");
        return existing(conn, v, SAME_TEXT).await;
    }
    if stub_to_fill.is_none() && !no_stubs {
        stub_to_fill = claims::find_stub(conn, &outlet, outlet_id, &analysis).await?;
    }

    let meta = Meta {
        author: doc.author.as_deref(),
        published,
        stored: false,
        claims_derived: found.iter().any(Claim::points_to_source),
    };
    let none = Pending::default();
    let mut lookup = Lookup::load(conn, &[&analysis], Default::default(), reanalyzed).await?;
    let mut ids = lookup.candidates(conn, &analysis, &none).await?;
    ids.retain(|&id| stub_to_fill.as_ref().is_none_or(|s| s.version_id != id));
    let mass = lookup.mass(&analysis, &none);
    let (candidates, idf) = lookup.resolve(conn, &analysis, &ids, &none).await?;
    let mut planned = match_candidates(&meta, &analysis, &candidates, &idf);
    translations::settle(conn, &mut planned, &none).await?;
    if stub_to_fill.is_none() && !no_stubs {
        stub_to_fill =
            claims::find_named_stub(conn, &outlet, outlet_id, &analysis, &planned).await?;
    }
    let claim_plan =
        claims::plan_claim_links(conn, &found, &analysis, &outlet, &mut planned).await?;

    let now = store::now();
    let domain = doc.url.as_deref().and_then(domain_of);
    // Known at the start: nothing since renamed or removed it (only a fuzzily found outlet,
    // for a name not yet known, is renamed), so it need not be looked up again.
    let outlet_id = match &known {
        Some(o) => {
            if !o.has_domain
                && let Some(d) = domain.as_deref()
            {
                outlets::set_domain_if_missing(conn, o.id, d).await?;
            }
            o.id
        }
        None => outlets::get_or_create(conn, &outlet, domain.as_deref(), &now).await?,
    };
    let published_stored = published.map(Published::to_stored);
    let row = NewVersion {
        work_id: 0,
        outlet_id,
        url: doc.url.as_deref(),
        title: Some(title.as_str()).filter(|t| !t.is_empty()),
        author: doc.author.as_deref(),
        language: analysis.language.as_deref(),
        language_confidence: analysis.language_confidence,
        published_at: published_stored.as_deref(),
        first_seen_at: &now,
        body: Some(&doc.body),
        body_hash: Some(&analysis.body_hash),
        stub: false,
    };
    let (version_id, mut work_id, note) = match &stub_to_fill {
        Some(stub) => {
            versions::fill_stub(conn, stub.version_id, &row).await?;
            (
                stub.version_id,
                stub.work_id,
                Some(format!(
                    "replaced stub {} (known from a claim)",
                    stub.version_id
                )),
            )
        }
        None => {
            let work_id = versions::new_work(conn, &now).await?;
            let id = versions::insert(conn, None, &NewVersion { work_id, ..row }).await?;
            (id, work_id, None)
        }
    };
    index::insert_keys(conn, version_id, &analysis.keys).await?;
    // What scoring needs later, so candidates are not re-analyzed from their text (issue 3).
    index::insert_print(
        conn,
        &stored_print(version_id, &analysis, &lines, &learned),
        mass,
    )
    .await?;
    anchors::insert_anchors(conn, version_id, &analysis.anchors).await?;
    postings::merge_recent(conn).await?;
    index::count_outlet_lines(
        conn,
        outlet_id,
        &lines,
        // The piece this version joins: lines recurring within one piece are not furniture.
        planned
            .iter()
            .filter(|p| p.status == Status::Accepted)
            .filter_map(|p| match &p.other {
                Target::Existing(v) => Some(v.work_id),
                Target::NewStub(_) => None,
            })
            .chain([work_id])
            .min(),
    )
    .await?;

    let mut summaries = Vec::new();
    // The version each planned link ended up with, for the claims that name it.
    let mut other_ids = Vec::with_capacity(planned.len());
    for plan in planned {
        let other = match &plan.other {
            Target::Existing(v) => v.clone(),
            Target::NewStub(spec) => claims::create_stub(conn, spec.clone(), work_id, &now).await?,
        };
        other_ids.push(other.version_id);
        if plan.status == Status::Accepted && other.work_id != work_id {
            // The smaller work id survives, so a piece keeps the id it was first given.
            let (into, from) = (other.work_id.min(work_id), other.work_id.max(work_id));
            versions::merge_works(conn, into, from).await?;
            work_id = into;
        }
        let (source_id, derived_id) = if plan.other_is_source {
            (other.version_id, version_id)
        } else {
            (version_id, other.version_id)
        };
        let summary = plan.summary(&other);
        let link = NewLink {
            source_id,
            derived_id,
            relation: plan.relation,
            method: plan.method,
            confidence: plan.confidence,
            status: plan.status,
            evidence: plan.evidence,
        };
        match links::between(conn, version_id, other.version_id).await? {
            // A filled stub keeps its claim links; a person's decision is never overwritten.
            Some(old) if old.method == Method::Manual || old.method == Method::Claim => continue,
            Some(old) => links::update(conn, old.link_id, &link).await?,
            None => {
                links::insert(conn, &link, &now).await?;
            }
        }
        summaries.push(summary);
    }
    claims::store_claims(conn, version_id, outlet_id, &found, &claim_plan, &other_ids).await?;
    let version = match (&known, &stub_to_fill) {
        // A new row of a known outlet is what was just written: no need to read it back.
        (Some(o), None) => Version {
            version_id,
            work_id,
            outlet: o.name.clone(),
            url: doc.url.clone(),
            title: Some(title.clone()).filter(|t| !t.is_empty()),
            language: analysis.language.clone(),
            published_at: published_stored.clone(),
            stub: false,
            author: doc.author.clone(),
            language_confidence: analysis.language_confidence,
            first_seen_at: now.clone(),
        },
        _ => versions::by_id(conn, version_id)
            .await?
            .expect("just written"),
    };
    // A filled stub keeps the links it had: show them with the new ones.
    let summaries = if stub_to_fill.is_some() {
        link_summaries(conn, version_id).await?
    } else {
        summaries
    };
    Ok(Registered {
        version,
        links: summaries,
        existing: false,
        note,
        claims: found,
    })
}

/// Why a version counts as already known (`Registered::note`).
pub(crate) const SAME_URL: &str = "a version with this URL is already registered";
pub(crate) const SAME_TEXT: &str = "the same text from the same outlet is already registered";

/// A version already stored, as registering it again reports it.
pub(crate) async fn existing(conn: &mut Conn, version: Version, why: &str) -> Result<Registered> {
    Ok(Registered {
        links: link_summaries(conn, version.version_id).await?,
        version,
        existing: true,
        note: Some(why.to_string()),
        claims: Vec::new(),
    })
}

/// Every link of a stored version, as `add` shows them.
async fn link_summaries(conn: &mut Conn, version_id: i64) -> Result<Vec<LinkSummary>> {
    let links = links::touching(conn, &[version_id]).await?;
    let ids: Vec<i64> = links.iter().map(|l| l.other(version_id)).collect();
    let others = versions::by_ids(conn, &ids).await?;
    Ok(links
        .iter()
        .filter_map(|l| {
            let o = others
                .iter()
                .find(|o| o.version_id == l.other(version_id))?;
            Some(LinkSummary {
                version_id: o.version_id,
                relation: l.relation,
                role: if l.source_id == o.version_id {
                    "source"
                } else {
                    "derived"
                },
                method: l.method,
                confidence: l.confidence,
                status: l.status,
                outlet: o.outlet.clone(),
                title: o.title.clone(),
                stub: o.stub,
            })
        })
        .collect())
}

/// Runs the matcher on every candidate; keeps what it links.
fn match_candidates(
    meta: &Meta<'_>,
    analysis: &Analysis,
    candidates: &[Candidate<'_>],
    idf: &Idf,
) -> Vec<PlannedLink> {
    let new_side = Side {
        meta: meta.clone(),
        analysis,
    };
    candidates
        .iter()
        .filter_map(|cand| {
            let v = &cand.version;
            let side = Side {
                meta: Meta {
                    author: v.author.as_deref(),
                    published: v.published_at.as_deref().and_then(|d| parse_date(d).ok()),
                    stored: true,
                    claims_derived: cand.has_claims,
                },
                analysis: cand.analysis,
            };
            let d = matching::decide(&new_side, &side, idf)?;
            Some(PlannedLink {
                other: Target::Existing(v.clone()),
                other_is_source: !d.a_is_source,
                relation: d.relation,
                method: Method::Match,
                confidence: d.confidence,
                status: d.status,
                evidence: d.evidence,
            })
        })
        .collect()
}

/// What scoring needs of a version later, so candidates are not re-analyzed from their text.
fn stored_print(
    version_id: i64,
    analysis: &Analysis,
    lines: &[u64],
    learned: &HashSet<u64>,
) -> index::StoredPrint {
    let (shingles, rest) = text::fingerprint::encode(analysis);
    index::StoredPrint {
        version_id,
        shingles,
        analysis: rest,
        lines: text::fingerprint::pack(lines),
        stripped: boilerplate::stripped_signature(lines, learned),
    }
}

/// The host of a URL without `www.`: the outlet's domain.
pub fn domain_of(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?
        .split(':')
        .next()?;
    let host = host.trim_start_matches("www.").to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}
