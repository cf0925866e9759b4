//! The `newsdex` binary: parse arguments, run the command, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = newsdex::cli::Cli::parse();
    let code = match newsdex::cli::run(cli) {
        Ok(code) => code,
        // Whoever read our output has stopped reading (`| head -1`): nothing is wrong, and nothing to say.
        Err(e) if e.is_closed_pipe() => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
