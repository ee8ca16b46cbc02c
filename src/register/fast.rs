//! Registering the versions of a bulk batch that need nothing but candidates and the matcher
//! (no claims, no stubs, not already known): decided in memory against what the store said at
//! the start of the run plus the batch's pending registrations, written with the batch.

use super::lookup::{Lookup, indexed};
use super::pending::{Pending, PendingVersion};
use super::{LinkSummary, Prepared, Registered, Target, domain_of, match_candidates, translations};
use crate::claims::resolve;
use crate::error::Result;
use crate::ingest::Published;
use crate::matching::Meta;
use crate::model::{Status, Version};
use crate::store::outlets::KnownOutlet;
use crate::store::{self, Conn, NewLink, bulk::VersionRow, outlets, versions};
use crate::text::boilerplate;
use std::collections::{HashMap, HashSet};

/// What the store holds for a run of new versions, read in a few queries for all of them.
pub(crate) struct Run {
    /// Known outlets by the name the versions give.
    outlets: HashMap<String, KnownOutlet>,
    /// URLs already in the store.
    urls: HashSet<String>,
    /// (outlet id, normalized-text hash) already in the store.
    hashes: HashSet<(i64, String)>,
    /// Outlets with stubs, as claims resolve names: a new name may be how a claim wrote one.
    stub_outlets: Vec<resolve::KnownOutlet>,
    lookup: Lookup,
}

