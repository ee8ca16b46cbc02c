//! The registrations of bulk batches not yet in the store: the rows of the batch being
//! decided, and the indexes candidate lookup reads besides the store's, so each registration
//! sees the ones before it. While a batch is being written, the next one is decided against
//! a reading of the store that may not have it yet: its indexes stay here as the `earlier`
//! batch until a reading shows it stored.

use crate::model::{Relation, Status, Version};
use crate::store::{self, Conn, NewLink, bulk::Rows};
use crate::text::Analysis;
use crate::text::anchor_ids::AnchorId;
use rustc_hash::FxHashMap as HashMap;

pub(crate) struct PendingVersion {
    pub version: Version,
    pub outlet_id: i64,
    pub has_claims: bool,
    pub analysis: Analysis,
    /// Its anchor evidence as stored with its print: candidates are ranked by it the same
    /// way whether they are stored yet or not.
    pub mass: crate::store::index::AnchorMass,
}

/// What lookups read of one batch's registrations.
#[derive(Default)]
struct Index {
    versions: Vec<PendingVersion>,
    position: HashMap<i64, usize>,
    urls: HashMap<String, i64>,
    /// (outlet id, normalized-text hash) → version.
    hashes: HashMap<(i64, String), i64>,
    shingles: HashMap<i64, Vec<i64>>,
    /// Anchor id → versions: a posting list's length is the anchor's document frequency.
    anchors: HashMap<AnchorId, Vec<i64>>,
    /// Works merged into another: from → into.
    merged: HashMap<i64, i64>,
    /// Outlets first named in this batch, by name folded as the store compares names.
    outlets: HashMap<String, i64>,
    /// Stubs made (versions known only from a claim).
    stubs: Vec<PendingStub>,
}

/// A stub not stored yet: its outlet, and the title and language the claim gave.
pub(crate) struct PendingStub {
    pub outlet_id: i64,
    pub outlet: String,
    pub title: Option<String>,
    pub language: Option<String>,
    /// The version whose claim made it.
    pub claimant: i64,
}

/// A batch handed to the writer: its indexes, and what of its rows lookups still read.
struct Earlier {
    index: Index,
    /// Its lowest and highest new version ids: a reading of the store that has the first has
    /// the whole batch.
    first_version: Option<i64>,
    last_version: Option<i64>,
    outlets: Vec<(i64, String, Option<String>)>,
    /// Its accepted translation links: (source, derived, confidence).
    translations: Vec<(i64, i64, f64)>,
}

#[derive(Default)]
pub(crate) struct Pending {
    index: Index,
    earlier: Option<Earlier>,
    pub rows: Rows,
    next: Option<NextIds>,
    /// Some of the batch is in the store already (written before a store-path registration).
    written: bool,
    /// Document frequencies of anchors read from the store, kept from run to run.
    known: KnownDf,
}

/// Anchors' document frequencies as the store had them when its highest version id was
/// `upto`, kept up to date with the batches stored since: candidates of one run share many
/// anchors with those of the runs before, and reading a frequency is a B-tree search per key.
/// Anything else writing to the store makes a new `Pending`, and this with it, or shows in
/// the highest version id: either way what is kept is dropped.
#[derive(Default)]
struct KnownDf {
    df: HashMap<AnchorId, i64>,
    upto: Option<i64>,
}

/// Frequencies kept from run to run, at most: 16 bytes each, ≤ 20 MB with the map's slack.
/// Past it, each run reads its own again.
const KNOWN_DF_MAX: usize = 1 << 19;

#[derive(Clone, Copy)]
struct NextIds {
    version: i64,
    work: i64,
    outlet: i64,
}

/// The accepted translation links among `links`: (source, derived, confidence).
fn accepted_translations(links: &[NewLink]) -> impl Iterator<Item = (i64, i64, f64)> + '_ {
    links
        .iter()
        .filter(|l| l.relation == Relation::Translation && l.status == Status::Accepted)
        .map(|l| (l.source_id, l.derived_id, l.confidence))
}

