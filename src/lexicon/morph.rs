//! Arabic verb morphology: every written form of a verb from its principal
//! parts, so that a lexicon lists lemmas, not forms.
//!
//! A lemma is given by its perfect and imperfect in the third person
//! masculine singular (قال / يقول), its active participle (قائل), its verbal
//! nouns (قول) and its inflection class. From them [`verb_forms`] writes the
//! perfect and the imperfect in every person, gender and number (indicative,
//! subjunctive and jussive where they differ in writing), each also with
//! every object-pronoun suffix (ووصفته، نفته، تعتبره); [`participle_forms`]
//! the participle's accusative, feminine, dual and plural forms (مضيفا،
//! مضيفة، مضيفين); [`masdar_forms`] the verbal nouns with their possessive
//! suffixes (قولها، نفيهما); and [`passive_forms`] the passive of hollow
//! verbs (قيل، يقال), the one passive that unvocalised text spells apart
//! from the active.
//!
//! Forms are written without short vowels, as news is. Matching folds hamza
//! carriers, alef maqsura and taa marbuta afterwards, so the forms need not
//! choose between spellings that folding joins.

use crate::text::is_arabic_mark;

/// How a verb inflects in writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// Three written radicals throughout (أكد، اتهم، طالب، وصف / يصف).
    Sound,
    /// A long vowel in the middle that shortens before a consonant suffix
    /// (قال / قلت، أفاد / أفدت، يقول / يقلن).
    Hollow,
    /// A doubled last radical that separates before a consonant suffix
    /// (ردّ / رددت، حثّ / حثثت، أقرّ / أقررت).
    Doubled,
    /// A weak last radical: ى or ا in the perfect (نفى، دعا، ادعى), ي، و or ى
    /// in the imperfect (ينفي، يدعو، يرى).
    Defective,
}

impl VerbClass {
    /// Parses a class name of the lexicon.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "sound" => Some(VerbClass::Sound),
            "hollow" => Some(VerbClass::Hollow),
            "doubled" => Some(VerbClass::Doubled),
            "defective" => Some(VerbClass::Defective),
            _ => None,
        }
    }
}

/// Grammatical person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Person {
    /// I, we.
    First,
    /// You.
    Second,
    /// He, she, they.
    Third,
}

/// Grammatical number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Number {
    /// One.
    Singular,
    /// Two.
    Dual,
    /// More.
    Plural,
}

/// One written form of a verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// The form as written, without short vowels.
    pub text: String,
    /// Person of the subject.
    pub person: Person,
    /// Number of the subject.
    pub number: Number,
    /// Whether an object pronoun is attached (ووصفته).
    pub object: bool,
    /// Perfect (past), else imperfect.
    pub perfect: bool,
}

/// The principal parts of a verb.
#[derive(Debug, Clone)]
pub struct Lemma<'a> {
    /// Perfect, third person masculine singular (قال).
    pub perfect: &'a str,
    /// Imperfect, third person masculine singular (يقول).
    pub imperfect: &'a str,
    /// Inflection class.
    pub class: VerbClass,
}

/// Why principal parts cannot be inflected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MorphError {
    /// The imperfect does not start with the third-person prefix ي.
    Imperfect(String),
    /// A defective perfect must end in ى or ا.
    DefectivePerfect(String),
    /// A hollow form needs a long vowel before its last letter.
    Hollow(String),
    /// A form too short to inflect.
    Short(String),
}

impl std::fmt::Display for MorphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MorphError::Imperfect(s) => {
                write!(f, "`{s}` is not a third-person imperfect: it must start with ي (يقول، يؤكد)")
            }
            MorphError::DefectivePerfect(s) => {
                write!(f, "`{s}`: a defective perfect ends in ى or ا (نفى، دعا)")
            }
            MorphError::Hollow(s) => {
                write!(f, "`{s}`: a hollow form has ا، و or ي before its last letter (قال، يقول)")
            }
            MorphError::Short(s) => write!(f, "`{s}` is too short to be a verb form"),
        }
    }
}

/// The object pronouns a verb may carry: him, her, them, the two of them,
/// them (feminine), me, us. (You, ك، كم, are left out: "هنأك" is written
/// as "هناك", there.)
const OBJECTS: [&str; 7] = ["ه", "ها", "هم", "هما", "هن", "ني", "نا"];

