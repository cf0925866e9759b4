//! Printing results: one printer per output format (people on a terminal, JSON Lines for scripts).

pub mod human;
pub mod json;

use std::io::IsTerminal;

/// When to use colors and bold text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether styling is on for stdout: `always`; or `auto` on a terminal, unless `NO_COLOR` is set (to anything
    /// but the empty string; no-color.org: an explicit `--color always` still wins) or `TERM` is `dumb`.
    pub fn enabled_for_stdout(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => auto_allows_color() && std::io::stdout().is_terminal(),
        }
    }
}

/// What the environment says for `--color auto`: no `NO_COLOR` (non-empty), no `TERM=dumb`.
fn auto_allows_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    !no_color && !dumb
}
