//! Command-line definitions (clap derive) and dispatch. Each command parses, calls the core,
//! renders; exit codes: 0 success, 1 nothing matched the REF (or link id), 2 bad usage or bad input,
//! 3 the store or the file system failed.

mod add;
mod eval;
mod import;
mod query;
mod review;

use anyhow::Result;
use clap::{Parser, Subcommand};
use provtrack::Error;
use provtrack::output::{self, Format};
use provtrack::store::{self, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "provtrack",
    version,
    about = "Track where news articles come from as they are republished and translated."
)]
pub struct Cli {
    /// The store (an SQLite file, created by the first `add` or `import`).
    #[arg(long, global = true, env = "PROVTRACK_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// Output format of commands that print data.
    #[arg(long, global = true, value_enum, default_value = "table")]
    format: Format,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Register one version (a text file, an HTML page, or - for standard input).
    Add(add::AddArgs),
    /// Register many versions from a JSONL feed (or - for standard input).
    Import(import::ImportArgs),
    /// Show one version.
    Show {
        /// A version: its id (12 or #12), its URL, or words of its title.
        reference: String,
    },
    /// Where and when a piece was first published, and the chain that leads there.
    Origin {
        /// A version: its id (12 or #12), its URL, or words of its title.
        reference: String,
    },
    /// Every other version of the same piece: republications, excerpts and translations.
    Crossposts {
        /// A version: its id (12 or #12), its URL, or words of its title.
        reference: String,
    },
    /// The whole piece as a tree from its origin down.
    Lineage {
        /// A version: its id (12 or #12), its URL, or words of its title.
        reference: String,
    },
    /// What a version's text says about its own provenance.
    Claims {
        /// A version: its id (12 or #12), its URL, or words of its title.
        reference: String,
    },
    /// Why two versions are, or are not, linked.
    Explain {
        /// A version (id, URL or words of its title).
        first: String,
        /// Another version.
        second: String,
    },
    /// Full-text search over titles and bodies.
    Search {
        /// Words to find (all of them, in any order; quoting is not needed).
        #[arg(required = true, num_args = 1..)]
        words: Vec<String>,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Every outlet with its aliases and number of versions.
    Outlets,
    /// The whole store, one JSON object per line (use --format jsonl).
    Export,
    /// Confirm, reject or add a link by hand.
    #[command(subcommand)]
    Link(review::LinkCommand),
    /// Measure the matcher on labeled data (precision, recall, F1).
    #[command(subcommand)]
    Eval(eval::EvalCommand),
}

pub struct Ctx {
    pub store: Store,
    pub format: Format,
}

impl Ctx {
    /// Prints a result as a table (or tree) or as JSON.
    pub fn print<T: serde::Serialize>(&self, value: &T, table: impl FnOnce(&T) -> String) {
        match self.format {
            Format::Table => print!("{}", table(value)),
            Format::Json | Format::Jsonl => print!("{}", output::json(value)),
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Bulk registration writes a batch on another thread while it decides the next; a single
    // command starts faster on one thread.
    let mut builder = if matches!(cli.command, Command::Import(_) | Command::Eval(_)) {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(2);
        b
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = builder.enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("provtrack: {err:#}");
            ExitCode::from(exit_code(&err))
        }
    }
}

fn exit_code(err: &anyhow::Error) -> u8 {
    // The library's error, under whatever context the CLI added to it.
    match err.chain().find_map(|e| e.downcast_ref::<Error>()) {
        Some(Error::NotFound(_) | Error::NoLink(_)) => 1,
        Some(
            Error::BadInput(_)
            | Error::BadLine { .. }
            | Error::Ambiguous { .. }
            | Error::Unreadable { .. },
        ) => 2,
        _ => 3,
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    // Evaluations build their own temporary stores.
    if let Command::Eval(cmd) = cli.command {
        return eval::run(cmd).await;
    }
    let path = cli.db.unwrap_or_else(store::default_path);
    // Only registering creates a store: a read of a mistyped path would otherwise create an
    // empty one there and answer that nothing matches.
    if !matches!(cli.command, Command::Add(_) | Command::Import(_)) && !path.exists() {
        return Err(Error::bad(format!(
            "no store at {}: `add` or `import` creates one; --db or PROVTRACK_DB names another",
            path.display()
        ))
        .into());
    }
    let store = Store::open(&path).await.map_err(|e| {
        anyhow::anyhow!(e).context(format!("cannot open the store at {}", path.display()))
    })?;
    let ctx = Ctx {
        store,
        format: cli.format,
    };
    let result = match cli.command {
        Command::Add(args) => add::run(&ctx, args).await,
        Command::Import(args) => import::run(&ctx, args).await,
        Command::Show { reference } => query::show(&ctx, &reference).await,
        Command::Origin { reference } => query::origin(&ctx, &reference).await,
        Command::Crossposts { reference } => query::crossposts(&ctx, &reference).await,
        Command::Lineage { reference } => query::lineage(&ctx, &reference).await,
        Command::Claims { reference } => query::claims(&ctx, &reference).await,
        Command::Explain { first, second } => query::explain(&ctx, &first, &second).await,
        Command::Search { words, limit } => query::search(&ctx, &words.join(" "), limit).await,
        Command::Outlets => query::outlets(&ctx).await,
        Command::Export => query::export(&ctx).await,
        Command::Link(cmd) => review::run(&ctx, cmd).await,
        Command::Eval(_) => unreachable!("handled before the store opens"),
    };
    // Looked at by reference: taking the error out of the chain would drop the context the
    // command gave it (the file and line of a failed read, say).
    let result = match &result {
        Err(e) => match e.downcast_ref::<Error>() {
            Some(Error::Ambiguous { query, candidates }) => {
                eprintln!(
                    "provtrack: {query:?} matches {} versions; name one by id or URL:",
                    candidates.len()
                );
                eprint!("{}", output::versions(candidates));
                Ok(ExitCode::from(2))
            }
            _ => result,
        },
        Ok(_) => result,
    };
    ctx.store.close().await;
    result
}
