//! Registering one version: analyze its text, find candidates in the indexes, let the matcher
//! and the text's own claims decide links, then write everything in one transaction.

use crate::claims::{self, Claim, resolve};
use crate::error::{Error, Result};
use crate::ingest::{Document, Published, first_line, parse_date};
use crate::matching::{self, Decision, Meta, Side, title_similarity, translation::Idf};
use crate::model::{Method, Relation, Status, Version};
use crate::store::{
    self, CandidateText, Conn, NewLink, NewVersion, Store, claims as sclaims, index, links,
    outlets, versions,
};
use crate::text::{self, Analysis, boilerplate, lang, normalize};
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// Candidates looked at per registration, from each index.
const SHINGLE_CANDIDATES: i64 = 20;
const ANCHOR_CANDIDATES: usize = 20;
/// Shingle keys carried by more versions than this are boilerplate, not evidence.
const MAX_KEY_POSTINGS: i64 = 200;
/// Titles at least this similar name the same piece (a stub's claimed title, say).
const SAME_TITLE: f64 = 0.88;

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
struct PlannedLink {
    other: Target,
    other_is_source: bool,
    relation: Relation,
    method: Method,
    confidence: f64,
    status: Status,
    evidence: serde_json::Value,
}

enum Target {
    Existing(Version),
    NewStub(StubSpec),
}

