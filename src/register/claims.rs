//! Links from what a text claims: the version a claim names when the store has it, a stub
//! standing for it when not, and filling that stub when its text arrives.

use super::{PlannedLink, StubSpec, Target, domain_of};
use crate::claims::{Claim, resolve, target::looks_like_domain};
use crate::error::Result;
use crate::matching::title_similarity;
use crate::model::{Method, Relation, Status, Version};
use crate::store::{Conn, NewVersion, claims as sclaims, links, outlets, versions};
use crate::text::{Analysis, normalize};
use serde_json::json;

/// Titles at least this similar name the same piece (a stub's claimed title, say).
pub(crate) const SAME_TITLE: f64 = 0.88;

/// What registration learned from the claims, claim by claim (in the order of `found`).
#[derive(Default)]
pub(crate) struct ClaimPlan {
    /// Index into the planned links of the version the claim names.
    pub targets: Vec<Option<usize>>,
    /// The known outlet the claim names.
    pub outlets: Vec<Option<i64>>,
}

impl ClaimPlan {
    /// Index into the planned links of the version claim `i` names.
    pub fn target(&self, i: usize) -> Option<usize> {
        self.targets.get(i).copied().flatten()
    }

    /// The outlet claim `i`'s row records, before falling back on its target's: the known
    /// outlet it names, or, for a claim about this version's own outlet ("also published
    /// by …" does not point to a source), the version's.
    pub fn outlet(&self, i: usize, claim: &Claim, own_outlet_id: i64) -> Option<i64> {
        let named = self.outlets.get(i).copied().flatten();
        if !claim.points_to_source() && claim.outlet.is_some() {
            named.or(Some(own_outlet_id))
        } else {
            named
        }
    }
}

async fn known_outlets(conn: &mut Conn) -> Result<Vec<resolve::KnownOutlet>> {
    Ok(outlets::names(conn)
        .await?
        .into_iter()
        .map(|(id, name)| resolve::KnownOutlet {
            outlet_id: id,
            keys: vec![resolve::outlet_key(&name)],
        })
        .collect())
}

/// The outlet whose stubs a new version of `outlet_name` may fill: its own, or (for a name the
/// store does not know) the outlet a claim wrote differently. True when found fuzzily.
async fn stub_outlet(
    conn: &mut Conn,
    outlet_name: &str,
    outlet_id: Option<i64>,
) -> Result<Option<(i64, bool)>> {
    Ok(match outlet_id {
        Some(id) => Some((id, false)),
        None => resolve::resolve(outlet_name, &known_outlets(conn).await?).map(|id| (id, true)),
    })
}

/// The stored versions the matcher linked with (an untitled stub's claimant among them
/// means the new text is the one the claim named).
pub(crate) fn matched(planned: &[PlannedLink]) -> Vec<i64> {
    planned
        .iter()
        .filter_map(|p| match &p.other {
            Target::Existing(v) if p.method == Method::Match => Some(v.version_id),
            _ => None,
        })
        .collect()
}

/// The stubs of an outlet.
pub(crate) async fn stubs_of(conn: &mut Conn, oid: i64) -> Result<Vec<Version>> {
    let ids = versions::stub_ids_of_outlet(conn, oid).await?;
    // Most outlets have no stubs: no second query for nothing.
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    versions::by_ids(conn, &ids).await
}

async fn stubs_in_language(conn: &mut Conn, oid: i64, analysis: &Analysis) -> Result<Vec<Version>> {
    let mut stubs = stubs_of(conn, oid).await?;
    stubs.retain(|s| in_language(s.language.as_deref(), analysis));
    Ok(stubs)
}

fn in_language(stub_language: Option<&str>, analysis: &Analysis) -> bool {
    stub_language.is_none() || stub_language == analysis.language.as_deref()
}

/// Whether the stub's claimed title is the text's.
fn same_title(stub_title: &str, analysis: &Analysis) -> bool {
    title_similarity(&normalize::title_key(stub_title), &analysis.norm_title) >= SAME_TITLE
}

/// Whether a text of the stub's own outlet may fill it (`find_stub`, `find_named_stub`): in
/// its language, and with its title or none (an untitled stub is filled after matching).
pub(crate) fn may_fill(
    stub_title: Option<&str>,
    stub_language: Option<&str>,
    a: &Analysis,
) -> bool {
    in_language(stub_language, a) && stub_title.is_none_or(|t| same_title(t, a))
}

