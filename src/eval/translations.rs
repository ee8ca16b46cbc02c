//! Cross-language evaluation on a labeled JSONL file (see `provtrack eval translations --help`).

use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labeled documents: one JSON object per line with `id`, `group`, `lang`, `text`.
    pub file: std::path::PathBuf,
}

pub async fn run(args: Args) -> Result<()> {
    println!(
        "translation evaluation of {} is not built yet",
        args.file.display()
    );
    Ok(())
}
