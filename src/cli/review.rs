//! `provtrack link accept|reject|add`: people confirm, reject or add links.

use super::Ctx;
use anyhow::Result;
use clap::Subcommand;
use provtrack::model::{Relation, Status};
use provtrack::{refs, review};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum LinkCommand {
    /// Confirm a link (a proposal becomes a fact; the two versions join one work).
    Accept {
        /// The link's id, not a version's (`crossposts` lists proposed links with theirs).
        link_id: i64,
    },
    /// Reject a link (the matcher will not propose it again; the work may split).
    Reject {
        /// The link's id, not a version's (`crossposts` lists proposed links with theirs).
        link_id: i64,
    },
    /// Link two versions by hand: SOURCE came first, DERIVED was made from it.
    Add {
        /// The version it came from (id, URL or words of its title).
        source: String,
        /// The version made from it.
        derived: String,
        /// translation, republication or excerpt.
        #[arg(long, value_parser = parse_relation)]
        relation: Relation,
    },
}

fn parse_relation(s: &str) -> Result<Relation, String> {
    s.parse()
}

pub async fn run(ctx: &Ctx, cmd: LinkCommand) -> Result<ExitCode> {
    let link = match cmd {
        LinkCommand::Accept { link_id } => {
            review::decide(&ctx.store, link_id, Status::Accepted).await?
        }
        LinkCommand::Reject { link_id } => {
            review::decide(&ctx.store, link_id, Status::Rejected).await?
        }
        LinkCommand::Add {
            source,
            derived,
            relation,
        } => {
            let mut conn = ctx.store.conn().await?;
            let s = refs::resolve(&mut conn, &source).await?;
            let d = refs::resolve(&mut conn, &derived).await?;
            drop(conn);
            review::add(&ctx.store, s.version_id, d.version_id, relation).await?
        }
    };
    ctx.print(&link, |l| {
        let mut out = format!(
            "Link #{}: #{} → #{} {} ({} {:.2}, {})\n",
            l.link_id, l.source_id, l.derived_id, l.relation, l.method, l.confidence, l.status
        );
        // `link add` in place of a link that stood between the two versions.
        if let Some(old) = l.evidence.get("replaced") {
            out += &format!(
                "  replaces #{} → #{} {} ({} {:.2}, {})\n",
                old["source_id"],
                old["derived_id"],
                old["relation"].as_str().unwrap_or("?"),
                old["method"].as_str().unwrap_or("?"),
                old["confidence"].as_f64().unwrap_or(f64::NAN),
                old["status"].as_str().unwrap_or("?")
            );
        }
        out
    });
    Ok(ExitCode::SUCCESS)
}
