//! Registering the versions of a bulk batch in memory: candidates, the matcher and claims
//! decided against what the store said at the start of the run plus the batch's pending
//! registrations, written with the batch. What needs the store itself (a stub to fill, a
//! version already known, a claim naming a version that only the store can find) is left to
//! the store path.

use super::claims::{self, ClaimGroup, ClaimPlan, link_to_claimed, source_claims};
use super::directory::Directory;
use super::lookup::{Lookup, Reanalyzed};
use super::pending::{Pending, PendingStub, PendingVersion};
use super::{
    PlannedLink, Prepared, Registered, StubSpec, Target, domain_of, match_candidates, translations,
};
use crate::claims::{Claim, resolve};
use crate::error::Result;
use crate::ingest::Published;
use crate::matching::Meta;
use crate::model::{Method, Status, Version};
use crate::store::bulk::{ClaimRow, VersionRow};
use crate::store::outlets::KnownOutlet;
use crate::store::{self, Conn, NewLink, links, outlets, versions};
use crate::text::Analysis;
use crate::text::anchor_ids::AnchorId;
use crate::text::anchors::indexed;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

/// What decides whether a new version of a stub's outlet fills it: the claimed title and
/// language, and the versions whose claims made it.
struct StubKey {
    title: Option<String>,
    language: Option<String>,
    claimants: Vec<i64>,
}

/// The stubs of these outlets, stored or not.
async fn stub_keys(
    conn: &mut Conn,
    outlet_ids: &[i64],
    pending: &Pending,
) -> Result<HashMap<i64, Vec<StubKey>>> {
    let mut keys: HashMap<i64, Vec<StubKey>> = HashMap::new();
    for &id in outlet_ids {
        let stored = claims::stubs_of(conn, id).await?;
        let ids: Vec<i64> = stored.iter().map(|v| v.version_id).collect();
        let made = links::touching(conn, &ids).await?;
        let made: Vec<_> = made.iter().filter(|l| l.method == Method::Claim).collect();
        let stored = stored.into_iter().map(|v| StubKey {
            claimants: made
                .iter()
                .filter(|l| l.source_id == v.version_id || l.derived_id == v.version_id)
                .map(|l| l.other(v.version_id))
                .collect(),
            title: v.title,
            language: v.language,
        });
        let unstored = pending
            .stubs()
            .filter(|s| s.outlet_id == id)
            .map(|s| StubKey {
                title: s.title.clone(),
                language: s.language.clone(),
                claimants: vec![s.claimant],
            });
        keys.insert(id, stored.chain(unstored).collect());
    }
    Ok(keys)
}

/// What the store holds for a run of new versions, read in a few queries for all of them.
pub(crate) struct Run {
    /// Known outlets by the name the versions give.
    outlets: HashMap<String, KnownOutlet>,
    /// URLs already in the store (of the versions and of what their claims name): the
    /// version with it, and whether it is a stub.
    urls: HashMap<String, (i64, bool)>,
    /// (outlet id, normalized-text hash) already in the store, with its first version.
    hashes: HashMap<(i64, String), i64>,
    /// Outlets with stubs, as claims resolve names: a new name may be how a claim wrote one.
    stub_outlets: Vec<resolve::KnownOutlet>,
    stub_outlet_ids: HashSet<i64>,
    /// The stubs of the outlets with stubs that the versions name: a version that can fill
    /// none of its outlet's stubs need not take the store path.
    stubs: HashMap<i64, Vec<StubKey>>,
    /// Every outlet, read when a version of the run first makes a claim.
    directory: Option<Directory>,
    lookup: Lookup,
}