/// The ids of both batches' entries for a key.
fn both<'a, K, Q>(
    earlier: Option<&'a HashMap<K, Vec<i64>>>,
    now: &'a HashMap<K, Vec<i64>>,
    key: &Q,
) -> (&'a [i64], &'a [i64])
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: std::hash::Hash + Eq + ?Sized,
{
    let get = |m: &'a HashMap<K, Vec<i64>>| m.get(key).map(Vec::as_slice).unwrap_or_default();
    (earlier.map(get).unwrap_or_default(), get(now))
}

impl Pending {
    fn indexes(&self) -> impl Iterator<Item = &Index> {
        self.earlier.iter().map(|e| &e.index).chain([&self.index])
    }

    pub fn len(&self) -> i64 {
        self.indexes().map(|i| i.versions.len() as i64).sum()
    }

    /// Whether some of the batch is in the store already: a new reading of the store would
    /// then count it twice, once there and once here.
    pub fn partly_written(&self) -> bool {
        self.written
    }

    /// Reads the next free ids unless this batch (or the one before it) already has. A batch
    /// written on its own holds the write lock, so nobody else takes them; a batch decided
    /// while the one before is written continues its ids, and the writer checks that nobody
    /// wrote meanwhile.
    pub async fn ids_from(&mut self, conn: &mut Conn) -> crate::Result<()> {
        if self.next.is_none() {
            let (version, work, outlet) = store::versions::max_ids(conn).await?;
            self.next = Some(NextIds {
                version: version + 1,
                work: work + 1,
                outlet: outlet + 1,
            });
        }
        Ok(())
    }

    fn next(&mut self) -> &mut NextIds {
        self.next.as_mut().expect("ids_from before allocating")
    }

    pub fn new_version_id(&mut self) -> i64 {
        let n = self.next();
        n.version += 1;
        n.version - 1
    }

    pub fn new_work(&mut self) -> i64 {
        let n = self.next();
        n.work += 1;
        let id = n.work - 1;
        self.rows.works.push(id);
        id
    }

    pub fn new_outlet(&mut self, asked: &str, domain: Option<String>) -> i64 {
        let n = self.next();
        n.outlet += 1;
        let id = n.outlet - 1;
        self.rows.outlets.push((id, asked.to_string(), domain));
        self.index.outlets.insert(asked.to_ascii_lowercase(), id);
        id
    }

    /// An outlet first named in this batch or the one being written.
    pub fn outlet(&self, name: &str) -> Option<i64> {
        let key = name.to_ascii_lowercase();
        self.indexes().find_map(|i| i.outlets.get(&key).copied())
    }

    /// Outlets not in the store yet: (id, name, domain).
    pub fn unwritten_outlets(&self) -> impl Iterator<Item = &(i64, String, Option<String>)> {
        self.earlier
            .iter()
            .flat_map(|e| &e.outlets)
            .chain(&self.rows.outlets)
    }

    pub fn get(&self, id: i64) -> Option<&PendingVersion> {
        self.indexes()
            .find_map(|i| i.position.get(&id).map(|&p| &i.versions[p]))
    }

    /// Notes a stub made: the next versions of its outlet may fill it.
    pub fn note_stub(&mut self, stub: PendingStub) {
        self.index.stubs.push(stub);
    }

    /// Stubs not stored yet.
    pub fn stubs(&self) -> impl Iterator<Item = &PendingStub> {
        self.indexes().flat_map(|i| &i.stubs)
    }

    /// The version registered at `url`, if one of these batches has it.
    pub fn url(&self, url: &str) -> Option<i64> {
        self.indexes().find_map(|i| i.urls.get(url).copied())
    }

    /// Notes a version (a stub) at `url`.
    pub fn note_url(&mut self, url: String, id: i64) {
        self.index.urls.insert(url, id);
    }