/// A stub the new text fills, known before matching: of its outlet, the same language (or
/// unknown) and the title the claim gave, across quoting and punctuation.
pub async fn find_stub(
    conn: &mut Conn,
    outlet_name: &str,
    outlet_id: Option<i64>,
    analysis: &Analysis,
) -> Result<Option<Version>> {
    let Some((oid, fuzzy)) = stub_outlet(conn, outlet_name, outlet_id).await? else {
        return Ok(None);
    };
    let found = stubs_in_language(conn, oid, analysis)
        .await?
        .into_iter()
        .find(|s| s.title.as_deref().is_some_and(|t| same_title(t, analysis)));
    if fuzzy && found.is_some() {
        take_outlet_name(conn, oid, outlet_name).await?;
    }
    Ok(found)
}

/// An untitled stub ("Source: X" names only an outlet) the new text fills, known after
/// matching: only when the text that made the claim is among the versions the matcher linked
/// the new text with. Any other text of the outlet could be meant otherwise.
pub async fn find_named_stub(
    conn: &mut Conn,
    outlet_name: &str,
    outlet_id: Option<i64>,
    analysis: &Analysis,
    planned: &[PlannedLink],
) -> Result<Option<Version>> {
    let Some((oid, fuzzy)) = stub_outlet(conn, outlet_name, outlet_id).await? else {
        return Ok(None);
    };
    let matched = matched(planned);
    if matched.is_empty() {
        return Ok(None);
    }
    for stub in stubs_in_language(conn, oid, analysis).await? {
        if stub.title.is_some() {
            continue;
        }
        let claimants = links::touching(conn, &[stub.version_id]).await?;
        if claimants
            .iter()
            .any(|l| l.method == Method::Claim && matched.contains(&l.other(stub.version_id)))
        {
            if fuzzy {
                take_outlet_name(conn, oid, outlet_name).await?;
            }
            return Ok(Some(stub));
        }
    }
    Ok(None)
}

/// The outlet was so far named by claims only ("the Moscow-Baku information portal"): it takes
/// the name its own version uses and keeps the claim's wording as an alias. An outlet that
/// already has versions of its own keeps its name and learns the new one as an alias.
async fn take_outlet_name(conn: &mut Conn, oid: i64, outlet_name: &str) -> Result<()> {
    if outlets::full_versions(conn, oid).await? == 0 {
        let old = outlets::name_of(conn, oid).await?.unwrap_or_default();
        outlets::adopt_name(conn, oid, outlet_name, &resolve::outlet_key(&old)).await
    } else {
        let key = resolve::outlet_key(outlet_name);
        outlets::add_alias(conn, oid, outlet_name, &key).await
    }
}

/// Turns what the text claims about its source into links: to the version a claim names when
/// the store has it (upgrading a matcher link to the same version), else to a new stub.
pub async fn plan_claim_links(
    conn: &mut Conn,
    found: &[Claim],
    analysis: &Analysis,
    own_outlet: &str,
    planned: &mut Vec<PlannedLink>,
) -> Result<ClaimPlan> {
    let mut plan = ClaimPlan {
        targets: vec![None; found.len()],
        outlets: vec![None; found.len()],
    };
    if found.is_empty() {
        return Ok(plan);
    }
    let known = known_outlets(conn).await?;
    for (i, c) in found.iter().enumerate() {
        plan.outlets[i] = resolve_outlet(conn, c, &known).await?;
    }
    let own_id = match outlets::id_by_name(conn, own_outlet).await? {
        Some(id) => Some(id),
        None => resolve::resolve(own_outlet, &known),
    };
    for claim in source_claims(found, &plan.outlets, own_id, own_outlet, analysis, planned) {
        let index = find_claimed(conn, &claim.group, analysis.language.as_deref(), planned).await?;
        claim.link(index, planned, &mut plan);
    }
    Ok(plan)
}

/// Claims about one source that is not the text's own outlet, and the link they ask for.
pub(crate) struct SourceClaim {
    pub group: ClaimGroup,
    relation: Relation,
    evidence: serde_json::Value,
}

