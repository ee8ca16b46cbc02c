//! `provtrack add`: register one version.

use super::Ctx;
use anyhow::{Context, Result};
use clap::Args;
use provtrack::ingest::{self, parse_date};
use provtrack::{Error, output, register};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct AddArgs {
    /// The file to register: plain UTF-8 text (title on the first line) or an HTML page; - reads stdin.
    path: PathBuf,
    /// The outlet that published this version.
    #[arg(long)]
    outlet: Option<String>,
    /// Where this version was published.
    #[arg(long)]
    url: Option<String>,
    /// Publication date: YYYY-MM-DD or RFC 3339.
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Title (default: the page's title, or the first non-empty line).
    #[arg(long)]
    title: Option<String>,
    /// Its author.
    #[arg(long)]
    author: Option<String>,
    /// Language (ISO 639-1), when detection should not decide.
    #[arg(long = "lang", value_name = "CODE")]
    language: Option<String>,
}

pub async fn run(ctx: &Ctx, args: AddArgs) -> Result<ExitCode> {
    let name = args.path.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        buf
    } else {
        std::fs::read(&args.path).map_err(Error::unreadable(&args.path))?
    };
    let mut doc = ingest::read_document(&bytes, &name).map_err(|e| in_file(&name, e))?;
    // What the user says wins over what the page says.
    if let Some(d) = &args.published {
        doc.published_at = Some(
            parse_date(d)
                .map_err(|e| Error::bad(format!("--published: {e}")))?
                .to_stored(),
        );
    }
    doc.outlet = args.outlet.or(doc.outlet);
    doc.url = args.url.or(doc.url);
    doc.title = args.title.or(doc.title);
    doc.author = args.author.or(doc.author);
    doc.language = args.language.or(doc.language);
    if doc.outlet.is_none() {
        return Err(Error::bad(format!(
            "{name}: --outlet is required (which outlet published this version?)"
        ))
        .into());
    }
    let registered = register::register(&ctx.store, doc)
        .await
        .map_err(|e| in_file(&name, e))?;
    ctx.print(&registered, output::registered);
    Ok(ExitCode::SUCCESS)
}

/// Names the input in an input error.
fn in_file(name: &str, e: Error) -> Error {
    match e {
        Error::BadInput(msg) => Error::BadInput(format!("{name}: {msg}")),
        other => other,
    }
}