impl Run {
    /// Reads the store for `docs` and brings their analyses up to their outlets' boilerplate.
    pub async fn load(conn: &mut Conn, docs: &mut [&mut Prepared]) -> Result<Run> {
        let mut names: Vec<&str> = docs.iter().map(|p| p.outlet.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let outlets = outlets::by_names(conn, &names, boilerplate::LEARNED_MIN_VERSIONS).await?;
        let none = HashSet::new();
        for p in docs.iter_mut() {
            p.refresh(outlets.get(&p.outlet).map_or(&none, |o| &o.learned));
        }
        let urls: Vec<&str> = docs.iter().filter_map(|p| p.doc.url.as_deref()).collect();
        let hashes: Vec<&str> = docs.iter().map(|p| p.analysis.body_hash.as_str()).collect();
        let analyses: Vec<_> = docs.iter().map(|p| &p.analysis).collect();
        Ok(Run {
            urls: versions::by_urls(conn, &urls)
                .await?
                .into_iter()
                .map(|(url, _, _)| url)
                .collect(),
            hashes: versions::by_hashes(conn, &hashes)
                .await?
                .into_iter()
                .map(|(outlet, hash, _)| (outlet, hash))
                .collect(),
            stub_outlets: outlets::names_with_stubs(conn)
                .await?
                .into_iter()
                .map(|(id, name)| resolve::KnownOutlet {
                    outlet_id: id,
                    keys: vec![resolve::outlet_key(&name)],
                })
                .collect(),
            lookup: Lookup::load(conn, &analyses).await?,
            outlets,
        })
    }

    /// Whether `p` must take the store's path: it makes claims, may fill a stub, or is
    /// already known (by URL or as the same text from the same outlet).
    pub fn needs_store(&self, p: &Prepared, pending: &Pending) -> bool {
        if !p.claims.is_empty() {
            return true;
        }
        if let Some(url) = p.doc.url.as_deref()
            && (self.urls.contains(url) || pending.urls.contains_key(url))
        {
            return true;
        }
        let hash = &p.analysis.body_hash;
        match self.outlet_id(&p.outlet, pending) {
            Some(id) => {
                self.outlets.get(&p.outlet).is_some_and(|o| o.has_stubs)
                    || self.hashes.contains(&(id, hash.clone()))
                    || pending.hashes.contains_key(&(id, hash.clone()))
            }
            None => resolve::resolve(&p.outlet, &self.stub_outlets).is_some(),
        }
    }

    /// The learned boilerplate of the known outlets, by the name the versions gave.
    pub fn learned(&self) -> impl Iterator<Item = (&str, &HashSet<u64>)> {
        self.outlets.iter().map(|(n, o)| (n.as_str(), &o.learned))
    }

    fn outlet_id(&self, name: &str, pending: &Pending) -> Option<i64> {
        self.outlets
            .get(name)
            .map(|o| o.id)
            .or_else(|| pending.outlet(name))
    }

    /// Registers `p` into `pending`.
    pub async fn register(
        &mut self,
        conn: &mut Conn,
        p: Prepared,
        pending: &mut Pending,
    ) -> Result<Registered> {
        let Prepared {
            doc,
            outlet,
            title,
            published,
            analysis,
            lines,
            ..
        } = p;
        let meta = Meta {
            author: doc.author.as_deref(),
            published,
            stored: false,
            claims_derived: false,
        };
        let ids = self.lookup.candidates(conn, &analysis, pending).await?;
        let mass = self.lookup.mass(&analysis, pending);
        let (candidates, idf) = self.lookup.resolve(conn, &analysis, &ids, pending).await?;
        let mut planned = match_candidates(&meta, &analysis, &candidates, &idf);
        drop(candidates);
        translations::settle(conn, &mut planned, pending).await?;

        pending.ids_from(conn).await?;
        let domain = doc.url.as_deref().and_then(domain_of);
        let none = HashSet::new();
        let (outlet_id, outlet_name, learned) = match self.outlets.get_mut(&outlet) {
            Some(o) => {
                if !o.has_domain
                    && let Some(d) = domain.clone()
                {
                    pending.rows.domains.push((o.id, d));
                    o.has_domain = true;
                }
                (o.id, o.name.clone(), &o.learned)
            }
            None => match pending.outlet(&outlet) {
                Some(id) => (id, outlet.clone(), &none),
                None => (pending.new_outlet(&outlet, domain), outlet.clone(), &none),
            },
        };
        let version_id = pending.new_version_id();
        // The version joins the piece of the versions it is surely linked with (the oldest
        // piece, when they were several: those merge into it), or starts a new one.
        let mut joined: Vec<i64> = planned
            .iter()
            .filter(|l| l.status == Status::Accepted)
            .filter_map(|l| match &l.other {
                Target::Existing(v) => Some(pending.work(v.work_id)),
                Target::NewStub(_) => None,
            })
            .collect();
        joined.sort_unstable();
        joined.dedup();
        let work_id = match joined.first() {
            Some(&into) => {
                for &from in &joined[1..] {
                    pending.merge(into, from);
                }
                into
            }
            None => pending.new_work(),
        };

        let now = store::now();
        let version = Version {
            version_id,
            work_id,
            outlet: outlet_name,
            url: doc.url.clone(),
            title: Some(title).filter(|t| !t.is_empty()),
            language: analysis.language.clone(),
            published_at: published.map(Published::to_stored),
            stub: false,
            author: doc.author.clone(),
            language_confidence: analysis.language_confidence,
            first_seen_at: now.clone(),
        };
        let rows = &mut pending.rows;
        rows.versions.push(VersionRow {
            id: version_id,
            work_id,
            outlet_id,
            url: version.url.clone(),
            title: version.title.clone(),
            author: version.author.clone(),
            language: version.language.clone(),
            language_confidence: version.language_confidence,
            published_at: version.published_at.clone(),
            first_seen_at: now,
            body: doc.body,
            body_hash: analysis.body_hash.clone(),
        });
        rows.prints.push((
            super::stored_print(version_id, &analysis, &lines, learned),
            mass,
        ));
        rows.shingle_keys
            .extend(analysis.keys.iter().map(|&k| (k, version_id)));
        let anchors: Vec<String> = indexed(&analysis.anchors).map(str::to_string).collect();
        rows.anchor_keys
            .extend(anchors.iter().map(|k| (k.clone(), version_id)));
        rows.anchor_df
            .extend(anchors.iter().map(|k| (k.clone(), 1)));
        rows.lines
            .extend(lines.iter().map(|&h| (outlet_id, h as i64, Some(work_id))));
        let mut links = Vec::with_capacity(planned.len());
        for plan in planned {
            let Target::Existing(other) = plan.other else {
                continue;
            };
            let (source_id, derived_id) = if plan.other_is_source {
                (other.version_id, version_id)
            } else {
                (version_id, other.version_id)
            };
            links.push(LinkSummary {
                version_id: other.version_id,
                relation: plan.relation,
                role: if plan.other_is_source {
                    "source"
                } else {
                    "derived"
                },
                method: plan.method,
                confidence: plan.confidence,
                status: plan.status,
                outlet: other.outlet,
                title: other.title,
                stub: other.stub,
            });
            rows.links.push(NewLink {
                source_id,
                derived_id,
                relation: plan.relation,
                method: plan.method,
                confidence: plan.confidence,
                status: plan.status,
                evidence: plan.evidence,
            });
        }
        pending.add(
            PendingVersion {
                version: version.clone(),
                outlet_id,
                analysis,
            },
            &anchors,
        );
        Ok(Registered {
            version,
            links,
            existing: false,
            note: None,
            claims: Vec::new(),
        })
    }
}
