//! Candidate lookup: which stored versions (and versions registered earlier in the same bulk
//! batch) a new text is worth judging against. The store's indexes are read once for a whole
//! batch of new texts: a few queries instead of a few per text, because every query is a round
//! trip to SQLite's worker thread.
//!
//! - Same-language copies share sampled shingle keys (`text::fingerprint`): the versions sharing
//!   the most, keys carried by very many versions (unlearned boilerplate) left out.
//! - Translations share rare language-independent anchors (`text::anchors`): a shortlist by
//!   summed 1/df, then the best by IDF-weighted overlap relative to the side with less anchor
//!   evidence, in other languages only.

use super::pending::Pending;
use crate::error::Result;
use crate::matching::translation::Idf;
use crate::model::Version;
use crate::store::index::AnchorMass;
use crate::store::{Conn, anchors, index, versions};
use crate::text::anchor_ids::{AnchorId, anchor_id};
use crate::text::anchors::indexed;
use crate::text::{self, Analysis, boilerplate};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::{Arc, Mutex};

/// Copy candidates judged per registration.
const COPY_CANDIDATES: usize = 20;
/// Shingle keys carried by more versions than this are boilerplate, not evidence.
const MAX_KEY_POSTINGS: i64 = 200;
/// Versions ranked by overlap after the anchor posting lists are merged.
const SHORTLIST: usize = 40;
/// Anchors carried by more versions than this are not followed (2% of the store, at most this):
/// a lookup then reads a bounded number of postings however large the store grows.
const MAX_POSTINGS: i64 = 100;
/// Translation candidates judged per registration.
const TRANSLATION_CANDIDATES: usize = 12;
/// Candidates whose weighted anchor overlap is below this are not worth judging.
const MIN_OVERLAP: f64 = 0.04;

/// Whether the matcher judges `a` and `b` as a possible translation (`matching::decide`).
fn other_language(a: &Analysis, b: &Analysis) -> bool {
    matches!((&a.language, &b.language), (Some(x), Some(y)) if x != y)
}

/// Stored versions kept in memory after they were read again: more than this, and they are
/// dropped (each holds a text's shingles and anchors, ~10 KB).
const REANALYZED_MAX: usize = 2048;

/// A stored candidate with what the matcher reads of it.
pub(crate) struct Stored {
    pub version: Version,
    pub has_claims: bool,
    pub analysis: Arc<Analysis>,
}

/// Stored versions analyzed again because their outlet learned boilerplate they carry since
/// their print was stored, by id, with the signature of the boilerplate stripped from them.
/// A stored text never changes (only a stub gets one, and stubs are never analyzed), so an
/// analysis holds while its outlet's boilerplate strips the same lines. Kept from run to run
/// of a bulk import (a clone shares them): a feed whose claims shorten the runs reads the
/// same few candidates again and again (181 versions analyzed 3,522 times on a feed of
/// 1,004 texts).
#[derive(Default, Clone)]
pub(crate) struct Reanalyzed(Arc<Mutex<HashMap<i64, Signed>>>);

/// An analysis with the signature of the boilerplate stripped from its text.
type Signed = (i64, Arc<Analysis>);

impl Reanalyzed {
    fn get(&self, id: i64, stripped: i64) -> Option<Arc<Analysis>> {
        let map = self.0.lock().expect("not poisoned");
        map.get(&id)
            .filter(|(s, _)| *s == stripped)
            .map(|(_, a)| Arc::clone(a))
    }

    fn insert(&self, id: i64, stripped: i64, analysis: Arc<Analysis>) {
        let mut map = self.0.lock().expect("not poisoned");
        if map.len() >= REANALYZED_MAX {
            map.clear();
        }
        map.insert(id, (stripped, analysis));
    }
}

/// A candidate as the matcher gets it, stored or from this batch.
pub(crate) struct Candidate<'a> {
    pub version: Version,
    pub has_claims: bool,
    pub analysis: &'a Analysis,
}