impl Run {
    /// Reads the store for `docs` and brings their analyses up to their outlets' boilerplate.
    /// `pending` holds what the store does not have yet; `known`, document frequencies read
    /// from this reading of the store before; `reanalyzed`, stored versions analyzed again,
    /// shared from run to run.
    pub async fn load(
        conn: &mut Conn,
        docs: &mut [&mut Prepared],
        pending: &Pending,
        known: FxHashMap<AnchorId, i64>,
        reanalyzed: Reanalyzed,
    ) -> Result<Run> {
        let mut names: Vec<&str> = docs.iter().map(|p| p.outlet.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let outlets = outlets::by_names(conn, &names).await?;
        let none = HashSet::new();
        for p in docs.iter_mut() {
            p.refresh(outlets.get(&p.outlet).map_or(&none, |o| &o.learned));
        }
        let urls: Vec<&str> = docs
            .iter()
            .flat_map(|p| {
                p.doc
                    .url
                    .as_deref()
                    .into_iter()
                    .chain(p.claims.iter().filter_map(|c| c.url.as_deref()))
            })
            .collect();
        // Only outlets already stored can have stored versions.
        let hashes: Vec<(i64, &str)> = docs
            .iter()
            .filter_map(|p| Some((outlets.get(&p.outlet)?.id, p.analysis.body_hash.as_str())))
            .collect();
        let mut stubs = outlets::names_with_stubs(conn).await?;
        // Stubs claims made in versions not stored yet.
        stubs.extend(pending.stubs().map(|s| (s.outlet_id, s.outlet.clone())));
        let stub_outlet_ids: HashSet<i64> = stubs.iter().map(|(id, _)| *id).collect();
        let mut named: Vec<i64> = docs
            .iter()
            .filter_map(|p| {
                outlets
                    .get(&p.outlet)
                    .map(|o| o.id)
                    .or(pending.outlet(&p.outlet))
            })
            .filter(|id| stub_outlet_ids.contains(id))
            .collect();
        named.sort_unstable();
        named.dedup();
        let stub_keys = stub_keys(conn, &named, pending).await?;
        let mut run = Run {
            urls: versions::known_urls(conn, &urls)
                .await?
                .into_iter()
                .map(|(url, id, stub)| (url, (id, stub)))
                .collect(),
            hashes: versions::by_hashes(conn, &hashes)
                .await?
                .into_iter()
                .collect(),
            stub_outlet_ids,
            stubs: stub_keys,
            stub_outlets: stubs
                .into_iter()
                .map(|(id, name)| resolve::KnownOutlet {
                    outlet_id: id,
                    keys: vec![resolve::outlet_key(&name)],
                })
                .collect(),
            directory: None,
            lookup: Lookup::default(),
            outlets,
        };
        // A version already known needs no candidates: `known` still tells it when it is
        // registered, or the store's path takes it.
        let fresh: Vec<_> = docs
            .iter()
            .filter(|p| run.known(p, pending).is_none())
            .map(|p| &p.analysis)
            .collect();
        run.lookup = Lookup::load(conn, &fresh, known, reanalyzed).await?;
        Ok(run)
    }

    /// The document frequencies the run read, to keep for the next.
    pub fn into_df(self) -> FxHashMap<AnchorId, i64> {
        self.lookup.into_df()
    }

    /// The stored version `p` is, and why, when this reading of the store tells, as the
    /// store's path decides it: by URL unless that is a stub's (it fills it) or the batches
    /// not stored yet have it, else as the same text from the same outlet. Registering it
    /// writes nothing, so the run goes on: a feed imported again would otherwise read the
    /// store anew for the rest of the run after each of its versions.
    pub fn known(&self, p: &Prepared, pending: &Pending) -> Option<(i64, &'static str)> {
        if let Some(url) = p.doc.url.as_deref() {
            match self.urls.get(url) {
                Some(&(id, false)) => return Some((id, super::SAME_URL)),
                Some((_, true)) => return None,
                None if pending.url(url).is_some() => return None,
                None => {}
            }
        }
        let outlet = self.outlets.get(&p.outlet)?;
        let key = (outlet.id, p.analysis.body_hash.clone());
        self.hashes.get(&key).map(|&id| (id, super::SAME_TEXT))
    }

    /// Whether `p` is a version the batches not stored yet already have (a line repeated in
    /// the feed), by URL or as the same text from the same outlet: the store's path will find
    /// it there once they are stored, and register nothing.
    pub fn repeats(&self, p: &Prepared, pending: &Pending) -> bool {
        if let Some(url) = p.doc.url.as_deref() {
            if self.urls.contains_key(url) {
                return false;
            }
            if let Some(id) = pending.url(url) {
                // A stub's URL: the version fills it.
                return pending.get(id).is_some_and(|v| !v.version.stub);
            }
        }
        self.outlet_id(&p.outlet, pending)
            .is_some_and(|id| pending.has_text(id, &p.analysis.body_hash))
    }

    /// Version `id` as registering it again reports it: its work as the batches not stored
    /// yet leave it, its links as this reading of the store has them.
    pub async fn existing(
        conn: &mut Conn,
        id: i64,
        why: &str,
        pending: &Pending,
    ) -> Result<Registered> {
        let mut v = versions::by_id(conn, id)
            .await?
            .expect("the reading that found it has it");
        v.work_id = pending.work(v.work_id);
        super::existing(conn, v, why).await
    }

    /// Whether `p` must take the store's path: it may fill a stub, or is already known (by
    /// URL or as the same text from the same outlet).
    pub fn needs_store(&self, p: &Prepared, pending: &Pending) -> bool {
        if let Some(url) = p.doc.url.as_deref()
            && (self.urls.contains_key(url) || pending.url(url).is_some())
        {
            return true;
        }
        let hash = &p.analysis.body_hash;
        match self.outlet_id(&p.outlet, pending) {
            Some(id) => {
                self.may_fill_stub(id, &p.analysis)
                    || self.hashes.contains_key(&(id, hash.clone()))
                    || pending.has_text(id, hash)
            }
            None => resolve::resolve(&p.outlet, &self.stub_outlets).is_some(),
        }
    }

    /// Whether a version of outlet `id` may fill one of its titled stubs, known before
    /// matching (`claims::find_stub`), or its stubs are not known here: the store path decides.
    fn may_fill_stub(&self, id: i64, a: &Analysis) -> bool {
        self.stub_outlet_ids.contains(&id)
            && self.stubs.get(&id).is_none_or(|stubs| {
                stubs.iter().any(|s| {
                    s.title.is_some()
                        && claims::may_fill(s.title.as_deref(), s.language.as_deref(), a)
                })
            })
    }

    /// Whether a version of outlet `id` may fill one of its untitled stubs, known after
    /// matching (`claims::find_named_stub`): the version whose claim made it is among those
    /// the matcher linked.
    fn may_fill_named_stub(&self, id: Option<i64>, a: &Analysis, planned: &[PlannedLink]) -> bool {
        let Some(stubs) = id.and_then(|id| self.stubs.get(&id)) else {
            return false;
        };
        let matched = claims::matched(planned);
        stubs.iter().any(|s| {
            s.title.is_none()
                && claims::may_fill(None, s.language.as_deref(), a)
                && s.claimants.iter().any(|c| matched.contains(c))
        })
    }

    /// The learned boilerplate of the known outlets, by the name the versions gave.
    pub fn learned(&self) -> impl Iterator<Item = (&str, &HashSet<u64>)> {
        self.outlets.iter().map(|(n, o)| (n.as_str(), &o.learned))
    }

    /// A new outlet, in the batch and in what the run knows of outlets.
    fn new_outlet(&mut self, pending: &mut Pending, name: &str, domain: Option<String>) -> i64 {
        let id = pending.new_outlet(name, domain.clone());
        if let Some(d) = &mut self.directory {
            d.add(id, name, domain.as_deref());
        }
        id
    }

    async fn directory(&mut self, conn: &mut Conn, pending: &Pending) -> Result<&Directory> {
        if self.directory.is_none() {
            let mut d = Directory::load(conn).await?;
            // Outlets the batch made and has not written yet.
            for (id, name, domain) in pending.unwritten_outlets() {
                d.add(*id, name, domain.as_deref());
            }
            self.directory = Some(d);
        }
        Ok(self.directory.as_ref().expect("just loaded"))
    }

    fn outlet_id(&self, name: &str, pending: &Pending) -> Option<i64> {
        self.outlets
            .get(name)
            .map(|o| o.id)
            .or_else(|| pending.outlet(name))
    }

    /// Registers `p` into `pending`, or gives it back when its claims need the store.
    pub async fn register(
        &mut self,
        conn: &mut Conn,
        p: Prepared,
        pending: &mut Pending,
    ) -> Result<std::result::Result<Registered, Prepared>> {
        let meta = Meta {
            author: p.doc.author.as_deref(),
            published: p.published,
            stored: false,
            claims_derived: p.claims.iter().any(Claim::points_to_source),
        };
        let ids = self.lookup.candidates(conn, &p.analysis, pending).await?;
        let mass = self.lookup.mass(&p.analysis, pending);
        let (candidates, idf) = self
            .lookup
            .resolve(conn, &p.analysis, &ids, pending)
            .await?;
        let mut planned = match_candidates(&meta, &p.analysis, &candidates, &idf);
        drop(candidates);
        translations::settle(conn, &mut planned, pending).await?;
        if self.may_fill_named_stub(self.outlet_id(&p.outlet, pending), &p.analysis, &planned) {
            return Ok(Err(p));
        }
        let claim_plan = if p.claims.is_empty() {
            ClaimPlan::default()
        } else {
            self.directory(conn, pending).await?;
            match self.plan_claims(&p, &mut planned, pending) {
                Some(plan) => plan,
                None => return Ok(Err(p)),
            }
        };
        pending.ids_from(conn).await?;
        Ok(Ok(self.write(p, planned, claim_plan, mass, pending)))
    }

    /// What the claims link to, as `claims::plan_claim_links` decides it; None when a claim
    /// names a version only the store can find.
    fn plan_claims(
        &self,
        p: &Prepared,
        planned: &mut Vec<PlannedLink>,
        pending: &Pending,
    ) -> Option<ClaimPlan> {
        let dir = self.directory.as_ref().expect("read before");
        let mut plan = ClaimPlan {
            targets: vec![None; p.claims.len()],
            outlets: p.claims.iter().map(|c| dir.outlet_of(c)).collect(),
        };
        let own_id = self
            .outlet_id(&p.outlet, pending)
            .or_else(|| dir.resolve(&p.outlet));
        let language = p.analysis.language.as_deref();
        for claim in source_claims(
            &p.claims,
            &plan.outlets,
            own_id,
            &p.outlet,
            &p.analysis,
            planned,
        ) {
            let found = self.find_claimed(dir, &claim.group, language, planned, pending)?;
            claim.link(found, planned, &mut plan);
        }
        Some(plan)
    }

    /// `claims::find_claimed` in memory: by URL, or among the matcher's links to the claimed
    /// outlet. Where the store path would search the store further (the works of linked
    /// versions, the outlet's titles, a stored version at the URL the matcher did not link),
    /// None.
    fn find_claimed(
        &self,
        dir: &Directory,
        group: &ClaimGroup,
        own_language: Option<&str>,
        planned: &mut Vec<PlannedLink>,
        pending: &Pending,
    ) -> Option<Option<usize>> {
        let mut found: Option<Version> = None;
        if let Some(url) = group.url.as_deref() {
            if let Some(id) = pending.url(url) {
                found = Some(pending.get(id)?.version.clone());
            } else if self.urls.contains_key(url) {
                found = Some(planned.iter().find_map(|p| match &p.other {
                    Target::Existing(v) if v.url.as_deref() == Some(url) => Some(v.clone()),
                    _ => None,
                })?);
            }
        }
        if found.is_none()
            && let Some(oid) = group.outlet_id
        {
            let outlet_name = dir.name(oid);
            let matched = planned.iter().position(|p| match &p.other {
                Target::Existing(v) => {
                    Some(v.outlet.as_str()) == outlet_name
                        && match group.language.as_deref() {
                            Some(l) => v.language.as_deref() == Some(l),
                            None => {
                                v.language.as_deref() == own_language
                                    || p.status == Status::Accepted
                            }
                        }
                }
                Target::NewStub(_) => false,
            });
            if matched.is_some() {
                return Some(matched);
            }
            let linked = planned
                .iter()
                .any(|p| p.status == Status::Accepted && matches!(p.other, Target::Existing(_)));
            if linked || group.title.is_some() {
                return None;
            }
        }
        Some(found.map(|v| link_to_claimed(v, planned)))
    }

    /// Adds the version, its stubs, links, claims and index rows to the batch.
    fn write(
        &mut self,
        p: Prepared,
        planned: Vec<PlannedLink>,
        claim_plan: ClaimPlan,
        mass: crate::store::index::AnchorMass,
        pending: &mut Pending,
    ) -> Registered {
        let Prepared {
            doc,
            outlet,
            title,
            published,
            analysis,
            lines,
            claims,
            ..
        } = p;
        let domain = doc.url.as_deref().and_then(domain_of);
        let (outlet_id, outlet_name, learned) = match self.outlets.get_mut(&outlet) {
            Some(o) => {
                if !o.has_domain
                    && let Some(d) = domain.clone()
                {
                    pending.rows.domains.push((o.id, d));
                    o.has_domain = true;
                }
                (o.id, o.name.clone(), o.learned.clone())
            }
            None => match pending.outlet(&outlet) {
                Some(id) => (id, outlet.clone(), HashSet::new()),
                None => (
                    self.new_outlet(pending, &outlet, domain),
                    outlet.clone(),
                    HashSet::new(),
                ),
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
        pending.rows.versions.push(VersionRow {
            id: version_id,
            work_id,
            outlet_id,
            url: version.url.clone(),
            title: version.title.clone(),
            author: version.author.clone(),
            language: version.language.clone(),
            language_confidence: version.language_confidence,
            published_at: version.published_at.clone(),
            first_seen_at: now.clone(),
            body: Some(doc.body),
            body_hash: Some(analysis.body_hash.clone()),
            stub: false,
        });
        let rows = &mut pending.rows;
        rows.prints.push((
            super::stored_print(version_id, &analysis, &lines, &learned),
            mass,
        ));
        rows.shingle_keys
            .extend(analysis.keys.iter().map(|&k| (k, version_id)));
        for k in indexed(&analysis.anchors) {
            rows.anchor_keys.push((k.to_string(), version_id));
            rows.anchor_df.push((k.to_string(), 1));
        }
        rows.lines
            .extend(lines.iter().map(|&h| (outlet_id, h as i64, Some(work_id))));

        let mut links = Vec::with_capacity(planned.len());
        // The version each planned link ended up with, for the claims that name it.
        let mut others = Vec::with_capacity(planned.len());
        for plan in planned {
            let other = match &plan.other {
                Target::Existing(v) => v.clone(),
                Target::NewStub(spec) => {
                    self.new_stub(spec.clone(), version_id, work_id, &now, pending)
                }
            };
            let (source_id, derived_id) = if plan.other_is_source {
                (other.version_id, version_id)
            } else {
                (version_id, other.version_id)
            };
            links.push(plan.summary(&other));
            pending.rows.links.push(NewLink {
                source_id,
                derived_id,
                relation: plan.relation,
                method: plan.method,
                confidence: plan.confidence,
                status: plan.status,
                evidence: plan.evidence,
            });
            others.push(other);
        }
        self.claim_rows(
            version_id,
            outlet_id,
            &claims,
            &claim_plan,
            &others,
            pending,
        );
        pending.add(PendingVersion {
            version: version.clone(),
            outlet_id,
            has_claims: !claims.is_empty(),
            analysis,
            mass,
        });
        Registered {
            version,
            links,
            existing: false,
            note: None,
            claims,
        }
    }

    /// A stub for the version a claim names, as `claims::create_stub` makes it. Its outlet
    /// now has a stub to fill: the next versions of it take the store path.
    fn new_stub(
        &mut self,
        spec: StubSpec,
        claimant: i64,
        work_id: i64,
        now: &str,
        pending: &mut Pending,
    ) -> Version {
        let dir = self.directory.as_ref().expect("read for the claims");
        let known = spec
            .outlet_id
            .or_else(|| dir.id_by_name(&spec.outlet))
            .or_else(|| pending.outlet(&spec.outlet));
        let outlet_id = match known {
            Some(id) => id,
            None => {
                let domain = spec.url.as_deref().and_then(domain_of);
                self.new_outlet(pending, &spec.outlet, domain)
            }
        };
        let outlet = self
            .directory
            .as_ref()
            .and_then(|d| d.name(outlet_id))
            .unwrap_or(&spec.outlet)
            .to_string();
        // An outlet's first stub: the run knows all of them.
        if self.stub_outlet_ids.insert(outlet_id) {
            self.stubs.insert(outlet_id, Vec::new());
        }
        if let Some(stubs) = self.stubs.get_mut(&outlet_id) {
            stubs.push(StubKey {
                title: spec.title.clone(),
                language: spec.language.clone(),
                claimants: vec![claimant],
            });
        }
        pending.note_stub(PendingStub {
            outlet_id,
            outlet: outlet.clone(),
            title: spec.title.clone(),
            language: spec.language.clone(),
            claimant,
        });
        self.stub_outlets.push(resolve::KnownOutlet {
            outlet_id,
            keys: vec![resolve::outlet_key(&outlet)],
        });
        let id = pending.new_version_id();
        if let Some(url) = &spec.url {
            pending.note_url(url.clone(), id);
        }
        pending.rows.versions.push(VersionRow {
            id,
            work_id,
            outlet_id,
            url: spec.url.clone(),
            title: spec.title.clone(),
            author: None,
            language: spec.language.clone(),
            language_confidence: None,
            published_at: None,
            first_seen_at: now.to_string(),
            body: None,
            body_hash: None,
            stub: true,
        });
        Version {
            version_id: id,
            work_id,
            outlet,
            url: spec.url,
            title: spec.title,
            language: spec.language,
            published_at: None,
            stub: true,
            author: None,
            language_confidence: None,
            first_seen_at: now.to_string(),
        }
    }

    /// The claims' rows, as `claims::store_claims` writes them; a claim's wording of a known
    /// outlet becomes one of its aliases.
    fn claim_rows(
        &mut self,
        version_id: i64,
        own_outlet_id: i64,
        found: &[Claim],
        plan: &ClaimPlan,
        others: &[Version],
        pending: &mut Pending,
    ) {
        if found.is_empty() {
            return;
        }
        let dir = self.directory.as_mut().expect("read for the claims");
        for (i, claim) in found.iter().enumerate() {
            let target = plan.target(i).and_then(|p| others.get(p));
            let mut outlet_id = plan.outlet(i, claim, own_outlet_id);
            if outlet_id.is_none()
                && claim.outlet.is_some()
                && let Some(t) = target
            {
                outlet_id = dir.id_by_name(&t.outlet);
            }
            if let (Some(id), Some(wording)) = (outlet_id, claim.outlet.as_deref())
                && dir
                    .name(id)
                    .is_some_and(|name| !name.eq_ignore_ascii_case(wording))
            {
                pending
                    .rows
                    .aliases
                    .push((id, wording.to_string(), resolve::outlet_key(wording)));
                dir.alias(id, wording);
            }
            pending.rows.claims.push(ClaimRow {
                version_id,
                kind: claim.kind.to_string(),
                outlet_name: claim.outlet.clone(),
                outlet_id,
                language: claim.language.clone(),
                title: claim.title.clone(),
                url: claim.url.clone(),
                sentence: claim.sentence.clone(),
                target_version_id: target
                    .map(|t| t.version_id)
                    .filter(|_| claim.points_to_source()),
            });
        }
    }
}