/// Groups the claims and keeps those that name another source. Claims that name the text's
/// own outlet (in its own language) are no source claims; "translated from X", naming no
/// outlet, only orients the matcher's translation links.
pub(crate) fn source_claims(
    found: &[Claim],
    outlet_ids: &[Option<i64>],
    own_id: Option<i64>,
    own_outlet: &str,
    analysis: &Analysis,
    planned: &mut [PlannedLink],
) -> Vec<SourceClaim> {
    let own_key = resolve::outlet_key(own_outlet);
    let mut out = Vec::new();
    for group in group_claims(found, outlet_ids) {
        let names_self = group.outlet_id.is_some() && group.outlet_id == own_id
            || group
                .outlet
                .as_deref()
                .is_some_and(|o| resolve::similarity(&resolve::outlet_key(o), &own_key) >= 0.93);
        let other_language = group
            .language
            .as_ref()
            .is_some_and(|l| analysis.language.as_ref().is_some_and(|own| own != l));
        if names_self && !other_language {
            continue;
        }
        if group.outlet.is_none() && group.url.is_none() {
            direction_from_language(&group, planned);
            continue;
        }
        let relation = if group.excerpt {
            Relation::Excerpt
        } else if other_language || group.translation {
            Relation::Translation
        } else {
            Relation::Republication
        };
        let evidence = json!({
            "rule": "the text names its source",
            "claims": group.sentences,
        });
        out.push(SourceClaim {
            group,
            relation,
            evidence,
        });
    }
    out
}

impl SourceClaim {
    /// Links the text to the claimed version, `found` (an index into `planned`), upgrading the
    /// matcher's link to it; without one, to a new stub standing for it.
    pub(crate) fn link(
        self,
        found: Option<usize>,
        planned: &mut Vec<PlannedLink>,
        plan: &mut ClaimPlan,
    ) {
        let SourceClaim {
            group,
            relation,
            evidence,
        } = self;
        let index = match found {
            Some(index) => {
                let p = &mut planned[index];
                let matcher = std::mem::take(&mut p.evidence);
                p.other_is_source = true;
                p.method = Method::Claim;
                p.status = Status::Accepted;
                p.confidence = p.confidence.max(0.95);
                if relation != Relation::Republication {
                    p.relation = relation;
                }
                p.evidence = json!({ "rule": evidence["rule"], "claims": evidence["claims"], "matcher": matcher });
                index
            }
            None => {
                let Some(outlet) = group
                    .outlet
                    .clone()
                    .or_else(|| group.url.as_deref().and_then(domain_of))
                else {
                    return;
                };
                planned.push(PlannedLink {
                    other: Target::NewStub(StubSpec {
                        outlet,
                        outlet_id: group.outlet_id,
                        language: group.language.clone(),
                        title: group.title.clone(),
                        url: group.url.clone(),
                    }),
                    other_is_source: true,
                    relation,
                    method: Method::Claim,
                    confidence: 0.9,
                    status: Status::Accepted,
                    evidence,
                });
                planned.len() - 1
            }
        };
        for &m in &group.members {
            plan.targets[m] = Some(index);
        }
    }
}

/// The known outlet a claim names: by domain for a domain or URL, else by name, fuzzily.
async fn resolve_outlet(
    conn: &mut Conn,
    claim: &Claim,
    known: &[resolve::KnownOutlet],
) -> Result<Option<i64>> {
    if let Some(name) = claim.outlet.as_deref() {
        if looks_like_domain(name) {
            let domain = name.to_ascii_lowercase();
            let domain = domain.trim_start_matches("www.");
            if let Some(id) = outlets::id_by_domain(conn, domain).await? {
                return Ok(Some(id));
            }
        }
        return Ok(resolve::resolve(name, known));
    }
    match claim.url.as_deref().and_then(domain_of) {
        Some(d) => outlets::id_by_domain(conn, &d).await,
        None => Ok(None),
    }
}

/// "Translated from Russian" names no outlet, but says which side of a translation the
/// matcher found is the source.
fn direction_from_language(group: &ClaimGroup, planned: &mut [PlannedLink]) {
    let Some(lang) = group.language.as_ref().filter(|_| group.translation) else {
        return;
    };
    for plan in planned.iter_mut() {
        if let Target::Existing(v) = &plan.other
            && plan.method == Method::Match
            && plan.relation == Relation::Translation
            && v.language.as_ref() == Some(lang)
        {
            plan.other_is_source = true;
            plan.evidence["direction"] = json!(format!(
                "the text says it is translated from {lang}: {}",
                group.sentences.join(" ")
            ));
        }
    }
}