/// The letters of a word without short vowels, shadda or tatweel.
pub fn bare(s: &str) -> String {
    s.chars().filter(|&c| !is_arabic_mark(c) && c != '\u{0640}').collect()
}

fn drop_last(s: &str) -> &str {
    match s.char_indices().last() {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn last(s: &str) -> Option<char> {
    s.chars().last()
}

/// A hollow stem shortened: the long vowel before the last letter dropped
/// (قال → قل، يقول → يقل، يفيد → يفد).
fn shorten_hollow(s: &str) -> Result<String, MorphError> {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if n < 2 || !matches!(chars[n - 2], 'ا' | 'و' | 'ي') {
        return Err(MorphError::Hollow(s.to_string()));
    }
    let mut out: String = chars[..n - 2].iter().collect();
    out.push(chars[n - 1]);
    Ok(out)
}

/// Adds an object pronoun to a written form: a plural's silent alef goes
/// (قالوا → قالوه), a final ى or ا of a defective stem is written ا (نفى →
/// نفاه، يرى → يراه).
fn with_object(form: &str, object: &str) -> String {
    if let Some(stem) = form.strip_suffix("وا") {
        return format!("{stem}و{object}");
    }
    if let Some(stem) = form.strip_suffix('ى') {
        return format!("{stem}ا{object}");
    }
    format!("{form}{object}")
}

fn push(out: &mut Vec<VerbForm>, text: String, person: Person, number: Number) {
    push_objects(out, text, person, number, &OBJECTS);
}

fn push_objects(out: &mut Vec<VerbForm>, text: String, person: Person, number: Number, objects: &[&str]) {
    for o in objects {
        out.push(VerbForm { text: with_object(&text, o), person, number, object: true, perfect: false });
    }
    out.push(VerbForm { text, person, number, object: false, perfect: false });
}

/// Whether the perfect with "him" would be written as a common noun: a
/// perfect of four letters with ا second or third (تابع، طالب، أشاد، أضاف)
/// plus ه is the feminine participle or verbal noun once taa marbuta is
/// folded (تابعة، طالبة، إشادة، إضافة).
fn him_is_a_noun(perfect: &str) -> bool {
    let c: Vec<char> = perfect.chars().collect();
    c.len() == 4 && (c[1] == 'ا' || c[2] == 'ا')
}

/// Every finite form of a verb, perfect and imperfect, with and without
/// object pronouns.
pub fn verb_forms(lemma: &Lemma<'_>) -> Result<Vec<VerbForm>, MorphError> {
    use Number::*;
    use Person::*;
    let perfect = bare(lemma.perfect);
    let imperfect = bare(lemma.imperfect);
    if perfect.chars().count() < 2 {
        return Err(MorphError::Short(perfect));
    }
    let Some(stem) = imperfect.strip_prefix('ي') else {
        return Err(MorphError::Imperfect(imperfect));
    };
    if stem.chars().count() < 2 {
        return Err(MorphError::Short(imperfect));
    }
    let mut out = Vec::new();

    // Perfect. `third` takes the vowel suffixes, `short` the consonant ones.
    let (third, short, defective) = match lemma.class {
        VerbClass::Sound => (perfect.clone(), perfect.clone(), None),
        VerbClass::Hollow => (perfect.clone(), shorten_hollow(&perfect)?, None),
        VerbClass::Doubled => {
            let l = last(&perfect).unwrap_or('ا');
            (perfect.clone(), format!("{perfect}{l}"), None)
        }
        VerbClass::Defective => match last(&perfect) {
            Some('ى') | Some('ي') => {
                let base = drop_last(&perfect).to_string();
                (base.clone(), format!("{base}ي"), Some('ي'))
            }
            Some('ا') => {
                let base = drop_last(&perfect).to_string();
                (base.clone(), format!("{base}و"), Some('و'))
            }
            _ => return Err(MorphError::DefectivePerfect(perfect)),
        },
    };
    match defective {
        None => {
            if him_is_a_noun(&perfect) {
                push_objects(&mut out, perfect.clone(), Third, Singular, &OBJECTS[1..]);
            } else {
                push(&mut out, perfect.clone(), Third, Singular);
            }
            push(&mut out, format!("{third}ت"), Third, Singular);
            push(&mut out, format!("{third}وا"), Third, Plural);
            // A dual of three letters or fewer is written as the verbal noun's
            // accusative (ردا على، شكرا، نقلا عن): left out.
            if perfect.chars().count() > 3 || lemma.class == VerbClass::Hollow {
                push(&mut out, format!("{third}ا"), Third, Dual);
            }
            push(&mut out, format!("{third}تا"), Third, Dual);
        }
        Some(w) => {
            push(&mut out, perfect.clone(), Third, Singular);
            push(&mut out, format!("{third}ت"), Third, Singular);
            // The plural first: دعوا is read as plural before dual.
            push(&mut out, format!("{third}وا"), Third, Plural);
            push(&mut out, format!("{third}{w}ا"), Third, Dual);
            push(&mut out, format!("{third}تا"), Third, Dual);
        }
    }
    push(&mut out, format!("{short}ن"), Third, Plural);
    push(&mut out, format!("{short}ت"), First, Singular);
    push(&mut out, format!("{short}تما"), Second, Dual);
    push(&mut out, format!("{short}تم"), Second, Plural);
    push(&mut out, format!("{short}تن"), Second, Plural);
    push(&mut out, format!("{short}نا"), First, Plural);

    for f in &mut out {
        f.perfect = true;
    }

    // Imperfect. `plain` takes no suffix, `before_u` the plural's و and the
    // feminine's ي, `before_a` the dual's alef, `short` the feminine plural's ن.
    let weak_end = last(stem).filter(|_| lemma.class == VerbClass::Defective);
    let plain = stem.to_string();
    let (before_u, before_a, short) = match (lemma.class, weak_end) {
        (VerbClass::Defective, Some('ي')) => (drop_last(stem).to_string(), plain.clone(), plain.clone()),
        (VerbClass::Defective, Some('و')) => (drop_last(stem).to_string(), plain.clone(), plain.clone()),
        (VerbClass::Defective, Some('ى')) => {
            let base = drop_last(stem).to_string();
            (base.clone(), format!("{base}ي"), format!("{base}ي"))
        }
        (VerbClass::Defective, _) => return Err(MorphError::Imperfect(imperfect)),
        (VerbClass::Hollow, _) => (plain.clone(), plain.clone(), shorten_hollow(stem)?),
        (VerbClass::Doubled, _) => {
            let l = last(stem).unwrap_or('ا');
            (plain.clone(), plain.clone(), format!("{stem}{l}"))
        }
        (VerbClass::Sound, _) => (plain.clone(), plain.clone(), plain.clone()),
    };
    // The vowel of the plural ending on a stem in ى is a diphthong: يرون.
    for (prefix, person) in [("ي", Third), ("ت", Third), ("ت", Second), ("أ", First), ("ن", First)] {
        push(&mut out, format!("{prefix}{plain}"), person, if prefix == "ن" { Plural } else { Singular });
        if lemma.class != VerbClass::Defective && lemma.class != VerbClass::Sound {
            // Jussive of hollow and doubled verbs: لم يقل، لم يردد.
            push(&mut out, format!("{prefix}{short}"), person, if prefix == "ن" { Plural } else { Singular });
        }
    }
    for (prefix, person) in [("ي", Third), ("ت", Second)] {
        push(&mut out, format!("{prefix}{before_u}ون"), person, Plural);
        push(&mut out, format!("{prefix}{before_u}وا"), person, Plural);
        push(&mut out, format!("{prefix}{short}ن"), person, Plural);
    }
    for (prefix, person) in [("ي", Third), ("ت", Third), ("ت", Second)] {
        push(&mut out, format!("{prefix}{before_a}ان"), person, Dual);
        push(&mut out, format!("{prefix}{before_a}ا"), person, Dual);
    }
    push(&mut out, format!("ت{before_u}ين"), Second, Singular);
    push(&mut out, format!("ت{before_u}ي"), Second, Singular);
    // One form, first reading kept: يدعون is third plural, not feminine.
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert(f.text.clone()));
    Ok(out)
}

/// The passive of a hollow verb, spelt apart from its active: قيل، يقال
/// (قال)، أفيد، يفاد (أفاد). Other verbs' passives are written as their
/// actives and need no form of their own.
pub fn passive_forms(lemma: &Lemma<'_>) -> Vec<String> {
    if lemma.class != VerbClass::Hollow {
        return Vec::new();
    }
    let perfect = bare(lemma.perfect);
    let imperfect = bare(lemma.imperfect);
    let mut out = Vec::new();
    let chars: Vec<char> = perfect.chars().collect();
    if chars.len() >= 3 && chars[chars.len() - 2] == 'ا' {
        let mut p: String = chars[..chars.len() - 2].iter().collect();
        p.push('ي');
        p.push(chars[chars.len() - 1]);
        out.push(p.clone());
        out.push(format!("{p}ت"));
    }
    let ichars: Vec<char> = imperfect.chars().collect();
    if ichars.len() >= 3 && matches!(ichars[ichars.len() - 2], 'و' | 'ي') {
        let mut i: String = ichars[..ichars.len() - 2].iter().collect();
        i.push('ا');
        i.push(ichars[ichars.len() - 1]);
        out.push(i.clone());
        out.push(format!("ت{}", &i['ي'.len_utf8()..]));
    }
    out
}

/// The forms of an active participle used in news: the accusative of
/// circumstance in each gender and number (مضيفا، مضيفة، مضيفين، مضيفتين)
/// and the sound plurals (المطالبون، المطالبات). `participle` is the
/// masculine singular stem (مضيف; a defective one with its ي: داعي).
pub fn participle_forms(participle: &str) -> Vec<String> {
    let p = bare(participle);
    let short = match p.strip_suffix('ي') {
        // داعي → داعين، داعون
        Some(s) if p.chars().count() > 3 => s.to_string(),
        _ => p.clone(),
    };
    let mut out = vec![
        format!("{p}ا"),
        format!("{p}ة"),
        format!("{p}تين"),
        format!("{p}تان"),
        format!("{p}ات"),
        format!("{p}ان"),
        format!("{short}ين"),
        format!("{short}ون"),
    ];
    out.dedup();
    out
}

/// A verbal noun with its possessive suffixes (قوله، نفيهما، دعوتها).
pub fn masdar_forms(masdar: &str) -> Vec<String> {
    let m = bare(masdar);
    let stem = match m.strip_suffix('ة') {
        Some(s) => format!("{s}ت"),
        None => m.clone(),
    };
    let mut out = vec![m.clone()];
    for o in ["ه", "ها", "هم", "هما", "هن", "نا", "كم"] {
        out.push(format!("{stem}{o}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(perfect: &str, imperfect: &str, class: VerbClass) -> Vec<String> {
        verb_forms(&Lemma { perfect, imperfect, class }).unwrap().into_iter().map(|f| f.text).collect()
    }

    fn has_all(forms: &[String], want: &[&str]) {
        for w in want {
            assert!(forms.iter().any(|f| f == w), "missing {w} in {} forms", forms.len());
        }
    }

    #[test]
    fn a_sound_verb_in_every_person() {
        let f = texts("أكّد", "يؤكد", VerbClass::Sound);
        has_all(
            &f,
            &[
                "أكد",
                "أكدت",
                "أكدتا",
                "أكدوا",
                "أكدن",
                "أكدتم",
                "أكدنا",
                "يؤكد",
                "تؤكد",
                "أؤكد",
                "نؤكد",
                "يؤكدون",
                "يؤكدوا",
                "يؤكدان",
                "تؤكدان",
                "تؤكدين",
                "يؤكدن",
            ],
        );
        // Object pronouns, the plural's alef dropped before them.
        has_all(&f, &["أكده", "أكدته", "أكدوه", "يؤكدونه", "تؤكدها"]);
        assert!(!f.iter().any(|x| x == "أكدواه"));
        // Forms a noun is written as are left out: تابعة، إضافة، ردا، شكرا.
        let f = texts("تابع", "يتابع", VerbClass::Sound);
        assert!(!f.iter().any(|x| x == "تابعه") && f.iter().any(|x| x == "تابعها"));
        let f = texts("أضاف", "يضيف", VerbClass::Hollow);
        assert!(!f.iter().any(|x| x == "أضافه"));
        let f = texts("ردّ", "يردّ", VerbClass::Doubled);
        assert!(!f.iter().any(|x| x == "ردا") && f.iter().any(|x| x == "ردتا"));
    }

    #[test]
    fn hollow_verbs_shorten_before_consonants() {
        let f = texts("قال", "يقول", VerbClass::Hollow);
        has_all(&f, &["قال", "قالت", "قالوا", "قالا", "قالتا", "قلت", "قلنا", "قلن", "يقول", "يقولون", "يقلن", "يقل"]);
        let f = texts("أفاد", "يفيد", VerbClass::Hollow);
        has_all(&f, &["أفادت", "أفدنا", "يفيدون", "تفيد"]);
        let p = passive_forms(&Lemma { perfect: "قال", imperfect: "يقول", class: VerbClass::Hollow });
        assert_eq!(p, ["قيل", "قيلت", "يقال", "تقال"]);
    }

    #[test]
    fn doubled_verbs_separate_before_consonants() {
        let f = texts("ردّ", "يردّ", VerbClass::Doubled);
        has_all(&f, &["رد", "ردت", "ردوا", "رددت", "رددنا", "يرد", "يردون", "يرددن", "يردد"]);
    }

    #[test]
    fn defective_verbs_in_ya_waw_and_alef_maqsura() {
        let f = texts("نفى", "ينفي", VerbClass::Defective);
        has_all(
            &f,
            &["نفى", "نفت", "نفوا", "نفيا", "نفتا", "نفيت", "ينفي", "ينفون", "تنفين", "ينفيان", "نفاه", "نفته"],
        );
        let f = texts("دعا", "يدعو", VerbClass::Defective);
        has_all(&f, &["دعا", "دعت", "دعوا", "دعتا", "دعوت", "دعونا", "يدعو", "يدعون", "تدعين", "يدعوان", "دعاه"]);
        let f = texts("رأى", "يرى", VerbClass::Defective);
        has_all(&f, &["رأى", "رأت", "رأوا", "يرى", "يرون", "ترين", "يريان", "يراه"]);
        let f = texts("ادّعى", "يدّعي", VerbClass::Defective);
        has_all(&f, &["ادعى", "ادعت", "ادعوا", "يدعي", "يدعون"]);
    }

    #[test]
    fn person_and_number_are_known() {
        let forms = verb_forms(&Lemma { perfect: "قال", imperfect: "يقول", class: VerbClass::Hollow }).unwrap();
        let of = |t: &str| forms.iter().find(|f| f.text == t).map(|f| (f.person, f.number, f.object)).unwrap();
        assert_eq!(of("قالوا"), (Person::Third, Number::Plural, false));
        assert_eq!(of("قلنا"), (Person::First, Number::Plural, false));
        assert_eq!(of("قالته"), (Person::Third, Number::Singular, true));
        assert_eq!(of("نقول"), (Person::First, Number::Plural, false));
    }

    #[test]
    fn participles_and_verbal_nouns() {
        let p = participle_forms("مضيف");
        for w in ["مضيفا", "مضيفة", "مضيفين", "مضيفون"] {
            assert!(p.iter().any(|f| f == w), "{w}");
        }
        let p = participle_forms("داعي");
        for w in ["داعيا", "داعية", "داعين"] {
            assert!(p.iter().any(|f| f == w), "{w}");
        }
        let m = masdar_forms("دعوة");
        assert!(m.iter().any(|f| f == "دعوتها"), "{m:?}");
        let m = masdar_forms("نفي");
        assert!(m.iter().any(|f| f == "نفيهما"), "{m:?}");
    }

    #[test]
    fn malformed_principal_parts_are_errors() {
        assert!(matches!(
            verb_forms(&Lemma { perfect: "قال", imperfect: "تقول", class: VerbClass::Hollow }),
            Err(MorphError::Imperfect(_))
        ));
        assert!(matches!(
            verb_forms(&Lemma { perfect: "نفع", imperfect: "ينفع", class: VerbClass::Defective }),
            Err(MorphError::DefectivePerfect(_))
        ));
        assert!(matches!(
            verb_forms(&Lemma { perfect: "أكد", imperfect: "يؤكد", class: VerbClass::Hollow }),
            Err(MorphError::Hollow(_))
        ));
    }
}