    /// Whether these batches have this text from this outlet.
    pub fn has_text(&self, outlet_id: i64, body_hash: &str) -> bool {
        let key = (outlet_id, body_hash.to_string());
        self.indexes().any(|i| i.hashes.contains_key(&key))
    }

    /// Versions of these batches carrying shingle key `k`.
    pub fn shingles(&self, k: i64) -> (&[i64], &[i64]) {
        both(
            self.earlier.as_ref().map(|e| &e.index.shingles),
            &self.index.shingles,
            &k,
        )
    }

    /// Versions of these batches carrying anchor `k`.
    pub fn anchors(&self, k: AnchorId) -> (&[i64], &[i64]) {
        both(
            self.earlier.as_ref().map(|e| &e.index.anchors),
            &self.index.anchors,
            &k,
        )
    }

    /// How many versions of these batches carry anchor `k`.
    pub fn df(&self, k: AnchorId) -> i64 {
        self.indexes()
            .filter_map(|i| i.anchors.get(&k))
            .map(|ids| ids.len() as i64)
            .sum()
    }

    /// The work a work id now stands for, after these batches' merges.
    pub fn work(&self, mut id: i64) -> i64 {
        while let Some(into) = self.indexes().find_map(|i| i.merged.get(&id).copied()) {
            id = into;
        }
        id
    }

    /// Merges work `from` into `into`: in memory for this batch's versions, in the store when
    /// written.
    pub fn merge(&mut self, into: i64, from: i64) {
        if into == from {
            return;
        }
        self.index.merged.insert(from, into);
        if let Some(i) = self.rows.works.iter().position(|&w| w == from) {
            self.rows.works.remove(i);
        } else {
            self.rows.merges.push((into, from));
        }
        let earlier = self.earlier.iter_mut().flat_map(|e| &mut e.index.versions);
        for v in earlier.chain(&mut self.index.versions) {
            if v.version.work_id == from {
                v.version.work_id = into;
            }
        }
    }

    pub fn add(&mut self, v: PendingVersion) {
        let index = &mut self.index;
        let id = v.version.version_id;
        if let Some(url) = &v.version.url {
            index.urls.insert(url.clone(), id);
        }
        index
            .hashes
            .insert((v.outlet_id, v.analysis.body_hash.clone()), id);
        for &k in &v.analysis.keys {
            index.shingles.entry(k).or_default().push(id);
        }
        for &a in &v.analysis.anchor_ids.indexed {
            index.anchors.entry(a).or_default().push(id);
        }
        index.position.insert(id, index.versions.len());
        index.versions.push(v);
    }

    /// The strongest accepted translation link these batches gave `version_id` with a
    /// version in `language`.
    pub fn strongest_translation_in(&self, version_id: i64, language: &str) -> Option<f64> {
        self.earlier
            .iter()
            .flat_map(|e| e.translations.iter().copied())
            .chain(accepted_translations(&self.rows.links))
            .filter_map(|(source, derived, confidence)| {
                let other = if source == version_id {
                    derived
                } else if derived == version_id {
                    source
                } else {
                    return None;
                };
                let lang = self.get(other)?.analysis.language.as_deref();
                (lang == Some(language)).then_some(confidence)
            })
            .reduce(f64::max)
    }

    /// Writes the rows so far. What lookups read of them stays until the batch is dropped:
    /// a run's reading of the store, made before, does not have them.
    pub async fn write(&mut self, conn: &mut Conn, now: &str) -> crate::Result<()> {
        if self.rows.versions.is_empty() && self.rows.outlets.is_empty() {
            return Ok(());
        }
        self.written = true;
        self.settle_works();
        store::bulk::write(conn, &mut self.rows, now).await
    }

    /// The rows' work ids after this batch's merges.
    fn settle_works(&mut self) {
        for i in 0..self.rows.versions.len() {
            self.rows.versions[i].work_id = self.work(self.rows.versions[i].work_id);
        }
    }

