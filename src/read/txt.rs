//! Plain-text articles: every non-empty line is a block; the file carries no metadata of its own
//! (title, date and byline are inferred later by `normalize::meta`).

use super::{RawArticle, text_blocks};

/// Read decoded plain text.
pub fn read(text: &str) -> RawArticle {
    RawArticle {
        blocks: text_blocks(text),
        ..RawArticle::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks() {
        let raw = read("Headline here\n\n  First paragraph.  \nSecond.\n\n\n");
        assert_eq!(raw.blocks, vec!["Headline here", "First paragraph.", "Second."]);
        assert_eq!(raw.title, None);
    }
}
