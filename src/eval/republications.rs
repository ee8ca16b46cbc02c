//! Same-language evaluation on generated variants of the team's own articles.

use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(_args: Args) -> Result<()> {
    println!("republication evaluation is not built yet");
    Ok(())
}
