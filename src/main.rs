//! The `newsdex` binary: parse arguments, run the command, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = newsdex::cli::Cli::parse();
    let code = match newsdex::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
