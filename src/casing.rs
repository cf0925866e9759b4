//! Changing the case of names: title case for names written in capitals ("NEW YORK" -> "New York", "O'NEILL" ->
//! "O'Neill"), and a capital first letter (headline-cased training copies). A leaf module, shared by
//! normalization (datelines) and extraction (canonical names, training).

/// Every word with a capital first letter and the rest in lower case; a letter after `-`, `'` or `.` is a capital
/// too ("NEW YORK" -> "New York", "ST. LOUIS" -> "St. Louis", "jean-luc o'neill" -> "Jean-Luc O'Neill"). Runs of
/// spaces become one.
pub fn title_case(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut out = String::with_capacity(w.len());
            let mut start = true;
            for ch in w.chars() {
                if start {
                    out.extend(ch.to_uppercase());
                } else {
                    out.extend(ch.to_lowercase());
                }
                start = matches!(ch, '-' | '\'' | '’' | '.');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The word with its first letter in capitals and the rest as it was ("iphone" -> "Iphone", "eBay" -> "EBay").
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(title_case("NEW YORK"), "New York");
        assert_eq!(title_case("ST. LOUIS"), "St. Louis");
        assert_eq!(title_case("jean-luc  o'neill"), "Jean-Luc O'Neill");
        assert_eq!(capitalize("putin"), "Putin");
        assert_eq!(capitalize("eBay"), "EBay");
        assert_eq!(capitalize(""), "");
    }
}
