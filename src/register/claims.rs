//! Links from what a text claims: the version a claim names when the store has it, a stub
//! standing for it when not, and filling that stub when its text arrives.

use super::{PlannedLink, StubSpec, Target, domain_of};
use crate::claims::{Claim, resolve};
use crate::error::Result;
use crate::matching::title_similarity;
use crate::model::{Method, Relation, Status, Version};
use crate::store::{Conn, NewVersion, outlets, versions};
use crate::text::{Analysis, normalize};
use serde_json::json;

/// Titles at least this similar name the same piece (a stub's claimed title, say).
const SAME_TITLE: f64 = 0.88;

/// A stub of this outlet that the new text fills: same language (or unknown) and the title the
/// claim gave, or the only stub of that language when the claim gave no title.
pub async fn find_stub(
    conn: &mut Conn,
    outlet_id: i64,
    analysis: &Analysis,
) -> Result<Option<Version>> {
    let ids = versions::stub_ids_of_outlet(conn, outlet_id).await?;
    let stubs = versions::by_ids(conn, &ids).await?;
    let same_language: Vec<Version> = stubs
        .into_iter()
        .filter(|s| s.language.is_none() || s.language == analysis.language)
        .collect();
    let by_title = same_language.iter().find(|s| {
        s.title.as_deref().is_some_and(|t| {
            title_similarity(&normalize::title_key(t), &analysis.norm_title) >= SAME_TITLE
        })
    });
    Ok(by_title
        .or_else(|| match same_language.as_slice() {
            [only] if only.title.is_none() => Some(only),
            _ => None,
        })
        .cloned())
}

/// Turns what the text claims about its source into links: to the version the claim names when
/// the store has it (upgrading a matcher link to the same version), else to a new stub.
pub async fn plan_claim_links(
    conn: &mut Conn,
    found: &[Claim],
    analysis: &Analysis,
    planned: &mut Vec<PlannedLink>,
) -> Result<()> {
    let groups = group_claims(found);
    if groups.is_empty() {
        return Ok(());
    }
    let known: Vec<resolve::KnownOutlet> = outlets::names(conn)
        .await?
        .into_iter()
        .map(|(id, name)| resolve::KnownOutlet {
            outlet_id: id,
            keys: vec![resolve::outlet_key(&name)],
        })
        .collect();
    for group in groups {
        let outlet_id = match (&group.outlet, &group.url) {
            (Some(name), _) => resolve::resolve(name, &known),
            (None, Some(url)) => match domain_of(url) {
                Some(d) => outlets::id_by_domain(conn, &d).await?,
                None => None,
            },
            _ => None,
        };
        let target = find_claimed(conn, &group, outlet_id, planned).await?;
        let relation = match (&group.language, &analysis.language) {
            (Some(theirs), Some(ours)) if theirs != ours => Relation::Translation,
            _ => Relation::Republication,
        };
        let evidence = json!({
            "rule": "the text names its source",
            "claims": group.sentences,
        });
        match target {
            Some(index) => {
                let plan = &mut planned[index];
                let matcher = std::mem::take(&mut plan.evidence);
                plan.other_is_source = true;
                plan.method = Method::Claim;
                plan.status = Status::Accepted;
                plan.confidence = plan.confidence.max(0.95);
                if relation == Relation::Translation {
                    plan.relation = relation;
                }
                plan.evidence = json!({ "rule": evidence["rule"], "claims": evidence["claims"], "matcher": matcher });
            }
            None => {
                let Some(outlet) = group
                    .outlet
                    .clone()
                    .or_else(|| group.url.as_deref().and_then(domain_of))
                else {
                    continue;
                };
                planned.push(PlannedLink {
                    other: Target::NewStub(StubSpec {
                        outlet,
                        outlet_id,
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
            }
        }
    }
    Ok(())
}

/// Claims about one source, merged: "first released in Russian at X" and "the Russian version
/// was published under the title '…'" describe the same version.
struct ClaimGroup {
    outlet: Option<String>,
    language: Option<String>,
    title: Option<String>,
    url: Option<String>,
    sentences: Vec<String>,
}

fn group_claims(found: &[Claim]) -> Vec<ClaimGroup> {
    let mut groups: Vec<ClaimGroup> = Vec::new();
    for c in found.iter().filter(|c| c.points_to_source()) {
        let same = groups.iter_mut().find(|g| {
            let outlet_ok = match (&g.outlet, &c.outlet) {
                (Some(a), Some(b)) => resolve::outlet_key(a) == resolve::outlet_key(b),
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
                g.outlet = g.outlet.take().or_else(|| c.outlet.clone());
                g.language = g.language.take().or_else(|| c.language.clone());
                g.title = g.title.take().or_else(|| c.title.clone());
                g.url = g.url.take().or_else(|| c.url.clone());
                g.sentences.push(c.sentence.clone());
            }
            None => groups.push(ClaimGroup {
                outlet: c.outlet.clone(),
                language: c.language.clone(),
                title: c.title.clone(),
                url: c.url.clone(),
                sentences: vec![c.sentence.clone()],
            }),
        }
    }
    groups.retain(|g| g.outlet.is_some() || g.url.is_some());
    groups
}

/// The version a claim group names: by URL, among the matcher's links (same outlet), or by
/// title among the outlet's versions. Returns an index into `planned`, adding a plan if needed.
async fn find_claimed(
    conn: &mut Conn,
    group: &ClaimGroup,
    outlet_id: Option<i64>,
    planned: &mut Vec<PlannedLink>,
) -> Result<Option<usize>> {
    let mut found: Option<Version> = None;
    if let Some(url) = group.url.as_deref()
        && let Some(id) = versions::id_by_url(conn, url).await?
    {
        found = versions::by_id(conn, id).await?;
    }
    if found.is_none()
        && let Some(oid) = outlet_id
    {
        let outlet_name = outlets::all(conn)
            .await?
            .into_iter()
            .find(|o| o.outlet_id == oid)
            .map(|o| o.name);
        let matched = planned.iter().position(|p| match &p.other {
            Target::Existing(v) => {
                Some(&v.outlet) == outlet_name.as_ref()
                    && (group.language.is_none() || v.language == group.language)
            }
            Target::NewStub(_) => false,
        });
        if matched.is_some() {
            return Ok(matched);
        }
        if let Some(title) = group.title.as_deref() {
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
        if found.is_none() && group.title.is_none() {
            // The outlet's only version in the claimed language is the one meant.
            let all = versions::titles_of_outlet(conn, oid, group.language.as_deref(), 2).await?;
            if let [(id, _)] = all.as_slice() {
                found = versions::by_id(conn, *id).await?;
            }
        }
    }
    let Some(v) = found else { return Ok(None) };
    if let Some(i) = planned
        .iter()
        .position(|p| matches!(&p.other, Target::Existing(o) if o.version_id == v.version_id))
    {
        return Ok(Some(i));
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
    Ok(Some(planned.len() - 1))
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
