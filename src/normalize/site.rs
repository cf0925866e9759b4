//! What a site repeats: lines that stand in many of the saved pages of one folder (a menu item, a sign-up prompt, a
//! footer line no rule knows, in any language) are the site's, not any article's. Built from the texts of a folder's
//! files by the caller (ingest or inspect, which read the files); normalization drops those lines from a text it
//! reads as a saved page.

use std::collections::{HashMap, HashSet};

/// A folder needs at least this many texts for its repeated lines to mean anything.
pub const MIN_TEXTS: usize = 4;
/// A line is the site's when at least this many texts hold it...
const MIN_REPEATS: usize = 3;
/// ... and at least this share of the folder's texts.
const MIN_SHARE: f64 = 0.3;
/// Lines longer than this many words are the article's even when they repeat (a wire story saved twice).
const MAX_WORDS: usize = 25;

/// The lines a folder's texts repeat, by [`line_key`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteLines {
    repeated: HashSet<u64>,
}

/// A line's identity for counting: its letters and digits, lower-cased (so spacing, punctuation and the
/// normalization of spaces and quotes do not matter).
pub fn line_key(line: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in line
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
    {
        c.hash(&mut h);
    }
    h.finish()
}

impl SiteLines {
    /// The lines repeated across `texts` (the decoded files of one folder); `None` when there are too few texts.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<SiteLines> {
        let mut counts: HashMap<u64, usize> = HashMap::new();
        let mut n = 0;
        for text in texts {
            n += 1;
            let keys: HashSet<u64> = text
                .lines()
                .map(str::trim)
                .filter(|l| {
                    !l.is_empty() && l.split_whitespace().count() <= MAX_WORDS && l.chars().any(char::is_alphabetic)
                })
                .map(line_key)
                .collect();
            for k in keys {
                *counts.entry(k).or_default() += 1;
            }
        }
        if n < MIN_TEXTS {
            return None;
        }
        let needed = MIN_REPEATS.max((MIN_SHARE * n as f64).ceil() as usize);
        let repeated: HashSet<u64> = counts
            .into_iter()
            .filter(|(_, c)| *c >= needed)
            .map(|(k, _)| k)
            .collect();
        Some(SiteLines { repeated })
    }

    /// Is this line one the site repeats?
    pub fn is_repeated(&self, line: &str) -> bool {
        line.split_whitespace().count() <= MAX_WORDS && self.repeated.contains(&line_key(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_many_pages_are_the_sites() {
        let pages = [
            "Daily Planet\nMetro\nHarbour reopens after the storm\nThe harbour reopened on Tuesday.\nBecome a Planet Insider today",
            "Daily Planet\nMetro\nCouncil votes on budget\nThe council voted on Monday.\nBecome a Planet Insider today",
            "Daily Planet\nSport\nLocal team wins cup\nThe team won the cup on Sunday.\nBecome a Planet Insider  today!",
            "Daily Planet\nMetro\nNew library opens\nThe library opened on Friday.\nBecome a Planet Insider today",
        ];
        let site = SiteLines::from_texts(pages).expect("enough pages");
        assert!(site.is_repeated("Daily Planet"));
        assert!(site.is_repeated("Become a Planet Insider today"));
        assert!(site.is_repeated("Metro"));
        assert!(!site.is_repeated("Sport"));
        assert!(!site.is_repeated("The harbour reopened on Tuesday."));
        assert_eq!(SiteLines::from_texts(pages[..3].iter().copied()), None);
    }
}
