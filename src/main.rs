//! The `provtrack` command: argument parsing and rendering live in `cli`; everything else is the
//! library.

mod cli;

fn main() -> std::process::ExitCode {
    end_quietly_on_a_closed_pipe();
    cli::main()
}

/// Rust ignores SIGPIPE, so printing into a pipe whose reader has gone (`provtrack export |
/// head`) panicked with a backtrace. Commands print once their work is stored, so the default
/// action, ending at once as other Unix filters do, loses nothing.
#[cfg(unix)]
fn end_quietly_on_a_closed_pipe() {
    // SAFETY: the first thing the program does, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn end_quietly_on_a_closed_pipe() {}