    /// Hands this batch's rows to the writer; its indexes stay, as the earlier batch, until
    /// a reading of the store has it (`forget_stored`). The batch before must be gone.
    pub fn hand_over(&mut self) -> Rows {
        assert!(self.earlier.is_none(), "one batch is written at a time");
        assert!(
            !self.written,
            "a batch is written whole or by the store path"
        );
        self.settle_works();
        let rows = std::mem::take(&mut self.rows);
        self.earlier = Some(Earlier {
            index: std::mem::take(&mut self.index),
            first_version: rows.versions.iter().map(|v| v.id).min(),
            last_version: rows.versions.iter().map(|v| v.id).max(),
            outlets: rows.outlets.clone(),
            translations: accepted_translations(&rows.links).collect(),
        });
        rows
    }

    /// Drops the earlier batch if a reading of the store whose highest version id is
    /// `stored_max` has it (its versions are then read from the store).
    pub fn forget_stored(&mut self, stored_max: i64) {
        if self
            .earlier
            .as_ref()
            .is_some_and(|e| e.first_version.is_none_or(|id| id <= stored_max))
        {
            self.forget_written();
        }
    }

    /// Drops the earlier batch: the writer has stored it. The frequencies kept count it now.
    pub fn forget_written(&mut self) {
        if let Some(e) = self.earlier.take() {
            let known = &mut self.known;
            for (k, ids) in &e.index.anchors {
                if let Some(df) = known.df.get_mut(k) {
                    *df += ids.len() as i64;
                }
            }
            if e.last_version.is_some() {
                known.upto = known.upto.max(e.last_version);
            }
        }
    }

    /// The frequencies kept, for a reading of the store whose highest version id is
    /// `stored_max` (the earlier batch forgotten if it has it): none unless they were read
    /// from the store as it was then.
    pub fn take_known_df(&mut self, stored_max: i64) -> HashMap<AnchorId, i64> {
        let known = std::mem::take(&mut self.known);
        self.known.upto = Some(stored_max);
        if known.upto == Some(stored_max) {
            known.df
        } else {
            HashMap::default()
        }
    }

    /// Keeps frequencies read from the store whose highest version id is `stored_max`, as
    /// `take_known_df` gave them and more, unless a batch was counted in since.
    pub fn keep_known_df(&mut self, df: HashMap<AnchorId, i64>, stored_max: i64) {
        if self.known.upto == Some(stored_max) && df.len() <= KNOWN_DF_MAX {
            self.known.df = df;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(df: HashMap<AnchorId, i64>) -> Vec<(AnchorId, i64)> {
        let mut v: Vec<_> = df.into_iter().collect();
        v.sort_unstable();
        v
    }

    /// Frequencies kept from one reading of the store serve the next only as far as the
    /// batches stored in between are counted in them; anything else makes them be read again.
    #[test]
    fn kept_frequencies_count_the_batches_stored_since() {
        let mut p = Pending::default();
        assert!(p.take_known_df(10).is_empty(), "nothing read yet");
        p.keep_known_df([(7, 3), (8, 1)].into_iter().collect(), 10);
        // Versions 11 and 12 are being written; both carry anchor 7, one anchor 9.
        let mut index = Index::default();
        index.anchors.insert(7, vec![11, 12]);
        index.anchors.insert(9, vec![12]);
        p.earlier = Some(Earlier {
            index,
            first_version: Some(11),
            last_version: Some(12),
            outlets: Vec::new(),
            translations: Vec::new(),
        });
        // A reading without them: the frequencies as read.
        p.forget_stored(10);
        let known = p.take_known_df(10);
        assert_eq!(sorted(known.clone()), [(7, 3), (8, 1)]);
        p.keep_known_df(known, 10);
        // A reading with them: they are counted (anchor 9 was never read, so not kept).
        p.forget_stored(12);
        let known = p.take_known_df(12);
        assert_eq!(sorted(known.clone()), [(7, 5), (8, 1)]);
        p.keep_known_df(known, 12);
        // Versions 13 to 15 came from elsewhere: read again.
        assert!(p.take_known_df(15).is_empty());
    }
}
