//! The matching form of Arabic text.
//!
//! Matching folds away what Arabic writers vary freely and what scrapers
//! inject: diacritics (harakat, shadda, tanween, superscript alef), tatweel,
//! hamza carriers and alef variants, taa marbuta, alef maqsura, Persian and
//! Urdu letter shapes, presentation forms, Arabic-Indic digits, zero-width and
//! bidi controls, and Latin case. Folding works one code point at a time so
//! that every folded character keeps the code-point offset of the character it
//! came from (see [`super::tokens`]).

use unicode_normalization::UnicodeNormalization;

/// True for the combining marks Arabic text carries on its letters.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}')
}

/// True for characters that carry no text: tatweel, zero-width and
/// bidirectional controls, soft hyphen, byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0640}'
        | '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// `c.is_alphanumeric()`, answered without Unicode tables for ASCII and the
/// Arabic letters that make up nearly all of the text.
#[inline]
pub(super) fn is_word_char(c: char) -> bool {
    match c {
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        c if c.is_ascii() => c.is_ascii_alphanumeric(),
        c => c.is_alphanumeric(),
    }
}

/// Folds one character into its matching form, pushing zero or more
/// characters to `out`.
///
/// ```
/// let mut s = String::new();
/// for c in "أُذربيجانـيّة".chars() { isnad::text::fold_char(c, &mut |f| s.push(f)); }
/// assert_eq!(s, "اذربيجانيه");
/// ```
#[inline]
pub fn fold_char(c: char, out: &mut impl FnMut(char)) {
    // Most characters of Arabic news fold to themselves: the letters other
    // than the alef, yaa, waw and taa forms, the space, lower-case ASCII.
    if matches!(c, 'ء' | 'ا' | 'ب' | '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | 'ي' | ' ' | 'a'..='z' | '0'..='9')
    {
        out(c);
        return;
    }
    fold_other(c, out);
}

/// [`fold_char`] for the characters that may change.
fn fold_other(c: char, out: &mut impl FnMut(char)) {
    if is_arabic_mark(c) || is_invisible(c) {
        return;
    }
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        'ى' | 'ی' | 'ې' | 'ئ' | 'ے' => 'ي',
        'ة' | 'ۃ' | 'ۀ' | 'ہ' | 'ھ' | 'ە' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
            // Presentation forms: decompose, then fold what they stand for.
            for d in std::iter::once(c).nfkc() {
                if d != c {
                    fold_char(d, out);
                } else {
                    out(d);
                }
            }
            return;
        }
        // No case to fold in ASCII's lower half or the Arabic block.
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c @ '\u{0600}'..='\u{06FF}' => c,
        c if c.is_uppercase() => {
            for l in c.to_lowercase() {
                out(l);
            }
            return;
        }
        c => c,
    };
    out(folded);
}

/// The matching form of a whole string.
///
/// ```
/// assert_eq!(isnad::text::fold("قُتِلا"), "قتلا");
/// assert_eq!(isnad::text::fold("الحكومة"), "الحكومه");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    // One test per phenomenon of the design card, each on words of the seeds.
    #[test]
    fn the_short_path_folds_as_the_full_one() {
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let (mut short, mut full) = (String::new(), String::new());
            super::fold_char(c, &mut |f| short.push(f));
            super::fold_other(c, &mut |f| full.push(f));
            assert_eq!(short, full, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn alef_variants_fold_to_bare_alef() {
        assert_eq!(fold("أذربيجان"), "اذربيجان");
        assert_eq!(fold("إلهام"), "الهام");
        assert_eq!(fold("الآلاف"), "الالاف");
    }

    #[test]
    fn taa_marbuta_folds_to_haa() {
        assert_eq!(fold("الأذربيجانية"), "الاذربيجانيه");
    }

    #[test]
    fn alef_maqsura_folds_to_yaa() {
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("إلى"), "الي");
    }

    #[test]
    fn tatweel_is_dropped() {
        assert_eq!(fold("بـ"), "ب");
    }

    #[test]
    fn diacritics_are_dropped() {
        assert_eq!(fold("قُتلا"), "قتلا");
        assert_eq!(fold("حصاراً"), "حصارا");
        assert_eq!(fold("حضّت"), "حضت");
        assert_eq!(fold("موقعَين عسكريَين"), "موقعين عسكريين");
    }

    #[test]
    fn hamza_carriers_fold() {
        assert_eq!(fold("الرئيس"), "الرييس");
        assert_eq!(fold("المسؤولين"), "المسوولين");
    }

    #[test]
    fn persian_letters_and_indic_digits_fold() {
        assert_eq!(fold("ی ک"), "ي ك");
        // Persian heh with hamza (ۀ, the ezafe of a taa marbuta), Urdu heh
        // goal, heh doachashmee and yeh barree, Kurdish ae.
        assert_eq!(fold("کمیتۀ"), "كميته");
        assert_eq!(fold("ہ ھ ە ے"), "ه ه ه ي");
        assert_eq!(fold("٤٨٥٠"), "4850");
    }

    #[test]
    fn presentation_forms_and_controls_fold() {
        assert_eq!(fold("\u{FEFB}"), "لا");
        assert_eq!(fold("باشي\u{200D}نيان"), "باشينيان");
        assert_eq!(fold("\u{202B}باكو\u{202C}"), "باكو");
    }

    #[test]
    fn latin_is_lowercased() {
        assert_eq!(fold("Exit NHL"), "exit nhl");
    }
}
