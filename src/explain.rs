//! Why two stored versions are, or are not, linked: the stored link and what the matcher
//! measures on the pair now.

use crate::error::Result;
use crate::ingest::parse_date;
use crate::matching::{self, Meta, Side, translation::Idf};
use crate::model::{Link, Version};
use crate::store::{Conn, anchors, claims, index, links, versions};
use crate::text::{self, Analysis};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Explanation {
    pub first: Version,
    pub second: Version,
    pub link: Option<Link>,
    pub matcher: serde_json::Value,
}

/// Analyzes a stored version the way registration did (its outlet's learned boilerplate out).
pub async fn analyze_stored(conn: &mut Conn, v: &Version) -> Result<Option<Analysis>> {
    let Some(body) = versions::body(conn, v.version_id).await? else {
        return Ok(None);
    };
    let outlet_id = crate::store::outlets::id_by_name(conn, &v.outlet)
        .await?
        .unwrap_or(0);
    let learned = index::outlet_boilerplate(conn, outlet_id).await?;
    let title = v.title.clone().unwrap_or_default();
    Ok(Some(text::analyze(
        &title,
        &body,
        v.language.as_deref(),
        &learned,
    )))
}

pub async fn explain(conn: &mut Conn, a: Version, b: Version) -> Result<Explanation> {
    let link = links::between(conn, a.version_id, b.version_id).await?;
    let (Some(xa), Some(xb)) = (
        analyze_stored(conn, &a).await?,
        analyze_stored(conn, &b).await?,
    ) else {
        let matcher =
            serde_json::json!({ "note": "a stub has no text to compare; only claims link it" });
        return Ok(Explanation {
            first: a,
            second: b,
            link,
            matcher,
        });
    };
    let anchors: Vec<&str> = xa
        .anchors
        .iter()
        .chain(xb.anchors.iter())
        .map(String::as_str)
        .collect();
    let counts = anchors::anchor_df(conn, &anchors).await?;
    let idf = Idf::from_counts(
        anchors.into_iter().zip(counts),
        versions::count(conn).await?,
    );
    let with_claims = claims::of_versions(conn, &[a.version_id, b.version_id]).await?;
    let meta = |v: &Version| Meta {
        author: None,
        published: v.published_at.as_deref().and_then(|d| parse_date(d).ok()),
        stored: true,
        claims_derived: with_claims.iter().any(|c| c.version_id == v.version_id),
    };
    let matcher = matching::explain(
        &Side {
            meta: meta(&a),
            analysis: &xa,
        },
        &Side {
            meta: meta(&b),
            analysis: &xb,
        },
        &idf,
    );
    Ok(Explanation {
        first: a,
        second: b,
        link,
        matcher,
    })
}