/// Claims about one source, merged: "first released in Russian at X" and "the Russian version
/// was published under the title '…'" describe the same version.
pub(crate) struct ClaimGroup {
    members: Vec<usize>,
    pub outlet: Option<String>,
    pub outlet_id: Option<i64>,
    pub language: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    sentences: Vec<String>,
    excerpt: bool,
    translation: bool,
}

fn group_claims(found: &[Claim], outlet_ids: &[Option<i64>]) -> Vec<ClaimGroup> {
    let mut groups: Vec<ClaimGroup> = Vec::new();
    for (i, c) in found.iter().enumerate() {
        if !c.points_to_source() {
            continue;
        }
        let same = groups.iter_mut().find(|g| {
            let outlet_ok = match (&g.outlet, &c.outlet) {
                (Some(a), Some(b)) => {
                    resolve::outlet_key(a) == resolve::outlet_key(b)
                        || g.outlet_id.is_some() && g.outlet_id == outlet_ids[i]
                }
                _ => true,
            };
            let lang_ok = match (&g.language, &c.language) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let url_ok = match (&g.url, &c.url) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            outlet_ok && lang_ok && url_ok
        });
        match same {
            Some(g) => {
                g.members.push(i);
                g.outlet = g.outlet.take().or_else(|| c.outlet.clone());
                g.outlet_id = g.outlet_id.or(outlet_ids[i]);
                g.language = g.language.take().or_else(|| c.language.clone());
                g.title = g.title.take().or_else(|| c.title.clone());
                g.url = g.url.take().or_else(|| c.url.clone());
                if !g.sentences.contains(&c.sentence) {
                    g.sentences.push(c.sentence.clone());
                }
                g.excerpt |= c.says_excerpt();
                g.translation |= c.says_translation();
            }
            None => groups.push(ClaimGroup {
                members: vec![i],
                outlet: c.outlet.clone(),
                outlet_id: outlet_ids[i],
                language: c.language.clone(),
                title: c.title.clone(),
                url: c.url.clone(),
                sentences: vec![c.sentence.clone()],
                excerpt: c.says_excerpt(),
                translation: c.says_translation(),
            }),
        }
    }
    groups
}

/// The version a claim group names: by URL, among the matcher's links (same outlet), or by
/// title among the outlet's versions (stubs included, so two texts naming the same title
/// share one stub). Returns an index into `planned`, adding a plan if needed. Without URL,
/// link or title nothing is guessed: a claim that only names an outlet gets its own stub.
async fn find_claimed(
    conn: &mut Conn,
    group: &ClaimGroup,
    own_language: Option<&str>,
    planned: &mut Vec<PlannedLink>,
) -> Result<Option<usize>> {
    let mut found: Option<Version> = None;
    if let Some(url) = group.url.as_deref()
        && let Some(id) = versions::id_by_url(conn, url).await?
    {
        found = versions::by_id(conn, id).await?;
    }
    if found.is_none()
        && let Some(oid) = group.outlet_id
    {
        let outlet_name = outlets::name_of(conn, oid).await?;
        let matched = planned.iter().position(|p| match &p.other {
            // A claim that names no language ("Source: X", "Read more at X") speaks of a text
            // in the same language: it never turns a weak cross-language match with another
            // piece of X into a fact.
            Target::Existing(v) => {
                Some(&v.outlet) == outlet_name.as_ref()
                    && match group.language.as_deref() {
                        Some(l) => v.language.as_deref() == Some(l),
                        None => {
                            v.language.as_deref() == own_language || p.status == Status::Accepted
                        }
                    }
            }
            Target::NewStub(_) => false,
        });
        if matched.is_some() {
            return Ok(matched);
        }
        found = in_linked_works(conn, group, outlet_name.as_deref(), planned).await?;
        if let Some(title) = group.title.as_deref()
            && found.is_none()
        {
            let key = normalize::title_key(title);
            for (id, t) in
                versions::titles_of_outlet(conn, oid, group.language.as_deref(), 500).await?
            {
                if title_similarity(&normalize::title_key(&t), &key) >= SAME_TITLE {
                    found = versions::by_id(conn, id).await?;
                    break;
                }
            }
        }
    }
    Ok(found.map(|v| link_to_claimed(v, planned)))
}

