//! The `provtrack` command: argument parsing and rendering live in `cli`; everything else is the
//! library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