struct StubSpec {
    outlet: String,
    outlet_id: Option<i64>,
    language: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

pub async fn register(store: &Store, doc: Document) -> Result<Registered> {
    let outlet = doc
        .outlet
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .ok_or_else(|| {
            Error::bad("no outlet given: every version needs --outlet (or an `outlet` field)")
        })?
        .to_string();
    if let Some(l) = doc.language.as_deref().filter(|l| !lang::is_valid_code(l)) {
        return Err(Error::bad(format!(
            "bad language code {l:?}: expected ISO 639-1 such as en, ru, de"
        )));
    }
    let published = doc
        .published_at
        .as_deref()
        .map(parse_date)
        .transpose()
        .map_err(Error::BadInput)?;
    let title = doc
        .title
        .clone()
        .or_else(|| first_line(&doc.body))
        .unwrap_or_default();
    let mut conn = store.conn().await?;

    // The same URL, or the same text from the same outlet, is already known.
    let mut stub_to_fill = None;
    if let Some(url) = doc.url.as_deref()
        && let Some(id) = versions::id_by_url(&mut conn, url).await?
    {
        let v = versions::by_id(&mut conn, id)
            .await?
            .expect("id just found");
        if !v.stub {
            return existing(
                &mut conn,
                v,
                "a version with this URL is already registered",
            )
            .await;
        }
        stub_to_fill = Some(v);
    }
    let outlet_id = outlets::id_by_name(&mut conn, &outlet).await?;
    let learned = match outlet_id {
        Some(id) => {
            index::outlet_boilerplate(&mut conn, id, boilerplate::LEARNED_MIN_VERSIONS).await?
        }
        None => HashSet::new(),
    };
    let analysis = text::analyze(&title, &doc.body, doc.language.as_deref(), &learned);
    if let Some(id) = outlet_id
        && let Some(same) = versions::id_by_outlet_hash(&mut conn, id, &analysis.body_hash).await?
    {
        let v = versions::by_id(&mut conn, same)
            .await?
            .expect("id just found");
        return existing(
            &mut conn,
            v,
            "the same text from the same outlet is already registered",
        )
        .await;
    }
    if stub_to_fill.is_none()
        && let Some(id) = outlet_id
    {
        stub_to_fill = find_stub(&mut conn, id, &analysis).await?;
    }

    let found = claims::extract(&doc.body)
        .into_iter()
        .chain(claims::from_page_refs(&doc.page_refs, doc.url.as_deref()))
        .collect::<Vec<_>>();
    let meta = Meta {
        title: &title,
        author: doc.author.as_deref(),
        published,
        stored: false,
        claims_derived: found.iter().any(Claim::points_to_source),
    };
    let (candidates, idf) = candidates(&mut conn, &analysis, stub_to_fill.as_ref()).await?;
    let mut planned = match_candidates(&mut conn, &meta, &analysis, &candidates, &idf).await?;
    plan_claim_links(&mut conn, &found, &analysis, &mut planned).await?;

    let mut tx = store.begin().await?;
    let now = store::now();
    let domain = doc.url.as_deref().and_then(domain_of);
    let outlet_id = outlets::get_or_create(&mut tx, &outlet, domain.as_deref(), &now).await?;
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
            versions::fill_stub(&mut tx, stub.version_id, &row).await?;
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
            let work_id = versions::new_work(&mut tx, &now).await?;
            let id = versions::insert(&mut tx, &NewVersion { work_id, ..row }).await?;
            (id, work_id, None)
        }
    };
    index::insert_keys(&mut tx, version_id, &analysis.keys).await?;
    index::insert_anchors(&mut tx, version_id, &analysis.anchors).await?;
    index::count_outlet_lines(&mut tx, outlet_id, &boilerplate::candidate_lines(&doc.body)).await?;

    let mut summaries = Vec::new();
    for plan in planned {
        let other = match plan.other {
            Target::Existing(v) => v,
            Target::NewStub(spec) => create_stub(&mut tx, spec, work_id, &now).await?,
        };
        if plan.status == Status::Accepted && other.work_id != work_id {
            // The smaller work id survives, so a piece keeps the id it was first given.
            let (into, from) = (other.work_id.min(work_id), other.work_id.max(work_id));
            versions::merge_works(&mut tx, into, from).await?;
            work_id = into;
        }
        let (source_id, derived_id) = if plan.other_is_source {
            (other.version_id, version_id)
        } else {
            (version_id, other.version_id)
        };
        let link = NewLink {
            source_id,
            derived_id,
            relation: plan.relation,
            method: plan.method,
            confidence: plan.confidence,
            status: plan.status,
            evidence: plan.evidence,
        };
        match links::between(&mut tx, version_id, other.version_id).await? {
            // A filled stub keeps its claim links; a person's decision is never overwritten.
            Some(old) if old.method == Method::Manual || old.method == Method::Claim => continue,
            Some(old) => links::update(&mut tx, old.link_id, &link).await?,
            None => {
                links::insert(&mut tx, &link, &now).await?;
            }
        }
        summaries.push(LinkSummary {
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
            outlet: other.outlet.clone(),
            title: other.title.clone(),
            stub: other.stub,
        });
    }
    for claim in &found {
        let target = summaries
            .iter()
            .find(|s| s.method == Method::Claim && s.role == "source")
            .map(|s| s.version_id);
        sclaims::insert(
            &mut tx,
            &sclaims::NewClaim {
                version_id,
                kind: claim.kind,
                outlet_name: claim.outlet.as_deref(),
                outlet_id: None,
                language: claim.language.as_deref(),
                title: claim.title.as_deref(),
                url: claim.url.as_deref(),
                sentence: &claim.sentence,
                target_version_id: target.filter(|_| claim.points_to_source()),
            },
        )
        .await?;
    }
    tx.commit().await?;

    let version = versions::by_id(&mut conn, version_id)
        .await?
        .expect("just written");
    Ok(Registered {
        version,
        links: summaries,
        existing: false,
        note,
        claims: found,
    })
}

