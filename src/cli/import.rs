//! `provtrack import`: register every line of a JSONL feed, each in its own transaction.

use super::Ctx;
use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use provtrack::lineage::{self, build};
use provtrack::output::{self, Format};
use provtrack::{Error, ingest, register};
use serde::Serialize;
use std::io::{BufRead, BufReader, ErrorKind, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct ImportArgs {
    /// A JSONL file: one object per line with `text` and `outlet` (required), `url`, `title`,
    /// `published_at`, `author`, `language`; - reads standard input.
    path: PathBuf,
    /// Afterwards, print the lineage of every work the import touched.
    #[arg(long)]
    lineage: bool,
    /// Versions per transaction (for tests: small batches cross batch boundaries).
    #[arg(long, hide = true, default_value_t = register::BATCH)]
    batch: usize,
}

#[derive(Serialize, Default)]
struct Summary {
    added: usize,
    already_known: usize,
    rejected: usize,
    links: usize,
    errors: Vec<LineError>,
    works: Vec<i64>,
}

#[derive(Serialize)]
struct LineError {
    line: usize,
    message: String,
}

pub async fn run(ctx: &Ctx, args: ImportArgs) -> Result<ExitCode> {
    let name = args.path.display().to_string();
    let reader: Box<dyn Read + Send> = if name == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(open_feed(&args.path)?)
    };
    // Counting reads the file once more: only for a bar someone sees.
    let total = if name == "-" || !std::io::stderr().is_terminal() {
        0
    } else {
        count_lines(&args.path)
    };
    let bar = if total > 50 {
        ProgressBar::new(total as u64).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} versions, {per_sec}, eta {eta}")
                .expect("template"),
        )
    } else {
        ProgressBar::hidden()
    };
    let mut summary = Summary::default();
    // Lines are read, parsed and analyzed on other threads, ahead of the registering one.
    let path = args.path.clone();
    let lines = BufReader::new(reader)
        .lines()
        .enumerate()
        .scan(false, move |failed, (i, line)| {
            if *failed {
                return None;
            }
            let doc = match line {
                Ok(l) if l.trim().is_empty() => None,
                Ok(l) => Some(ingest::parse_feed_line(&l).map_err(Error::BadInput)),
                // Not UTF-8: this line is rejected, the next one read.
                Err(e) if e.kind() == ErrorKind::InvalidData => {
                    Some(Err(Error::bad(format!("unreadable line: {e}"))))
                }
                // Any other failure would repeat on every read: the import ends with it.
                Err(e) => {
                    *failed = true;
                    Some(Err(Error::BadLine {
                        path: path.clone(),
                        line: i + 1,
                        message: e.to_string(),
                    }))
                }
            };
            Some((i + 1, doc))
        })
        .filter_map(|(n, doc)| Some((n, doc?)));
    let mut fatal = None;
    let mut versions = Vec::new();
    register::Bulk::new(&ctx.store)
        .batch_size(args.batch)
        .register_all(lines, |n, r| {
            bar.inc(1);
            match r {
                Ok(r) => {
                    if r.existing {
                        summary.already_known += 1;
                    } else {
                        summary.added += 1;
                        summary.links += r.links.len();
                    }
                    versions.push((r.version.version_id, r.version.work_id));
                }
                Err(Error::BadInput(msg)) => reject(&mut summary, &bar, &name, n, msg),
                Err(e) => {
                    fatal.get_or_insert((n, e));
                }
            }
        })
        .await
        .with_context(|| format!("{name}: registering"))?;
    if let Some((n, e)) = fatal {
        return match e {
            // A failed read names its file and line already.
            Error::BadLine { .. } => Err(e.into()),
            _ => Err(e).with_context(|| format!("{name}:{n}")),
        };
    }
    bar.finish_and_clear();
    // Works may have merged since a line was registered: report the ones its versions are in now.
    let mut conn = ctx.store.conn().await?;
    summary.works = provtrack::store::versions::works_now(&mut conn, &versions).await?;
    match ctx.format {
        Format::Table => {
            println!(
                "{}: {} added, {} already known, {} rejected, {} links made",
                name, summary.added, summary.already_known, summary.rejected, summary.links
            );
            if args.lineage {
                for &w in &summary.works {
                    let work = lineage::load_work(&mut conn, w).await?;
                    let tree = build(&work);
                    print!("\n{}", output::lineage_tree(&work, &tree, -1));
                }
            }
        }
        _ => print!("{}", output::json(&summary)),
    }
    Ok(if summary.rejected > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn reject(summary: &mut Summary, bar: &ProgressBar, name: &str, line: usize, message: String) {
    bar.suspend(|| eprintln!("provtrack: {name}:{line}: {message} (line skipped)"));
    summary.rejected += 1;
    summary.errors.push(LineError { line, message });
}

/// The feed at `path`; a directory is refused here, where reading it would fail on every line.
fn open_feed(path: &Path) -> Result<std::fs::File, Error> {
    let file = std::fs::File::open(path).map_err(Error::unreadable(path))?;
    match file.metadata() {
        Ok(m) if m.is_dir() => Err(Error::unreadable(path)(ErrorKind::IsADirectory.into())),
        _ => Ok(file),
    }
}

fn count_lines(path: &Path) -> usize {
    std::fs::File::open(path)
        .map(|f| BufReader::new(f).split(b'\n').map_while(|l| l.ok()).count())
        .unwrap_or(0)
}