#[derive(Default)]
pub(crate) struct Lookup {
    shingles: HashMap<i64, Vec<i64>>,
    df: HashMap<AnchorId, i64>,
    postings: HashMap<AnchorId, Vec<i64>>,
    /// The store's size (highest version id) when loaded.
    total: i64,
    masses: HashMap<i64, (Option<String>, Option<AnchorMass>)>,
    stored: HashMap<i64, Stored>,
    /// Ids read that have no text (stubs) or are gone.
    absent: HashSet<i64>,
    /// Stored versions analyzed again, shared with the other lookups of the same import.
    reanalyzed: Reanalyzed,
}

impl Lookup {
    /// Reads what the store's indexes hold for these new texts, and the stored candidates
    /// they have among the versions already there. `known`: anchors' document frequencies
    /// read from the same store before (`Pending::take_known_df`), not read again;
    /// `reanalyzed`: stored versions analyzed again, shared with the lookups before and after.
    pub async fn load(
        conn: &mut Conn,
        texts: &[&Analysis],
        known: HashMap<AnchorId, i64>,
        reanalyzed: Reanalyzed,
    ) -> Result<Lookup> {
        let mut keys: Vec<i64> = texts.iter().flat_map(|a| a.keys.iter().copied()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut anchor_keys: Vec<&str> = texts.iter().flat_map(|a| indexed(&a.anchors)).collect();
        anchor_keys.sort_unstable();
        anchor_keys.dedup();
        let found = anchors::postings(conn, &anchor_keys, MAX_POSTINGS).await?;
        let mut df = known;
        df.extend(found.df.into_iter().map(|(k, df)| (anchor_id(&k), df)));
        let mut lookup = Lookup {
            shingles: index::shingle_postings(conn, &keys, MAX_KEY_POSTINGS)
                .await?
                .into_iter()
                .collect(),
            df,
            postings: found
                .postings
                .into_iter()
                .map(|(k, ids)| (anchor_id(&k), ids))
                .collect(),
            total: found.total,
            reanalyzed,
            ..Lookup::default()
        };
        let empty = Pending::default();
        let shortlists: Vec<_> = texts.iter().map(|a| lookup.shortlist(a, &empty)).collect();
        let mut ids: Vec<i64> = shortlists
            .iter()
            .flatten()
            .map(|&(id, _)| id)
            .filter(|&id| lookup.stored_id(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        lookup.load_masses(conn, &ids).await?;
        let mut all = Vec::new();
        let mut per_text = Vec::with_capacity(texts.len());
        for (a, shortlist) in texts.iter().zip(shortlists) {
            let mut ids = lookup.copies(a, &empty);
            ids.extend(lookup.rank_translations(a, shortlist, &empty));
            all.extend_from_slice(&ids);
            per_text.push(ids);
        }
        lookup.load_stored(conn, &all).await?;
        let cross: Vec<i64> = texts
            .iter()
            .zip(per_text)
            .flat_map(|(a, ids)| {
                ids.into_iter()
                    .filter(|id| lookup.in_other_language(*id, a))
            })
            .collect();
        lookup.load_df(conn, &cross).await?;
        Ok(lookup)
    }

    /// The document frequencies read, to keep for the next run.
    pub fn into_df(self) -> HashMap<AnchorId, i64> {
        self.df
    }

    fn stored_id(&self, id: i64) -> bool {
        id <= self.total
    }

    fn df(&self, key: AnchorId, pending: &Pending) -> i64 {
        self.df.get(&key).copied().unwrap_or(0) + pending.df(key)
    }

    fn total(&self, pending: &Pending) -> i64 {
        self.total + pending.len()
    }

    /// The IDF of anchors as the store (with the batch's pending versions) counts them.
    pub fn idf(&self, keys: impl Iterator<Item = AnchorId>, pending: &Pending) -> Idf {
        // Candidates share most of their anchors: each is counted once.
        let mut idf = Idf::empty(self.total(pending));
        for k in keys {
            idf.count(k, || self.df(k, pending));
        }
        idf
    }

    /// How much anchor evidence the new text brings, for its stored print.
    pub fn mass(&self, a: &Analysis, pending: &Pending) -> AnchorMass {
        let keys = &a.anchor_ids.indexed;
        AnchorMass {
            count: keys.len() as i64,
            // Its own occurrence included: that is the df the anchor has once it is stored.
            logdf: keys
                .iter()
                .map(|&k| ((self.df(k, pending) + 2) as f64).ln())
                .sum(),
        }
    }

    /// Candidates of a new text: copies first, then translations; ids ascending.
    pub async fn candidates(
        &mut self,
        conn: &mut Conn,
        a: &Analysis,
        pending: &Pending,
    ) -> Result<Vec<i64>> {
        let mut ids = self.copies(a, pending);
        ids.extend(self.translations(conn, a, pending).await?);
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    fn copies(&self, a: &Analysis, pending: &Pending) -> Vec<i64> {
        let min_shared = if a.keys.len() >= 6 { 2 } else { 1 };
        let mut shared: HashMap<i64, usize> = HashMap::default();
        for k in &a.keys {
            let stored = self.shingles.get(k).map(Vec::as_slice).unwrap_or_default();
            let (earlier, new) = pending.shingles(*k);
            if (stored.len() + earlier.len() + new.len()) as i64 > MAX_KEY_POSTINGS {
                continue;
            }
            for &id in stored.iter().chain(earlier).chain(new) {
                *shared.entry(id).or_default() += 1;
            }
        }
        let mut ranked: Vec<(i64, usize)> = shared
            .into_iter()
            .filter(|&(_, n)| n >= min_shared)
            .collect();
        ranked.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        ranked
            .into_iter()
            .take(COPY_CANDIDATES)
            .map(|(id, _)| id)
            .collect()
    }

    /// Versions sharing the most rare anchors with the text, rarer ones counting more (by
    /// 1/df), best first, with the summed IDF weight of the anchors shared.
    fn shortlist(&self, a: &Analysis, pending: &Pending) -> Vec<(i64, f64)> {
        let cap = MAX_POSTINGS.min((self.total(pending) / 50).max(20));
        let n = (self.total(pending) + 1) as f64;
        let mut score: HashMap<i64, (f64, f64)> = HashMap::default();
        for &k in &a.anchor_ids.indexed {
            let df = self.df(k, pending);
            if df == 0 || df > cap {
                continue;
            }
            let weight = (n / (df as f64 + 1.0)).ln().max(0.0) + 0.1;
            let stored = self.postings.get(&k).map(Vec::as_slice).unwrap_or_default();
            let (earlier, new) = pending.anchors(k);
            for &id in stored.iter().chain(earlier).chain(new) {
                let e = score.entry(id).or_default();
                e.0 += 1.0 / df as f64;
                e.1 += weight;
            }
        }
        let mut ranked: Vec<(i64, (f64, f64))> = score.into_iter().collect();
        let order = |x: &(i64, (f64, f64)), y: &(i64, (f64, f64))| {
            y.1.0.total_cmp(&x.1.0).then(x.0.cmp(&y.0))
        };
        // Only the first SHORTLIST are kept: they are picked out before sorting (a text's
        // anchors often reach hundreds of versions).
        if ranked.len() > SHORTLIST {
            ranked.select_nth_unstable_by(SHORTLIST - 1, order);
            ranked.truncate(SHORTLIST);
        }
        ranked.sort_unstable_by(order);
        ranked
            .into_iter()
            .map(|(id, (_, shared))| (id, shared))
            .collect()
    }

    async fn translations(
        &mut self,
        conn: &mut Conn,
        a: &Analysis,
        pending: &Pending,
    ) -> Result<Vec<i64>> {
        let shortlist = self.shortlist(a, pending);
        let missing: Vec<i64> = shortlist
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| self.stored_id(*id) && !self.masses.contains_key(id))
            .collect();
        self.load_masses(conn, &missing).await?;
        Ok(self.rank_translations(a, shortlist, pending))
    }

    /// The shortlisted versions in other languages worth judging, best first; their masses
    /// read before.
    fn rank_translations(
        &self,
        a: &Analysis,
        shortlist: Vec<(i64, f64)>,
        pending: &Pending,
    ) -> Vec<i64> {
        let n = (self.total(pending) + 1) as f64;
        // The weight `Idf` gives an anchor, without building one per candidate.
        let weight = |k: &AnchorId| (n / (self.df(*k, pending) as f64 + 1.0)).ln().max(0.0) + 0.1;
        let own: f64 = a.anchor_ids.indexed.iter().map(weight).sum();
        let mut ranked: Vec<(i64, f64)> = Vec::new();
        for (id, shared) in shortlist {
            let (language, mass) = match pending.get(id) {
                Some(p) => (&p.analysis.language, Some(p.mass)),
                None => match self.masses.get(&id) {
                    Some((language, mass)) => (language, *mass),
                    None => continue,
                },
            };
            // The summed weight of its anchors, from the document frequencies they had when
            // it was registered (the store's size is today's).
            let mass = mass.map(|m| m.count as f64 * (n.ln() + 0.1) - m.logdf);
            // Same-language versions are the republication matcher's.
            if let (Some(x), Some(y)) = (language.as_deref(), a.language.as_deref())
                && x == y
            {
                continue;
            }
            let other = mass.unwrap_or(own).max(shared);
            ranked.push((id, shared / own.min(other).max(1e-9)));
        }
        ranked.retain(|&(_, overlap)| overlap >= MIN_OVERLAP);
        ranked.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        ranked
            .into_iter()
            .take(TRANSLATION_CANDIDATES)
            .map(|(id, _)| id)
            .collect()
    }

    async fn load_masses(&mut self, conn: &mut Conn, ids: &[i64]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        for m in anchors::masses(conn, ids).await? {
            self.masses.insert(m.version_id, (m.language, m.mass));
        }
        Ok(())
    }

    /// Reads the stored candidates among `ids` not read yet: their versions and analyses (the
    /// stored fingerprint, unless their outlet has since learned boilerplate they carry).
    async fn load_stored(&mut self, conn: &mut Conn, ids: &[i64]) -> Result<()> {
        let mut ids: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|&id| {
                self.stored_id(id) && !self.stored.contains_key(&id) && !self.absent.contains(&id)
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(());
        }
        let texts = versions::candidate_texts(conn, &ids).await?;
        // Both in id order.
        self.absent.extend(ids.iter().filter(|&&id| {
            texts
                .binary_search_by_key(&id, |t| t.version.version_id)
                .is_err()
        }));
        let mut outlets: Vec<i64> = texts.iter().map(|c| c.outlet_id).collect();
        outlets.sort_unstable();
        outlets.dedup();
        let learned = index::outlets_boilerplate(conn, &outlets).await?;
        let none = std::collections::HashSet::new();
        for c in texts {
            let learned = learned.get(&c.outlet_id).unwrap_or(&none);
            let v = &c.version;
            let stripped = c.print.as_ref().map(|p| {
                boilerplate::stripped_signature(&text::fingerprint::unpack(&p.lines), learned)
            });
            let print = c
                .print
                .as_ref()
                .filter(|p| stripped == Some(p.stripped))
                .and_then(|p| text::fingerprint::decode(&p.shingles, &p.analysis));
            let analysis = match (print, stripped) {
                (Some(a), _) => Arc::new(a),
                (None, Some(s)) if let Some(a) = self.reanalyzed.get(v.version_id, s) => a,
                // Its outlet has learned boilerplate it carries since: analyzed again.
                (None, stripped) => {
                    let a = Arc::new(text::analyze(
                        v.title.as_deref().unwrap_or_default(),
                        &versions::body(conn, v.version_id)
                            .await?
                            .unwrap_or_default(),
                        v.language.as_deref(),
                        learned,
                    ));
                    if let Some(s) = stripped {
                        self.reanalyzed.insert(v.version_id, s, Arc::clone(&a));
                    }
                    a
                }
            };
            self.stored.insert(
                v.version_id,
                Stored {
                    version: c.version,
                    has_claims: c.has_claims,
                    analysis,
                },
            );
        }
        Ok(())
    }

    /// Whether `id` is a stored candidate read before, in another language than `a`: one the
    /// translation matcher judges.
    fn in_other_language(&self, id: i64, a: &Analysis) -> bool {
        self.stored
            .get(&id)
            .is_some_and(|s| other_language(a, &s.analysis))
    }

    /// Reads the document frequencies the translation matcher needs for the stored candidates
    /// `ids` (read before): those of their content anchors not known yet.
    async fn load_df(&mut self, conn: &mut Conn, ids: &[i64]) -> Result<()> {
        let found = {
            let mut unknown: Vec<(AnchorId, &str)> = ids
                .iter()
                .filter_map(|id| self.stored.get(id))
                .flat_map(|s| {
                    let a = &s.analysis;
                    a.anchor_ids
                        .content
                        .iter()
                        .map(|&(k, i)| (k, a.anchors[i as usize].as_str()))
                })
                .filter(|(k, _)| !self.df.contains_key(k))
                .collect();
            if unknown.is_empty() {
                return Ok(());
            }
            unknown.sort_unstable_by_key(|u| u.0);
            unknown.dedup_by_key(|u| u.0);
            let keys: Vec<&str> = unknown.iter().map(|u| u.1).collect();
            let dfs = anchors::anchor_df(conn, &keys).await?;
            unknown.iter().map(|u| u.0).zip(dfs).collect::<Vec<_>>()
        };
        self.df.extend(found);
        Ok(())
    }

    /// The candidates `ids` as the matcher gets them, reading stored ones not read yet; the
    /// IDF covering the new text's anchors and theirs.
    pub async fn resolve<'a>(
        &'a mut self,
        conn: &mut Conn,
        a: &'a Analysis,
        ids: &[i64],
        pending: &'a Pending,
    ) -> Result<(Vec<Candidate<'a>>, Idf)> {
        self.load_stored(conn, ids).await?;
        let cross: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| self.in_other_language(*id, a))
            .collect();
        self.load_df(conn, &cross).await?;
        let this = &*self;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let (version, has_claims, analysis) = match pending.get(id) {
                Some(p) => (p.version.clone(), p.has_claims, &p.analysis),
                None => match this.stored.get(&id) {
                    Some(s) => (s.version.clone(), s.has_claims, &*s.analysis),
                    // A stub (no text) or a version deleted meanwhile.
                    None => continue,
                },
            };
            out.push(Candidate {
                version: Version {
                    work_id: pending.work(version.work_id),
                    ..version
                },
                has_claims,
                analysis,
            });
        }
        // Only the translation matcher reads the IDF (`matching::decide`): the content anchors
        // of candidates in another language, and the new text's own when there are any.
        let others: Vec<&Candidate> = out
            .iter()
            .filter(|c| other_language(a, c.analysis))
            .collect();
        let own = a.anchor_ids.content.iter().filter(|_| !others.is_empty());
        let keys = own.chain(others.iter().flat_map(|c| &c.analysis.anchor_ids.content));
        let idf = this.idf(keys.map(|&(k, _)| k), pending);
        Ok((out, idf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_is_kept_while_its_outlet_strips_the_same_lines() {
        let kept = Reanalyzed::default();
        let none = std::collections::HashSet::new();
        let a = Arc::new(text::analyze(
            "A title",
            "One line.\nAnother line.",
            None,
            &none,
        ));
        // Shared: what one run's lookup keeps, the next one finds.
        kept.clone().insert(7, 42, Arc::clone(&a));
        assert!(kept.get(7, 42).is_some_and(|b| Arc::ptr_eq(&a, &b)));
        assert!(
            kept.get(7, 43).is_none(),
            "other lines stripped: analyzed again"
        );
        assert!(kept.get(8, 42).is_none());
        for id in 100..100 + REANALYZED_MAX as i64 {
            kept.insert(id, 0, Arc::clone(&a));
        }
        assert!(kept.0.lock().unwrap().len() <= REANALYZED_MAX, "bounded");
    }
}
