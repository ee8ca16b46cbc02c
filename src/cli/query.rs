//! Read commands: show, origin, crossposts, lineage, claims, explain, search, outlets, export.

use super::Ctx;
use anyhow::Result;
use provtrack::lineage::{self, build};
use provtrack::model::Version;
use provtrack::output::{self, Format};
use provtrack::store::{claims, links, outlets, versions};
use provtrack::{Error, explain as why, refs};
use serde_json::json;
use std::process::ExitCode;

pub async fn show(ctx: &Ctx, reference: &str) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let v = refs::resolve(&mut conn, reference).await?;
    let claims = claims::of_versions(&mut conn, &[v.version_id]).await?;
    match ctx.format {
        Format::Table => print!("{}", output::show(&v, &claims)),
        _ => print!(
            "{}",
            output::json(&json!({ "version": v, "claims": claims }))
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn origin(ctx: &Ctx, reference: &str) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let v = refs::resolve(&mut conn, reference).await?;
    let work = lineage::load_work(&mut conn, v.work_id).await?;
    ctx.print(&lineage::origin(&work, v.version_id), output::origin);
    Ok(ExitCode::SUCCESS)
}

pub async fn crossposts(ctx: &Ctx, reference: &str) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let v = refs::resolve(&mut conn, reference).await?;
    let work = lineage::load_work(&mut conn, v.work_id).await?;
    ctx.print(
        &lineage::crossposts(&work, v.version_id),
        output::crossposts,
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn lineage(ctx: &Ctx, reference: &str) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let v = refs::resolve(&mut conn, reference).await?;
    let work = lineage::load_work(&mut conn, v.work_id).await?;
    let tree = build(&work);
    match ctx.format {
        Format::Table => print!("{}", output::lineage_tree(&work, &tree, v.version_id)),
        _ => {
            let nodes: Vec<_> = tree
                .preorder()
                .into_iter()
                .map(|id| json!({ "depth": tree.depth(id), "node": tree.placed(&work, id) }))
                .collect();
            print!(
                "{}",
                output::json(&json!({
                    "work_id": work.work_id,
                    "origin_version_id": tree.root,
                    "versions": nodes,
                    "links": work.links,
                    "conflicts": tree.conflicts,
                }))
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn claims(ctx: &Ctx, reference: &str) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let v = refs::resolve(&mut conn, reference).await?;
    let found = claims::of_versions(&mut conn, &[v.version_id]).await?;
    match ctx.format {
        Format::Table if found.is_empty() => {
            println!("{} makes no provenance claims.", output::version_line(&v))
        }
        Format::Table => print!(
            "{}\n{}",
            output::version_line(&v),
            output::claims_table(&found)
        ),
        _ => print!(
            "{}",
            output::json(&json!({ "version": v, "claims": found }))
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn explain(ctx: &Ctx, first: &str, second: &str) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let a = refs::resolve(&mut conn, first).await?;
    let b = refs::resolve(&mut conn, second).await?;
    if a.version_id == b.version_id {
        return Err(Error::bad(format!(
            "{first:?} and {second:?} are the same version (#{}): name two",
            a.version_id
        ))
        .into());
    }
    let e = why::explain(&mut conn, a, b).await?;
    ctx.print(&e, |e| {
        let mut out = format!(
            "{}\n{}\n\n",
            output::version_line(&e.first),
            output::version_line(&e.second)
        );
        out += &match &e.link {
            Some(l) => format!(
                "Stored link #{}: #{} → #{} {} ({} {:.2}, {})\nevidence: {}\n",
                l.link_id,
                l.source_id,
                l.derived_id,
                l.relation,
                l.method,
                l.confidence,
                l.status,
                serde_json::to_string_pretty(&l.evidence).unwrap_or_default()
            ),
            None => "No stored link between them.\n".into(),
        };
        out += &format!(
            "\nThe matcher now:\n{}\n",
            serde_json::to_string_pretty(&e.matcher).unwrap_or_default()
        );
        out
    });
    Ok(ExitCode::SUCCESS)
}

pub async fn search(ctx: &Ctx, text: &str, limit: i64) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let started = std::time::Instant::now();
    // Registration leaves the index to the first search after it: say why this one waits. A
    // store this process cannot write (read-only, locked past the busy timeout) is still
    // searched, as far as it is indexed.
    match versions::index_for_search(&mut conn).await {
        Ok(indexed) if started.elapsed().as_secs() >= 1 => {
            eprintln!("provtrack: indexed {indexed} versions registered since the last search")
        }
        Ok(_) => {}
        Err(e) => eprintln!(
            "provtrack: the search index could not be brought up to date ({e}); \
             versions registered since the last search may be missing"
        ),
    }
    // Each word is a quoted FTS5 term, so user punctuation never becomes query syntax.
    let query = text
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ");
    let hits = if query.is_empty() {
        Vec::new()
    } else {
        versions::search(&mut conn, &query, limit).await?
    };
    let found = versions::by_ids(&mut conn, &hits.iter().map(|h| h.0).collect::<Vec<_>>()).await?;
    let rows: Vec<(Version, String)> = found
        .into_iter()
        .zip(hits.into_iter().map(|h| h.1))
        .collect();
    match ctx.format {
        Format::Table => print!("{}", output::search(&rows)),
        _ => {
            let list: Vec<_> = rows
                .iter()
                .map(|(v, s)| json!({ "version": v, "snippet": s }))
                .collect();
            print!(
                "{}",
                output::json(&json!({ "query": text, "results": list }))
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn outlets(ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let list = outlets::all(&mut conn).await?;
    ctx.print(&list, |l| output::outlets(l));
    Ok(ExitCode::SUCCESS)
}

pub async fn export(ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.store.conn().await?;
    let ids = versions::all_ids(&mut conn).await?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    use std::io::Write;
    for chunk in ids.chunks(500) {
        for v in versions::by_ids(&mut conn, chunk).await? {
            let mut obj = serde_json::to_value(&v)?;
            obj["type"] = json!("version");
            writeln!(out, "{obj}")?;
        }
    }
    let mut seen = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        for l in links::touching(&mut conn, chunk).await? {
            if seen.insert(l.link_id) {
                let obj = json!({
                    "type": "link", "link_id": l.link_id, "from": l.source_id, "to": l.derived_id,
                    "relation": l.relation, "method": l.method, "confidence": l.confidence,
                    "status": l.status, "evidence": l.evidence,
                });
                writeln!(out, "{obj}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