async fn existing(conn: &mut Conn, version: Version, why: &str) -> Result<Registered> {
    let links = links::touching(conn, &[version.version_id]).await?;
    let others = versions::by_ids(
        conn,
        &links
            .iter()
            .map(|l| l.other(version.version_id))
            .collect::<Vec<_>>(),
    )
    .await?;
    let summaries = links
        .iter()
        .zip(&others)
        .map(|(l, o)| LinkSummary {
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
        .collect();
    Ok(Registered {
        version,
        links: summaries,
        existing: true,
        note: Some(why.to_string()),
        claims: Vec::new(),
    })
}

/// A stub of this outlet that the new text fills: same language (or unknown) and the title the
/// claim gave, or the only stub of that language when the claim gave no title.
async fn find_stub(
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

/// Candidates from both indexes, with their texts, and the anchors' weights.
async fn candidates(
    conn: &mut Conn,
    analysis: &Analysis,
    exclude: Option<&Version>,
) -> Result<(Vec<CandidateText>, Idf)> {
    let min_shared = if analysis.keys.len() >= 6 { 2 } else { 1 };
    let mut ids: Vec<i64> = index::shingle_candidates(
        conn,
        &analysis.keys,
        min_shared,
        MAX_KEY_POSTINGS,
        SHINGLE_CANDIDATES,
    )
    .await?
    .into_iter()
    .map(|(id, _)| id)
    .collect();
    let total = versions::count(conn).await?;
    let df = index::anchor_df(conn, &analysis.anchors).await?;
    let idf = Idf::from_counts(&df, total);
    // Only anchors rare in the store are followed: common ones match everything.
    let rare: Vec<String> = df
        .iter()
        .filter(|(_, n)| *n > 0 && (*n as f64) <= (total as f64 * 0.02).max(20.0))
        .map(|(k, _)| k.clone())
        .collect();
    if !rare.is_empty() {
        let mut score: HashMap<i64, f64> = HashMap::new();
        for (id, key) in index::anchor_postings(conn, &rare).await? {
            *score.entry(id).or_default() += idf.weight(&key);
        }
        let mut ranked: Vec<(i64, f64)> = score.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ids.extend(ranked.into_iter().take(ANCHOR_CANDIDATES).map(|(id, _)| id));
    }
    ids.sort_unstable();
    ids.dedup();
    if let Some(stub) = exclude {
        ids.retain(|&id| id != stub.version_id);
    }
    Ok((versions::candidate_texts(conn, &ids).await?, idf))
}

/// Runs the matcher on every candidate; keeps what it links.
async fn match_candidates(
    conn: &mut Conn,
    meta: &Meta<'_>,
    analysis: &Analysis,
    candidates: &[CandidateText],
    idf: &Idf,
) -> Result<Vec<PlannedLink>> {
    let with_claims: HashSet<i64> = sclaims::of_versions(
        conn,
        &candidates
            .iter()
            .map(|c| c.version.version_id)
            .collect::<Vec<_>>(),
    )
    .await?
    .into_iter()
    .map(|c| c.version_id)
    .collect();
    let mut learned: HashMap<i64, HashSet<u64>> = HashMap::new();
    let new_side = Side {
        meta: meta.clone(),
        analysis,
    };
    let mut planned = Vec::new();
    for cand in candidates {
        if let std::collections::hash_map::Entry::Vacant(slot) = learned.entry(cand.outlet_id) {
            slot.insert(
                index::outlet_boilerplate(conn, cand.outlet_id, boilerplate::LEARNED_MIN_VERSIONS)
                    .await?,
            );
        }
        let v = &cand.version;
        let title = v.title.clone().unwrap_or_default();
        let their = text::analyze(
            &title,
            &cand.body,
            v.language.as_deref(),
            &learned[&cand.outlet_id],
        );
        let side = Side {
            meta: Meta {
                title: &title,
                author: v.author.as_deref(),
                published: v.published_at.as_deref().and_then(|d| parse_date(d).ok()),
                stored: true,
                claims_derived: with_claims.contains(&v.version_id),
            },
            analysis: &their,
        };
        if let Some(Decision {
            relation,
            a_is_source,
            confidence,
            status,
            evidence,
        }) = matching::decide(&new_side, &side, idf)
        {
            planned.push(PlannedLink {
                other: Target::Existing(v.clone()),
                other_is_source: !a_is_source,
                relation,
                method: Method::Match,
                confidence,
                status,
                evidence,
            });
        }
    }
    Ok(planned)
}

/// Turns what the text claims about its source into links: to the version the claim names when
/// the store has it (upgrading a matcher link to the same version), else to a new stub.
async fn plan_claim_links(
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

async fn create_stub(conn: &mut Conn, spec: StubSpec, work_id: i64, now: &str) -> Result<Version> {
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