/// The index in `planned` of the link to the claimed version `v`, adding one when the matcher
/// made none.
pub(crate) fn link_to_claimed(v: Version, planned: &mut Vec<PlannedLink>) -> usize {
    if let Some(i) = planned
        .iter()
        .position(|p| matches!(&p.other, Target::Existing(o) if o.version_id == v.version_id))
    {
        return i;
    }
    planned.push(PlannedLink {
        other: Target::Existing(v),
        other_is_source: true,
        relation: Relation::Republication,
        method: Method::Claim,
        confidence: 0.9,
        status: Status::Accepted,
        evidence: serde_json::Value::Null,
    });
    planned.len() - 1
}

/// The version of the claimed outlet (and language) in the work of a version the matcher
/// linked the text with: "first published by X" when a text matched is already known to be
/// a version of X's piece (or of a stub standing for it).
async fn in_linked_works(
    conn: &mut Conn,
    group: &ClaimGroup,
    outlet_name: Option<&str>,
    planned: &[PlannedLink],
) -> Result<Option<Version>> {
    let Some(outlet_name) = outlet_name else {
        return Ok(None);
    };
    let mut works: Vec<i64> = planned
        .iter()
        .filter_map(|p| match &p.other {
            Target::Existing(v) if p.status == Status::Accepted => Some(v.work_id),
            _ => None,
        })
        .collect();
    works.sort_unstable();
    works.dedup();
    for work in works {
        let ids = versions::ids_of_work(conn, work).await?;
        let mut same: Vec<Version> = versions::by_ids(conn, &ids)
            .await?
            .into_iter()
            .filter(|v| {
                v.outlet == outlet_name
                    && (group.language.is_none() || v.language == group.language)
            })
            .collect();
        // Only an unambiguous answer: one version of that outlet in the work.
        if same.len() == 1 {
            return Ok(same.pop());
        }
    }
    Ok(None)
}

pub async fn create_stub(
    conn: &mut Conn,
    spec: StubSpec,
    work_id: i64,
    now: &str,
) -> Result<Version> {
    let outlet_id = match spec.outlet_id {
        Some(id) => id,
        None => {
            let domain = spec.url.as_deref().and_then(domain_of);
            outlets::get_or_create(conn, &spec.outlet, domain.as_deref(), now).await?
        }
    };
    let id = versions::insert(
        conn,
        None,
        &NewVersion {
            work_id,
            outlet_id,
            url: spec.url.as_deref(),
            title: spec.title.as_deref(),
            author: None,
            language: spec.language.as_deref(),
            language_confidence: None,
            published_at: None,
            first_seen_at: now,
            body: None,
            body_hash: None,
            stub: true,
        },
    )
    .await?;
    Ok(versions::by_id(conn, id).await?.expect("just written"))
}

/// Stores the claims with the outlet each names (resolved, or the stub's new outlet) and the
/// version it points at; a claim's wording of a known outlet becomes one of its aliases.
/// `other_ids[i]` is the version planned link `i` ended up linking to.
pub async fn store_claims(
    conn: &mut Conn,
    version_id: i64,
    own_outlet_id: i64,
    found: &[Claim],
    plan: &ClaimPlan,
    other_ids: &[i64],
) -> Result<()> {
    for (i, claim) in found.iter().enumerate() {
        let target = plan.target(i).and_then(|p| other_ids.get(p).copied());
        let mut outlet_id = plan.outlet(i, claim, own_outlet_id);
        if outlet_id.is_none()
            && claim.outlet.is_some()
            && let Some(t) = target
            && let Some(v) = versions::by_id(conn, t).await?
        {
            outlet_id = outlets::id_by_name(conn, &v.outlet).await?;
        }
        if let (Some(id), Some(wording)) = (outlet_id, claim.outlet.as_deref())
            && outlets::name_of(conn, id)
                .await?
                .is_some_and(|name| !name.eq_ignore_ascii_case(wording))
        {
            outlets::add_alias(conn, id, wording, &resolve::outlet_key(wording)).await?;
        }
        sclaims::insert(
            conn,
            &sclaims::NewClaim {
                version_id,
                kind: claim.kind,
                outlet_name: claim.outlet.as_deref(),
                outlet_id,
                language: claim.language.as_deref(),
                title: claim.title.as_deref(),
                url: claim.url.as_deref(),
                sentence: &claim.sentence,
                target_version_id: target.filter(|_| claim.points_to_source()),
            },
        )
        .await?;
    }
    Ok(())
}
