//! Printing results: one printer per output format (people on a terminal, JSON Lines for scripts).

pub mod human;
pub mod json;

use std::io::IsTerminal;

/// When to use colors and bold text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether styling is on for stdout: `always`, or `auto` on a terminal without `NO_COLOR`.
    pub fn enabled_for_stdout(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        }
    }
}
