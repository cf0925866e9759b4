//! The language an article is written in, as an ISO 639-1 code ("en", "de"), detected from its title and the
//! start of its body with the `whatlang` crate (trigram statistics over 69 languages). When the detector is not
//! confident (short or mixed text) the language is unknown: `None`, never a guess.

use whatlang::Lang;

/// How much of the body is read: enough for a confident answer, bounded so that long articles cost no more.
const SAMPLE_BYTES: usize = 3000;

/// The ISO 639-1 code of a language whatlang knows.
fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

/// The language of an article's text, when the detector is confident of it.
pub fn detect(title: &str, body: &str) -> Option<&'static str> {
    let mut end = body.len().min(SAMPLE_BYTES);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let sample = format!("{title}\n{}", &body[..end]);
    let info = whatlang::detect(&sample)?;
    info.is_reliable().then(|| iso639_1(info.lang()))
}

/// The ISO 639-1 code for a language as a user may type it: a code ("de", "deu"), an English name ("German") or
/// the language's own name ("Deutsch"); `None` when unknown.
pub fn code_for(value: &str) -> Option<&'static str> {
    let v = value.trim().to_lowercase();
    Lang::all().iter().copied().find_map(|lang| {
        let code = iso639_1(lang);
        let matches =
            v == code || v == lang.code() || v == lang.eng_name().to_lowercase() || v == lang.name().to_lowercase();
        matches.then_some(code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_news_languages() {
        let cases = [
            (
                "en",
                "Talks resume",
                "The two leaders met on Friday and said the talks had been useful for both sides.",
            ),
            (
                "de",
                "Gespräche",
                "Die beiden Politiker trafen sich am Freitag und sagten, die Gespräche seien nützlich gewesen.",
            ),
            (
                "es",
                "Conversaciones",
                "Los dos dirigentes se reunieron el viernes y dijeron que las conversaciones fueron útiles.",
            ),
            (
                "fr",
                "Pourparlers",
                "Les deux dirigeants se sont rencontrés vendredi et ont dit que les discussions avaient été utiles.",
            ),
            (
                "pl",
                "Rozmowy",
                "Obaj przywódcy spotkali się w piątek i powiedzieli, że rozmowy były bardzo pożyteczne dla obu stron.",
            ),
        ];
        for (lang, title, body) in cases {
            assert_eq!(detect(title, body), Some(lang), "{body}");
        }
        assert_eq!(detect("", ""), None);
    }

    #[test]
    fn language_names_and_codes_resolve() {
        assert_eq!(code_for("de"), Some("de"));
        assert_eq!(code_for("deu"), Some("de"));
        assert_eq!(code_for("German"), Some("de"));
        assert_eq!(code_for("Deutsch"), Some("de"));
        assert_eq!(code_for("polish"), Some("pl"));
        assert_eq!(code_for("klingon"), None);
    }
}
