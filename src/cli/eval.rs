//! `provtrack eval`: measure the matcher on labeled sets (each evaluation owns its arguments).

use anyhow::Result;
use clap::Subcommand;
use provtrack::eval;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Same-language republications, excerpts and hard negatives, generated from fixtures.
    Republications(eval::republications::Args),
    /// Cross-language translations from a labeled JSONL file.
    Translations(eval::translations::Args),
}

pub async fn run(cmd: EvalCommand) -> Result<ExitCode> {
    match cmd {
        EvalCommand::Republications(a) => eval::republications::run(a).await?,
        EvalCommand::Translations(a) => eval::translations::run(a).await?,
    }
    Ok(ExitCode::SUCCESS)
}
