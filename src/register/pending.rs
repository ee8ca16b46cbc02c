//! The registrations of a bulk batch not yet written: their rows, and the indexes candidate
//! lookup reads besides the store's, so each registration sees the ones before it.

use crate::model::{Relation, Status, Version};
use crate::store::{self, Conn, bulk::Rows};
use crate::text::Analysis;
use rustc_hash::FxHashMap as HashMap;

pub(crate) struct PendingVersion {
    pub version: Version,
    pub outlet_id: i64,
    pub has_claims: bool,
    pub analysis: Analysis,
}

#[derive(Default)]
pub(crate) struct Pending {
    pub versions: Vec<PendingVersion>,
    position: HashMap<i64, usize>,
    pub urls: HashMap<String, i64>,
    /// (outlet id, normalized-text hash) → version.
    pub hashes: HashMap<(i64, String), i64>,
    pub shingles: HashMap<i64, Vec<i64>>,
    pub anchors: HashMap<String, Vec<i64>>,
    pub df: HashMap<String, i64>,
    /// Works merged into another: from → into.
    merged: HashMap<i64, i64>,
    /// Outlets first named in this batch, by name folded as the store compares names.
    outlets: HashMap<String, i64>,
    pub rows: Rows,
    next: Option<NextIds>,
    /// Some of the batch is in the store already (written before a store-path registration).
    written: bool,
}

#[derive(Clone, Copy)]
struct NextIds {
    version: i64,
    work: i64,
    outlet: i64,
}

impl Pending {
    pub fn len(&self) -> i64 {
        self.versions.len() as i64
    }

    /// Whether some of the batch is in the store already: a new reading of the store would
    /// then count it twice, once there and once here.
    pub fn partly_written(&self) -> bool {
        self.written
    }

    /// Reads the next free ids (the batch's transaction holds the write lock, so nobody else
    /// takes them) unless this batch already has.
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
        self.outlets.insert(asked.to_ascii_lowercase(), id);
        id
    }

    /// An outlet first named in this batch.
    pub fn outlet(&self, name: &str) -> Option<i64> {
        self.outlets.get(&name.to_ascii_lowercase()).copied()
    }

    pub fn get(&self, id: i64) -> Option<&PendingVersion> {
        self.position.get(&id).map(|&i| &self.versions[i])
    }

    /// The work a work id now stands for, after this batch's merges.
    pub fn work(&self, mut id: i64) -> i64 {
        while let Some(&into) = self.merged.get(&id) {
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
        self.merged.insert(from, into);
        if let Some(i) = self.rows.works.iter().position(|&w| w == from) {
            self.rows.works.remove(i);
        } else {
            self.rows.merges.push((into, from));
        }
        for v in &mut self.versions {
            if v.version.work_id == from {
                v.version.work_id = into;
            }
        }
    }

    pub fn add(&mut self, v: PendingVersion, indexed_anchors: &[String]) {
        let id = v.version.version_id;
        if let Some(url) = &v.version.url {
            self.urls.insert(url.clone(), id);
        }
        self.hashes
            .insert((v.outlet_id, v.analysis.body_hash.clone()), id);
        for &k in &v.analysis.keys {
            self.shingles.entry(k).or_default().push(id);
        }
        for a in indexed_anchors {
            self.anchors.entry(a.clone()).or_default().push(id);
            *self.df.entry(a.clone()).or_default() += 1;
        }
        self.position.insert(id, self.versions.len());
        self.versions.push(v);
    }

    /// The strongest accepted translation link this batch gave `version_id` with a version in
    /// `language`.
    pub fn strongest_translation_in(&self, version_id: i64, language: &str) -> Option<f64> {
        self.rows
            .links
            .iter()
            .filter(|l| l.relation == Relation::Translation && l.status == Status::Accepted)
            .filter_map(|l| {
                let other = if l.source_id == version_id {
                    l.derived_id
                } else if l.derived_id == version_id {
                    l.source_id
                } else {
                    return None;
                };
                let lang = self.get(other)?.analysis.language.as_deref();
                (lang == Some(language)).then_some(l.confidence)
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
        for i in 0..self.rows.versions.len() {
            self.rows.versions[i].work_id = self.work(self.rows.versions[i].work_id);
        }
        store::bulk::write(conn, &mut self.rows, now).await
    }
}
