//! Lexicons: the actor gazetteer, body and title patterns, common words and
//! junk rules, read from plain files.
//!
//! The defaults live in `ontology/lexicons/` and are embedded in the binary,
//! so isnad runs anywhere; `--lexicon DIR` (repeatable) overlays files of the
//! same names, later directories winning row by row. The format is specified
//! for editors in `ontology/lexicons/README.md`.

pub mod morph;
mod tsv;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use crate::text::{JunkKind, JunkRules, fold};
pub use tsv::{LexiconError, Row};

/// The kinds of actor (and place) the gazetteer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorType {
    /// A sovereign state (also speaking through its capital).
    State,
    /// A person.
    Person,
    /// A ministry, government, office, agency, police, think tank.
    Organization,
    /// The UN, the EU, the CSTO...
    InternationalOrganization,
    /// An army or armed formation.
    ArmedForce,
    /// A peacekeeping force.
    PeacekeepingForce,
    /// A separatist authority.
    SeparatistAuthority,
    /// A news agency, broadcaster or newspaper.
    MediaOutlet,
    /// A collective: a people, protesters, an opposition.
    Group,
    /// A place that is not an actor.
    Place,
}

impl ActorType {
    /// Every type, in declaration order.
    pub const ALL: [ActorType; 10] = [
        ActorType::State,
        ActorType::Person,
        ActorType::Organization,
        ActorType::InternationalOrganization,
        ActorType::ArmedForce,
        ActorType::PeacekeepingForce,
        ActorType::SeparatistAuthority,
        ActorType::MediaOutlet,
        ActorType::Group,
        ActorType::Place,
    ];

    /// The name used in files, exports and as the RDF class's local name.
    pub const fn name(self) -> &'static str {
        match self {
            ActorType::State => "State",
            ActorType::Person => "Person",
            ActorType::Organization => "Organization",
            ActorType::InternationalOrganization => "InternationalOrganization",
            ActorType::ArmedForce => "ArmedForce",
            ActorType::PeacekeepingForce => "PeacekeepingForce",
            ActorType::SeparatistAuthority => "SeparatistAuthority",
            ActorType::MediaOutlet => "MediaOutlet",
            ActorType::Group => "Group",
            ActorType::Place => "Place",
        }
    }

    /// Parses a type name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == s)
    }
}

impl fmt::Display for ActorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a lexicon row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File name.
    pub file: String,
    /// Line, 1-based.
    pub line: usize,
}

/// A state: names, nisba adjectives, capital.
#[derive(Debug, Clone)]
pub struct StateEntry {
    /// Snake-case id.
    pub id: String,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// English name.
    pub en: String,
    /// English demonym ("Azerbaijani").
    pub demonym: String,
    /// Arabic names, the preferred first.
    pub ar: Vec<String>,
    /// Nisba adjectives, all genders and numbers.
    pub nisbas: Vec<String>,
    /// Masculine singular nisbas.
    pub nisba_m: Vec<String>,
    /// Feminine singular nisbas.
    pub nisba_f: Vec<String>,
    /// Plural nisbas.
    pub nisba_pl: Vec<String>,
    /// Capital, in Arabic (each spelling).
    pub capital_ar: Vec<String>,
    /// Capital, in English.
    pub capital_en: String,
    /// Source row.
    pub origin: Origin,
}

/// Any other actor or place.
#[derive(Debug, Clone)]
pub struct ActorEntry {
    /// Snake-case id.
    pub id: String,
    /// Its type.
    pub kind: ActorType,
    /// English label.
    pub en: String,
    /// Arabic labels, the preferred first.
    pub ar: Vec<String>,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// Id of the actor it belongs to or acts for.
    pub affiliation: Option<String>,
    /// Role (for people).
    pub role: Option<String>,
    /// Source row.
    pub origin: Origin,
}

/// A pattern for bodies of a state: "وزارة الدفاع {nisba}".
#[derive(Debug, Clone)]
pub struct BodyTemplate {
    /// Arabic pattern with one `{nisba}` or `{state}` slot.
    pub pattern: String,
    /// Id template, `{state}` replaced by the state id.
    pub id: String,
    /// English label template: `{demonym}` or `{state}`.
    pub en: String,
    /// Type of the body.
    pub kind: ActorType,
    /// Bare words that refer back to the latest such body ("الوزارة").
    pub anaphors: Vec<String>,
    /// Source row.
    pub origin: Origin,
}

/// What a title row makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// A title a person holds ("وزير الخارجية"، "المتحدث باسم").
    Office,
    /// An anonymous source when no name follows ("مصدر"، "مسؤول").
    Source,
    /// A word prefixing another title ("نائب"، "مساعد").
    Modifier,
    /// A body a text names by what it is and whose it is ("بعثة الاتحاد
    /// الأوروبي"، "لجنة تابعة للأمم المتحدة").
    Institution,
    /// A title that refers back ("نظيره الأذربيجاني"): the last person of its
    /// complement's side, unless a name follows.
    Anaphor,
}

/// An office a title stands for, perhaps only with a given complement:
/// `foreign_ministry_spokesperson:*_foreign_ministry`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeChoice {
    /// Office id of `office-holders.tsv`.
    pub office: String,
    /// The complement's actor id it needs (`*` for a state id), if any.
    pub complement: Option<String>,
}

impl OfficeChoice {
    /// Whether this choice applies to a title whose complement is `id`.
    pub fn fits(&self, id: Option<&str>) -> bool {
        match (&self.complement, id) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(c), Some(id)) => match c.split_once('*') {
                Some((pre, post)) => id.len() > pre.len() + post.len() && id.starts_with(pre) && id.ends_with(post),
                None => c == id,
            },
        }
    }
}

/// A row of the title grammar: "[modifier] head [portfolio] [complement]".
#[derive(Debug, Clone)]
pub struct TitleEntry {
    /// The head's written forms.
    pub heads: Vec<String>,
    /// Words one of which must follow the head, if any.
    pub portfolios: Vec<String>,
    /// English role (`{role}` in a modifier's).
    pub role: String,
    /// The offices it stands for, in order of preference.
    pub offices: Vec<OfficeChoice>,
    /// Id of a state or actor the title implies.
    pub affiliation: Option<String>,
    /// What it makes.
    pub kind: TitleKind,
    /// Source row.
    pub origin: Origin,
}

/// What a possessive word refers to ("مكتبه": his office).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Antecedent {
    /// The person the previous sentence is about (its first person).
    Person,
    /// The state named last before the word in its sentence.
    State,
}

/// A possessive word: a noun with a pronoun suffix that makes an actor of
/// what it refers to ("مكتبها" = her office, "سفيرتها" = its ambassador).
#[derive(Debug, Clone)]
pub struct PossessiveEntry {
    /// The word as written.
    pub word: String,
    /// What the pronoun refers to.
    pub antecedent: Antecedent,
    /// Type of the actor made.
    pub kind: ActorType,
    /// English label template: `{of}` is the antecedent's English label.
    pub en: String,
    /// Id suffix: the actor id is `<antecedent id>_<suffix>`.
    pub suffix: String,
    /// Source row.
    pub origin: Origin,
}

/// How a reporting word attributes words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbKind {
    /// A finite verb in the third person.
    Verb,
    /// A participle explaining the sentence's claim (قائلا).
    SameAct,
    /// A participle adding an act (مضيفة، داعيا).
    NewAct,
    /// A verbal noun or participle of a subject named before it (المطالبون،
    /// للتنديد).
    Nominal,
    /// A verbal noun whose genitive is the speaker ("إعلان يريفان"، "نفي
    /// موسكو") or that carries the speaker as a suffix ("قولها").
    Masdar,
    /// A finite verb in the first or second person: inside reported words
    /// ("ندعو"، "نرفض") it tells their type, it never opens a claim.
    Content,
    /// A passive spelt apart from the active (قيل، يقال): no speaker.
    Passive,
}

/// Whose words a verb reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbMode {
    /// Its subject's.
    Say,
    /// "نقلت X عن Y قولها": the actor's after عن.
    Relay,
    /// "تبادلت X وY الاتهامات": each subject's, against the others.
    Reciprocal,
}

/// What a verb's participle does in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParticipleAct {
    /// It explains the act of the sentence's claim (قائلا، مشيرة).
    Same,
    /// It adds an act of the sentence's speaker (مضيفة، داعيا).
    New,
    /// It is not used to report.
    None,
}

/// One row of `reporting-verbs.tsv`: a verb by its principal parts.
#[derive(Debug, Clone)]
pub struct VerbLemma {
    /// Perfect, third person masculine singular, as written in the file.
    pub lemma: String,
    /// Imperfect, third person masculine singular.
    pub imperfect: String,
    /// Active participle, masculine singular, if it reports.
    pub participle: Option<String>,
    /// Verbal nouns whose genitive is the speaker.
    pub masdars: Vec<String>,
    /// Inflection class.
    pub class: morph::VerbClass,
    /// Claim type.
    pub claim_type: String,
    /// Whether content cues may sharpen the type.
    pub generic: bool,
    /// What its participle does.
    pub act: ParticipleAct,
    /// Words one of which must follow the verb in its clause.
    pub needs: Vec<String>,
    /// Whose words it reports.
    pub mode: VerbMode,
    /// Source row.
    pub origin: Origin,
}

/// One written form of a reporting verb, generated from its lemma.
#[derive(Debug, Clone)]
pub struct VerbEntry {
    /// The form as written (unfolded).
    pub form: String,
    /// The lemma it belongs to.
    pub lemma: String,
    /// Claim type.
    pub claim_type: String,
    /// How it attributes.
    pub kind: VerbKind,
    /// Whose words it reports.
    pub mode: VerbMode,
    /// Whether content cues may sharpen the type.
    pub generic: bool,
    /// Words (folded) one of which must follow it in its clause.
    pub needs: Vec<String>,
    /// Its subject is two or more (قالوا، تبادلتا، يدعون).
    pub plural: bool,
    /// It carries an object pronoun (ووصفته).
    pub object: bool,
    /// A finite form in the perfect (قالت), not the imperfect (تقول).
    pub perfect: bool,
    /// The same letters read as the lemma's verbal noun ("نفي": he denied,
    /// or denial), the reading after a preposition.
    pub masdar_twin: Option<Box<VerbEntry>>,
    /// Source row of its lemma.
    pub origin: Origin,
}

/// The offices whose holders `office-holders.tsv` lists, with their English
/// role labels.
pub const OFFICES: [(&str, &str); 19] = [
    ("president", "President"),
    ("vice_president", "Vice President"),
    ("monarch", "Monarch"),
    ("crown_prince", "Crown Prince"),
    ("supreme_leader", "Supreme Leader"),
    ("prime_minister", "Prime Minister"),
    ("chancellor", "Chancellor"),
    ("foreign_minister", "Foreign Minister"),
    ("defence_minister", "Defence Minister"),
    ("interior_minister", "Interior Minister"),
    ("foreign_ministry_spokesperson", "Foreign Ministry spokesperson"),
    ("presidential_spokesperson", "Presidential spokesperson"),
    ("national_security_adviser", "National Security Adviser"),
    ("security_council_secretary", "Secretary of the Security Council"),
    ("speaker_of_parliament", "Speaker of Parliament"),
    ("secretary_general", "Secretary-General"),
    ("commission_president", "President of the Commission"),
    ("council_president", "President of the Council"),
    ("high_representative", "High Representative"),
];

/// The English role of an office id.
pub fn office_role(office: &str) -> Option<&'static str> {
    OFFICES.iter().find(|(o, _)| *o == office).map(|(_, r)| *r)
}

/// One term of one person in one office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeTerm {
    /// Office id (one of [`OFFICES`]).
    pub office: String,
    /// The state or organisation whose office it is.
    pub of: String,
    /// The holder's person id.
    pub holder: String,
    /// First day, `YYYY-MM-DD` (a month or year given alone starts on its first day).
    pub start: String,
    /// Last day, `YYYY-MM-DD` (a month or year given alone ends on its last
    /// day); `None` while the holder is in office.
    pub end: Option<String>,
    /// Source row.
    pub origin: Origin,
}

impl OfficeTerm {
    /// Whether the term covers a day (`YYYY-MM-DD`).
    pub fn covers(&self, day: &str) -> bool {
        self.start.as_str() <= day && self.end.as_deref().is_none_or(|e| day <= e)
    }
}

/// A date of `office-holders.tsv` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as the
/// first or last day it stands for.
fn term_date(row: &Row<'_>, i: usize, last: bool) -> Result<Option<String>, LexiconError> {
    let v = row.get(i);
    if v.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = v.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && ("01"..="12").contains(m),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && ("01"..="12").contains(m) && ("01"..="31").contains(d)
        }
        _ => false,
    };
    if !ok {
        return Err(row.error(i, format!("`{v}` is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY)")));
    }
    Ok(Some(match (parts.len(), last) {
        (1, false) => format!("{v}-01-01"),
        (1, true) => format!("{v}-12-31"),
        (2, false) => format!("{v}-01"),
        (2, true) => format!("{v}-31"),
        _ => v.to_string(),
    }))
}

/// A claim type with its CAMEO code and Goldstein weight.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimTypeEntry {
    /// Type name.
    pub name: String,
    /// CAMEO root code ("01".."20").
    pub cameo: String,
    /// CAMEO event code.
    pub event: String,
    /// Goldstein weight.
    pub goldstein: f64,
    /// English label.
    pub en: String,
    /// Arabic label.
    pub ar: String,
}

/// A relation kind with its sign, CAMEO root and Goldstein weight.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationKindEntry {
    /// Kind name.
    pub name: String,
    /// +1 cooperative, -1 hostile, 0 neutral.
    pub sign: i8,
    /// CAMEO root code.
    pub cameo: String,
    /// Goldstein weight.
    pub goldstein: f64,
    /// English label.
    pub en: String,
    /// Arabic label.
    pub ar: String,
}

/// Where the actors of a relation word stand around it: its argument frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CuePattern {
    /// Source named before the word, target after ("تركيا، الحليف الأكبر
    /// لأذربيجان"; an active participle: "الحوثي المتحالفة مع إيران").
    BeforeAfter,
    /// Target before, source after (a passive participle: "أذربيجان
    /// المدعومة من تركيا").
    AfterBefore,
    /// A verb: the source is its subject, after it ("قصفت إسرائيل مواقع
    /// إيرانية") or before it ("الجيش الأذربيجاني أطلق"), else the clause's
    /// speaker; the target its object, the first actor after it.
    SubjectObject,
    /// A verbal noun: the agent is its genitive or nisba right after it
    /// ("قصف إسرائيلي لمواقع إيرانية", "هجوم باكو على")، "من قبل X", else the
    /// subject of its clause ("شنت الولايات المتحدة ضربات على")؛ the target
    /// follows (على، ضد، ل، a genitive).
    AgentObject,
    /// A deployment: the force's owner is named right after the force
    /// ("نشر قوات حفظ سلام روسية"، "بعثة للاتحاد الأوروبي") or is the
    /// subject; the host follows ("في أرمينيا").
    Deploy,
    /// Each side relates to the other: "بين X وY"، "X ... مع Y"، coordinated
    /// subjects ("خاضت أرمينيا وأذربيجان حربا")، nisbas after the word
    /// ("التحالف السعودي الإماراتي").
    Mutual,
    /// Mutual, and with no sides named the word stands for the article's two
    /// sides ("لوقف الحرب في الإقليم").
    Conflict,
    /// A mediator and the parties: the mediator right after the word
    /// ("وساطة روسية"، "توسطت فيها روسيا") or its subject, the parties the
    /// two sides of "بين X وY", else those named together before.
    Mediator,
    /// An agreement or talks between parties: whoever reaches, announces or
    /// hosts it and is not one of them mediates ("أعلنت واشنطن اتفاقا بين
    /// أرمينيا وأذربيجان"، "المحادثات في موسكو بين").
    Agreement,
    /// A dual for the article's two sides ("اتصلت بالطرفين"): the source is
    /// named before it and relates to each side.
    BeforeDual,
}

impl CuePattern {
    /// The names of the patterns, as the lexicon writes them.
    pub const NAMES: [&'static str; 10] = [
        "before-after",
        "after-before",
        "subject-object",
        "agent-object",
        "deploy",
        "mutual",
        "conflict",
        "mediator",
        "agreement",
        "before-dual",
    ];

    /// Parses a pattern name of the lexicon.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "before-after" => CuePattern::BeforeAfter,
            "after-before" => CuePattern::AfterBefore,
            "subject-object" => CuePattern::SubjectObject,
            "agent-object" => CuePattern::AgentObject,
            "deploy" => CuePattern::Deploy,
            "mutual" => CuePattern::Mutual,
            "conflict" => CuePattern::Conflict,
            "mediator" => CuePattern::Mediator,
            "agreement" => CuePattern::Agreement,
            "before-dual" => CuePattern::BeforeDual,
            _ => return None,
        })
    }
}

/// Which form of its row a relation word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueForm {
    /// A finite verb; `first` when its subject is "I" or "we" (the
    /// speaker), `object` when it carries an object pronoun (ترعاها).
    Verb {
        /// First person.
        first: bool,
        /// With an object pronoun.
        object: bool,
    },
    /// A noun; `possessive` when it carries a possessive pronoun
    /// (دعمها، حليفها): its agent is then the subject of its clause.
    Noun {
        /// With a possessive pronoun.
        possessive: bool,
    },
    /// An active participle (المتحالفة، الداعم).
    Participle,
    /// A passive participle (المدعومة).
    Passive,
}

/// One row of `relation-cues.tsv`: a verb by its principal parts, and its
/// nouns, or nouns alone.
#[derive(Debug, Clone)]
pub struct RelationLemma {
    /// Perfect, third person masculine singular, as written; empty for a row
    /// of nouns alone.
    pub lemma: String,
    /// Imperfect, third person masculine singular.
    pub imperfect: String,
    /// Inflection class of the verb.
    pub class: Option<morph::VerbClass>,
    /// Verbal nouns and other nouns of the row.
    pub nouns: Vec<String>,
    /// Active participle, masculine singular.
    pub participle: Option<String>,
    /// Passive participle, masculine singular.
    pub passive: Option<String>,
    /// Relation kind.
    pub kind: String,
    /// Frame of the verb's finite forms.
    pub verb: Option<CuePattern>,
    /// Frame of the nouns.
    pub noun: Option<CuePattern>,
    /// Words one of which must follow a form within a few words.
    pub needs: Vec<String>,
    /// Source row.
    pub origin: Origin,
}

/// A relation word: one written form of a row of `relation-cues.tsv`.
#[derive(Debug, Clone)]
pub struct RelationCue {
    /// The word as written.
    pub word: String,
    /// Relation kind.
    pub kind: String,
    /// Where the actors stand.
    pub pattern: CuePattern,
    /// Which form of its row it is.
    pub form: CueForm,
    /// Words (folded) one of which must follow it within a few words.
    pub needs: Vec<String>,
}

/// A content cue: words that give a generic verb's claim a sharper type.
#[derive(Debug, Clone)]
pub struct CueEntry {
    /// The words as written (one form of a verb cue each).
    pub cue: String,
    /// Claim type.
    pub claim_type: String,
    /// Whether it counts only when the words name another side (`Some(true)`)
    /// or only when they name none (`Some(false)`).
    pub other: Option<bool>,
    /// Source row.
    pub origin: Origin,
}

/// Class of a common word: such words never belong to a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// Particles, pronouns, prepositions, conjunctions.
    Function,
    /// Days, months, times.
    Time,
    /// Frequent verbs.
    Verb,
    /// Frequent nouns and adjectives of news text.
    Common,
    /// Nouns that head a place's name ("مدينة سرت"، "قاعدة الجفرة"): an
    /// adjective after it describes the place.
    Place,
    /// Nouns that stand for the last speaker's words ("وتابع البيان").
    Statement,
    /// Words attributing what follows to a source without a verb: "بحسب"،
    /// "وفقا لـ"، "نقلا عن".
    Attribution,
    /// Words that may stand inside a title without changing it (الصحفي،
    /// مطلع، رفيع).
    Qualifier,
    /// Qualifiers saying a title is no longer held (السابق، المتقاعد).
    Former,
    /// A dual or collective standing for parties named together before
    /// ("الطرفان"، "البلدان"، "الدولتان").
    Joint,
}

/// All lexicons, merged.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// States by id.
    pub states: BTreeMap<String, StateEntry>,
    /// Other actors and places by id.
    pub actors: BTreeMap<String, ActorEntry>,
    /// Body templates by pattern, in file order (the first template making
    /// a body gives its label).
    pub bodies: IndexMap<String, BodyTemplate>,
    /// The title grammar's rows by head and portfolio, in file order.
    pub titles: IndexMap<String, TitleEntry>,
    /// Possessive words by their written form.
    pub possessives: BTreeMap<String, PossessiveEntry>,
    /// Terms of office, in file order.
    pub offices: Vec<OfficeTerm>,
    /// Reporting verbs by lemma, in file order.
    pub verb_lemmas: IndexMap<String, VerbLemma>,
    /// Every form of every reporting verb, by folded form (generated from
    /// [`Lexicon::verb_lemmas`]; a form two lemmas share belongs to the first).
    pub verbs: BTreeMap<String, VerbEntry>,
    /// Content cues, in file order.
    pub cues: Vec<CueEntry>,
    /// Claim types by name, in file order.
    pub claim_types: IndexMap<String, ClaimTypeEntry>,
    /// Relation kinds by name, in file order.
    pub relation_kinds: IndexMap<String, RelationKindEntry>,
    /// Relation words by lemma (or first noun), in file order.
    pub relation_lemmas: IndexMap<String, RelationLemma>,
    /// Every form of every relation word, by folded form (generated from
    /// [`Lexicon::relation_lemmas`]; a form two rows share belongs to the
    /// first, nouns before verbs).
    pub relation_cues: BTreeMap<String, RelationCue>,
    /// Figure cue words and what a number next to them counts.
    pub figures: BTreeMap<String, String>,
    /// Common words (folded) and their class.
    pub words: BTreeMap<String, WordClass>,
    /// Junk line rules.
    pub junk: JunkRules,
    /// Hash of every file read, in order: extraction results depend on it.
    pub fingerprint: String,
    /// Files read, as (name, source) for `isnad lexicon show`.
    pub sources: Vec<(String, String)>,
}

/// The lexicon files, in load order, with their header columns.
pub const FILES: [(&str, &[&str]); 15] = [
    ("claim-types.tsv", &["type", "cameo", "event", "goldstein", "en", "ar"]),
    ("relation-kinds.tsv", &["kind", "sign", "cameo", "goldstein", "en", "ar"]),
    (
        "states.tsv",
        &["id", "wikidata", "en", "demonym_en", "ar", "nisba_m", "nisba_f", "nisba_pl", "capital_ar", "capital_en"],
    ),
    ("actors.tsv", &["id", "type", "en", "ar", "wikidata", "affiliation", "role"]),
    ("media.tsv", &["id", "en", "ar", "wikidata", "affiliation", "kind"]),
    ("office-holders.tsv", &["office", "of", "holder", "en", "ar", "wikidata", "start", "end"]),
    ("bodies.tsv", &["pattern", "id", "en", "type", "anaphor"]),
    ("titles.tsv", &["head", "portfolio", "role", "office", "affiliation", "kind"]),
    ("possessives.tsv", &["word", "antecedent", "type", "id", "en"]),
    ("words.tsv", &["word", "class"]),
    ("junk.tsv", &["kind", "pattern"]),
    (
        "reporting-verbs.tsv",
        &["lemma", "imperfect", "participle", "masdar", "class", "type", "generic", "act", "needs", "kind"],
    ),
    ("claim-cues.tsv", &["cue", "imperfect", "class", "type", "other"]),
    ("figures.tsv", &["words", "counts"]),
    (
        "relation-cues.tsv",
        &["lemma", "imperfect", "class", "nouns", "participle", "passive", "kind", "verb", "noun", "needs"],
    ),
];

const DEFAULTS: [(&str, &str); 15] = [
    ("claim-types.tsv", include_str!("../../ontology/claim-types.tsv")),
    ("relation-kinds.tsv", include_str!("../../ontology/relation-kinds.tsv")),
    ("states.tsv", include_str!("../../ontology/lexicons/states.tsv")),
    ("actors.tsv", include_str!("../../ontology/lexicons/actors.tsv")),
    ("media.tsv", include_str!("../../ontology/lexicons/media.tsv")),
    ("office-holders.tsv", include_str!("../../ontology/lexicons/office-holders.tsv")),
    ("bodies.tsv", include_str!("../../ontology/lexicons/bodies.tsv")),
    ("titles.tsv", include_str!("../../ontology/lexicons/titles.tsv")),
    ("possessives.tsv", include_str!("../../ontology/lexicons/possessives.tsv")),
    ("words.tsv", include_str!("../../ontology/lexicons/words.tsv")),
    ("junk.tsv", include_str!("../../ontology/lexicons/junk.tsv")),
    ("reporting-verbs.tsv", include_str!("../../ontology/lexicons/reporting-verbs.tsv")),
    ("claim-cues.tsv", include_str!("../../ontology/lexicons/claim-cues.tsv")),
    ("figures.tsv", include_str!("../../ontology/lexicons/figures.tsv")),
    ("relation-cues.tsv", include_str!("../../ontology/lexicons/relation-cues.tsv")),
];

/// Errors from loading lexicons: a bad file, or one that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A syntax or content error at a position.
    #[error("{0}")]
    Syntax(#[from] LexiconError),
    /// An I/O error.
    #[error("cannot read lexicon {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A directory that holds a file isnad does not know.
    #[error("{path}: not a lexicon file isnad knows (expected one of: {known})")]
    Unknown {
        /// The path.
        path: String,
        /// The known names.
        known: String,
    },
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn wikidata(row: &Row<'_>, i: usize) -> Result<Option<String>, LexiconError> {
    let v = row.get(i);
    if v.is_empty() {
        return Ok(None);
    }
    if v.len() > 1 && v.starts_with('Q') && v[1..].bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(v.to_string()))
    } else {
        Err(row.error(i, format!("`{v}` is not a Wikidata id (Q followed by digits)")))
    }
}

fn id(row: &Row<'_>, i: usize) -> Result<String, LexiconError> {
    let v = row.required(i, "id")?;
    if is_id(v) {
        Ok(v.to_string())
    } else {
        Err(row.error(i, format!("`{v}` is not an id: use lowercase ASCII letters, digits and `_`")))
    }
}

/// The alternatives of column `i`, each of which must keep a letter or a
/// digit in matching form: "ـ" or a lone diacritic could never match.
fn phrases<'a>(row: &Row<'a>, i: usize) -> Result<Vec<&'a str>, LexiconError> {
    let alts = row.alts(i);
    if let Some(a) = alts.iter().find(|a| !fold(a).chars().any(char::is_alphanumeric)) {
        return Err(row.error(
            i,
            format!(
                "`{a}` has no letter or digit once diacritics, tatweel and controls are folded away; it can never match"
            ),
        ));
    }
    Ok(alts)
}

/// The oblique dual and the sound plurals of nisba adjectives, by rule:
/// تركي → تركيين، تركيون; تركية → تركيتين، تركيات. (The nominative dual,
/// بلغاريان, is left out: it is how Armenian family names end.)
fn nisba_inflections(masculine: &[&str], feminine: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for m in masculine.iter().filter(|m| m.ends_with('ي')) {
        for suffix in ["ين", "ون"] {
            out.push(format!("{m}{suffix}"));
        }
    }
    for f in feminine {
        if let Some(stem) = f.strip_suffix('ة') {
            for suffix in ["تان", "تين", "ات"] {
                out.push(format!("{stem}{suffix}"));
            }
        }
    }
    out
}

fn strings(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(str::to_string).collect()
}

/// A Goldstein weight: a number from -10 to 10.
fn goldstein(row: &Row<'_>, i: usize) -> Result<f64, LexiconError> {
    row.required(i, "goldstein")?
        .parse()
        .ok()
        .filter(|g: &f64| (-10.0..=10.0).contains(g))
        .ok_or_else(|| row.error(i, "the Goldstein weight is a number from -10 to 10"))
}

fn check_slot(row: &Row<'_>, i: usize, pattern: &str, required: bool) -> Result<(), LexiconError> {
    let slots = pattern.matches("{nisba}").count() + pattern.matches("{state}").count();
    let braces = pattern.matches('{').count();
    if braces != slots || slots > 1 || (required && slots == 0) {
        let what = if required { "exactly one" } else { "at most one" };
        return Err(row.error(i, format!("a pattern holds {what} slot, `{{nisba}}` or `{{state}}`")));
    }
    Ok(())
}

impl Lexicon {
    /// The embedded defaults.
    pub fn defaults() -> Result<Self, LoadError> {
        Self::load(&[] as &[&Path])
    }

    /// The defaults overlaid by each directory in turn.
    pub fn load<P: AsRef<Path>>(overlays: &[P]) -> Result<Self, LoadError> {
        let mut lex = Lexicon {
            states: BTreeMap::new(),
            actors: BTreeMap::new(),
            bodies: IndexMap::new(),
            titles: IndexMap::new(),
            possessives: BTreeMap::new(),
            offices: Vec::new(),
            verb_lemmas: IndexMap::new(),
            verbs: BTreeMap::new(),
            cues: Vec::new(),
            claim_types: IndexMap::new(),
            figures: BTreeMap::new(),
            relation_kinds: IndexMap::new(),
            relation_lemmas: IndexMap::new(),
            relation_cues: BTreeMap::new(),
            words: BTreeMap::new(),
            junk: JunkRules::default(),
            fingerprint: String::new(),
            sources: Vec::new(),
        };
        let mut hasher = Sha256::new();
        for (name, content) in DEFAULTS {
            let label = format!("(default) {name}");
            lex.add_file(&label, name, content)?;
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(content.as_bytes());
            lex.sources.push((label, content.to_string()));
        }
        for dir in overlays {
            let dir = dir.as_ref();
            let entries =
                std::fs::read_dir(dir).map_err(|source| LoadError::Io { path: dir.display().to_string(), source })?;
            let mut names: Vec<String> = Vec::new();
            for e in entries {
                let e = e.map_err(|source| LoadError::Io { path: dir.display().to_string(), source })?;
                let name = e.file_name().to_string_lossy().to_string();
                if name.ends_with(".tsv") {
                    names.push(name);
                }
            }
            for name in &names {
                if !FILES.iter().any(|(n, _)| n == name) {
                    return Err(LoadError::Unknown {
                        path: dir.join(name).display().to_string(),
                        known: FILES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
                    });
                }
            }
            for (name, _) in FILES {
                let path = dir.join(name);
                if !path.exists() {
                    continue;
                }
                let bytes = std::fs::read(&path)
                    .map_err(|source| LoadError::Io { path: path.display().to_string(), source })?;
                let label = path.display().to_string();
                let content = tsv::utf8(&label, &bytes)?.to_string();
                lex.add_file(&label, name, &content)?;
                hasher.update(name.as_bytes());
                hasher.update([0]);
                hasher.update(content.as_bytes());
                lex.sources.push((label, content));
            }
        }
        lex.check_references()?;
        lex.describe_office_holders();
        lex.verbs = generate_verb_forms(&lex.verb_lemmas);
        lex.relation_cues = generate_relation_forms(&lex.relation_lemmas);
        lex.fingerprint = hex(&hasher.finalize()[..8]);
        Ok(lex)
    }

    fn add_file(&mut self, label: &str, name: &str, content: &str) -> Result<(), LexiconError> {
        let columns = FILES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c).unwrap_or(&[]);
        let rows = tsv::parse(label, content, columns)?;
        // Keys defined twice in one file: the second row would silently win.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut once = |row: &Row<'_>, col: usize, key: &str| -> Result<(), LexiconError> {
            match seen.insert(key.to_string(), row.line) {
                Some(first) => Err(row.error(
                    col,
                    format!("`{key}` is already defined on line {first} of this file; keep one row (an overlay file may redefine it)"),
                )),
                None => Ok(()),
            }
        };
        for row in rows {
            let origin = Origin { file: label.to_string(), line: row.line };
            let key_col = match name {
                "states.tsv" | "actors.tsv" | "media.tsv" | "bodies.tsv" | "claim-types.tsv" | "relation-kinds.tsv" => {
                    Some(0)
                }
                _ => None,
            };
            if let Some(c) = key_col {
                once(&row, c, row.get(c))?;
            }
            match name {
                "states.tsv" => {
                    let id = id(&row, 0)?;
                    let mut nisbas = strings(phrases(&row, 5)?);
                    nisbas.extend(strings(phrases(&row, 6)?));
                    nisbas.extend(strings(phrases(&row, 7)?));
                    for n in nisba_inflections(&row.alts(5), &row.alts(6)) {
                        if !nisbas.contains(&n) {
                            nisbas.push(n);
                        }
                    }
                    let e = StateEntry {
                        wikidata: wikidata(&row, 1)?,
                        en: row.alts(2).first().copied().unwrap_or_default().to_string(),
                        demonym: row.required(3, "demonym_en")?.to_string(),
                        ar: strings(phrases(&row, 4)?),
                        nisbas,
                        nisba_m: strings(row.alts(5)),
                        nisba_f: strings(row.alts(6)),
                        nisba_pl: strings(row.alts(7)),
                        capital_ar: strings(phrases(&row, 8)?),
                        capital_en: row.get(9).to_string(),
                        id: id.clone(),
                        origin,
                    };
                    if e.ar.is_empty() {
                        return Err(row.error(4, "a state needs at least one Arabic name"));
                    }
                    self.states.insert(id, e);
                }
                "actors.tsv" => {
                    let id = id(&row, 0)?;
                    let t = row.required(1, "type")?;
                    let kind = ActorType::from_name(t).ok_or_else(|| {
                        row.error(
                            1,
                            format!("unknown type `{t}`; one of: {}", ActorType::ALL.map(|t| t.name()).join(", ")),
                        )
                    })?;
                    let ar = strings(phrases(&row, 3)?);
                    if ar.is_empty() {
                        return Err(row.error(3, "an actor needs at least one Arabic label"));
                    }
                    let e = ActorEntry {
                        kind,
                        en: row.required(2, "en")?.to_string(),
                        ar,
                        wikidata: wikidata(&row, 4)?,
                        affiliation: Some(row.get(5)).filter(|s| !s.is_empty()).map(str::to_string),
                        role: Some(row.get(6)).filter(|s| !s.is_empty()).map(str::to_string),
                        id: id.clone(),
                        origin,
                    };
                    self.actors.insert(id, e);
                }
                "media.tsv" => {
                    let id = id(&row, 0)?;
                    const KINDS: [&str; 6] = ["agency", "newspaper", "channel", "radio", "website", "magazine"];
                    let kind = row.required(5, "kind")?;
                    if !KINDS.contains(&kind) {
                        return Err(row.error(5, format!("unknown kind `{kind}`; one of: {}", KINDS.join(", "))));
                    }
                    let ar = strings(phrases(&row, 2)?);
                    if ar.is_empty() {
                        return Err(row.error(2, "an outlet needs at least one Arabic name"));
                    }
                    let e = ActorEntry {
                        kind: ActorType::MediaOutlet,
                        en: row.required(1, "en")?.to_string(),
                        ar,
                        wikidata: wikidata(&row, 3)?,
                        affiliation: Some(row.get(4)).filter(|s| !s.is_empty()).map(str::to_string),
                        role: None,
                        id: id.clone(),
                        origin,
                    };
                    self.actors.insert(id, e);
                }
                "office-holders.tsv" => {
                    let office = row.required(0, "office")?.to_string();
                    if office_role(&office).is_none() {
                        let known: Vec<&str> = OFFICES.iter().map(|(o, _)| *o).collect();
                        return Err(row.error(0, format!("unknown office `{office}`; one of: {}", known.join(", "))));
                    }
                    let of = id(&row, 1)?;
                    let holder = id(&row, 2)?;
                    let start =
                        term_date(&row, 6, false)?.ok_or_else(|| row.error(6, "a term needs its start date"))?;
                    let end = term_date(&row, 7, true)?;
                    if end.as_ref().is_some_and(|e| *e < start) {
                        return Err(row.error(7, "the term ends before it starts"));
                    }
                    let ar = strings(phrases(&row, 4)?);
                    let first_row = !self.offices.iter().any(|t| t.holder == holder);
                    if first_row && !self.actors.contains_key(&holder) {
                        if ar.is_empty() {
                            return Err(row.error(4, format!("the first row of `{holder}` needs its Arabic names")));
                        }
                        let e = ActorEntry {
                            kind: ActorType::Person,
                            en: row.required(3, "en")?.to_string(),
                            ar,
                            wikidata: wikidata(&row, 5)?,
                            affiliation: None,
                            role: None,
                            id: holder.clone(),
                            origin: origin.clone(),
                        };
                        self.actors.insert(holder.clone(), e);
                    } else if let Some(a) = self.actors.get_mut(&holder) {
                        // A holder the gazetteer knows keeps its row; spellings add up.
                        for name in ar {
                            if !a.ar.contains(&name) {
                                a.ar.push(name);
                            }
                        }
                    }
                    self.offices.push(OfficeTerm { office, of, holder, start, end, origin });
                }
                "bodies.tsv" => {
                    let pattern = row.required(0, "pattern")?.to_string();
                    check_slot(&row, 0, &pattern, true)?;
                    let idt = row.required(1, "id")?;
                    if !idt.contains("{state}") || !is_id(&idt.replace("{state}", "x")) {
                        return Err(row.error(
                            1,
                            "the id template must contain `{state}` and otherwise only lowercase ASCII, digits and `_`",
                        ));
                    }
                    let t = row.required(3, "type")?;
                    let kind = ActorType::from_name(t).ok_or_else(|| row.error(3, format!("unknown type `{t}`")))?;
                    let e = BodyTemplate {
                        id: idt.to_string(),
                        en: row.required(2, "en")?.to_string(),
                        kind,
                        anaphors: strings(phrases(&row, 4)?),
                        pattern: pattern.clone(),
                        origin,
                    };
                    self.bodies.insert(pattern, e);
                }
                "titles.tsv" => {
                    let heads = strings(phrases(&row, 0)?);
                    if heads.is_empty() {
                        return Err(row.error(0, "the column `head` is empty; it is required"));
                    }
                    let portfolios = strings(phrases(&row, 1)?);
                    let key = format!("{}\t{}", row.get(0), row.get(1));
                    once(&row, 0, &key)?;
                    let kind = match row.required(5, "kind")? {
                        "office" => TitleKind::Office,
                        "source" => TitleKind::Source,
                        "modifier" => TitleKind::Modifier,
                        "institution" => TitleKind::Institution,
                        "anaphor" => TitleKind::Anaphor,
                        other => {
                            return Err(row.error(
                                5,
                                format!(
                                    "unknown kind `{other}`; one of: office, source, modifier, institution, anaphor"
                                ),
                            ));
                        }
                    };
                    let role = row.required(2, "role")?.to_string();
                    if (kind == TitleKind::Modifier) != role.contains("{role}") {
                        return Err(row.error(2, "a modifier's role, and only a modifier's, holds `{role}`"));
                    }
                    let mut offices = Vec::new();
                    for choice in row.alts(3) {
                        let (office, complement) = match choice.split_once(':') {
                            Some((o, c)) => (o, Some(c.to_string())),
                            None => (choice, None),
                        };
                        if office_role(office).is_none() {
                            return Err(row.error(3, format!("unknown office `{office}` (see office-holders.tsv)")));
                        }
                        if complement.as_deref().is_some_and(|c| c.is_empty() || !is_id(&c.replace('*', "x"))) {
                            return Err(row.error(3, format!("`{choice}`: write office:actor_id, `*` for a state id")));
                        }
                        offices.push(OfficeChoice { office: office.to_string(), complement });
                    }
                    let e = TitleEntry {
                        heads,
                        portfolios,
                        role,
                        offices,
                        affiliation: Some(row.get(4)).filter(|s| !s.is_empty()).map(str::to_string),
                        kind,
                        origin,
                    };
                    self.titles.insert(key, e);
                }
                "claim-types.tsv" => {
                    let name = row.required(0, "type")?.to_string();
                    let cameo = row.required(1, "cameo")?;
                    let root_ok = cameo.len() == 2 && cameo.parse::<u8>().is_ok_and(|c| (1..=20).contains(&c));
                    if !root_ok {
                        return Err(row.error(1, format!("`{cameo}` is not a CAMEO root code (01 to 20)")));
                    }
                    let goldstein = goldstein(&row, 3)?;
                    let e = ClaimTypeEntry {
                        cameo: cameo.to_string(),
                        event: row.required(2, "event")?.to_string(),
                        goldstein,
                        en: row.required(4, "en")?.to_string(),
                        ar: row.required(5, "ar")?.to_string(),
                        name: name.clone(),
                    };
                    self.claim_types.insert(name, e);
                }
                "reporting-verbs.tsv" => {
                    let lemma = row.required(0, "lemma")?.to_string();
                    once(&row, 0, &fold(&lemma))?;
                    let class = verb_class(&row, 4)?;
                    let imperfect = row.required(1, "imperfect")?.to_string();
                    morph::verb_forms(&morph::Lemma { perfect: &lemma, imperfect: &imperfect, class })
                        .map_err(|e| row.error(1, e.to_string()))?;
                    let claim_type = row.required(5, "type")?.to_string();
                    if !self.claim_types.contains_key(&claim_type) {
                        return Err(row.error(5, format!("unknown claim type `{claim_type}` (see claim-types.tsv)")));
                    }
                    let generic = match row.required(6, "generic")? {
                        "yes" => true,
                        "no" => false,
                        other => return Err(row.error(6, format!("`{other}`: write yes or no"))),
                    };
                    let act = match row.required(7, "act")? {
                        "same" => ParticipleAct::Same,
                        "new" => ParticipleAct::New,
                        "none" => ParticipleAct::None,
                        other => return Err(row.error(7, format!("unknown act `{other}`; one of: same, new, none"))),
                    };
                    let participle = Some(row.get(2)).filter(|p| !p.is_empty()).map(str::to_string);
                    if act != ParticipleAct::None && participle.is_none() {
                        return Err(row.error(2, format!("act `{}` needs the participle", row.get(7))));
                    }
                    let mode = match row.required(9, "kind")? {
                        "say" => VerbMode::Say,
                        "relay" => VerbMode::Relay,
                        "reciprocal" => VerbMode::Reciprocal,
                        other => {
                            return Err(row.error(9, format!("unknown kind `{other}`; one of: say, relay, reciprocal")));
                        }
                    };
                    let e = VerbLemma {
                        imperfect,
                        participle,
                        masdars: strings(phrases(&row, 3)?),
                        class,
                        claim_type,
                        generic,
                        act,
                        needs: strings(phrases(&row, 8)?),
                        mode,
                        lemma: lemma.clone(),
                        origin,
                    };
                    self.verb_lemmas.insert(fold(&lemma), e);
                }
                "claim-cues.tsv" => {
                    let claim_type = row.required(3, "type")?.to_string();
                    if !self.claim_types.contains_key(&claim_type) {
                        return Err(row.error(3, format!("unknown claim type `{claim_type}` (see claim-types.tsv)")));
                    }
                    let other = match row.get(4) {
                        "" => None,
                        "yes" => Some(true),
                        "no" => Some(false),
                        o => return Err(row.error(4, format!("`{o}`: write yes, no or leave it empty"))),
                    };
                    let imperfect = row.get(1);
                    let cues: Vec<String> = if imperfect.is_empty() {
                        strings(phrases(&row, 0)?)
                    } else {
                        // A verb: every finite form of it.
                        let class = verb_class(&row, 2)?;
                        let perfect = row.required(0, "cue")?;
                        morph::verb_forms(&morph::Lemma { perfect, imperfect, class })
                            .map_err(|e| row.error(1, e.to_string()))?
                            .into_iter()
                            .map(|f| f.text)
                            .collect()
                    };
                    for cue in cues {
                        self.cues.push(CueEntry { cue, claim_type: claim_type.clone(), other, origin: origin.clone() });
                    }
                }
                "relation-kinds.tsv" => {
                    let name = row.required(0, "kind")?.to_string();
                    let sign: i8 = match row.required(1, "sign")? {
                        "1" | "+1" => 1,
                        "0" => 0,
                        "-1" => -1,
                        other => return Err(row.error(1, format!("`{other}`: the sign is 1, 0 or -1"))),
                    };
                    let goldstein = goldstein(&row, 3)?;
                    let e = RelationKindEntry {
                        sign,
                        cameo: row.required(2, "cameo")?.to_string(),
                        goldstein,
                        en: row.required(4, "en")?.to_string(),
                        ar: row.required(5, "ar")?.to_string(),
                        name: name.clone(),
                    };
                    self.relation_kinds.insert(name, e);
                }
                "relation-cues.tsv" => {
                    let lemma = row.get(0).to_string();
                    let nouns = strings(phrases(&row, 3)?);
                    let key = if lemma.is_empty() { nouns.first().map(|n| fold(n)) } else { Some(fold(&lemma)) };
                    let Some(key) = key else {
                        return Err(row.error(0, "a row needs a verb (lemma) or nouns"));
                    };
                    once(&row, if lemma.is_empty() { 3 } else { 0 }, &key)?;
                    let kind = row.required(6, "kind")?.to_string();
                    if !self.relation_kinds.contains_key(&kind) {
                        return Err(row.error(6, format!("unknown relation kind `{kind}` (see relation-kinds.tsv)")));
                    }
                    let frame = |i: usize, what: &str| -> Result<Option<CuePattern>, LexiconError> {
                        let v = row.get(i);
                        if v.is_empty() {
                            return Ok(None);
                        }
                        CuePattern::from_name(v).map(Some).ok_or_else(|| {
                            row.error(
                                i,
                                format!("unknown {what} frame `{v}`; one of: {}", CuePattern::NAMES.join(", ")),
                            )
                        })
                    };
                    let verb = frame(7, "verb")?;
                    let noun = frame(8, "noun")?;
                    let imperfect = row.get(1).to_string();
                    let class = if lemma.is_empty() {
                        for (i, what) in
                            [(1, "imperfect"), (2, "class"), (4, "participle"), (5, "passive"), (7, "verb")]
                        {
                            if !row.get(i).is_empty() {
                                return Err(
                                    row.error(i, format!("a {what} needs the verb's lemma in the first column"))
                                );
                            }
                        }
                        None
                    } else {
                        let class = verb_class(&row, 2)?;
                        row.required(1, "imperfect")?;
                        morph::verb_forms(&morph::Lemma { perfect: &lemma, imperfect: &imperfect, class })
                            .map_err(|e| row.error(1, e.to_string()))?;
                        if verb.is_none() {
                            return Err(row.error(7, "a verb needs its frame (subject-object, mutual, mediator ...)"));
                        }
                        Some(class)
                    };
                    if !nouns.is_empty() && noun.is_none() {
                        return Err(row.error(8, "nouns need their frame (agent-object, mutual, mediator ...)"));
                    }
                    let participle = phrases(&row, 4)?.first().map(|p| p.to_string());
                    let passive = phrases(&row, 5)?.first().map(|p| p.to_string());
                    let e = RelationLemma {
                        imperfect,
                        class,
                        nouns,
                        participle,
                        passive,
                        kind,
                        verb,
                        noun,
                        needs: strings(phrases(&row, 9)?),
                        lemma,
                        origin,
                    };
                    self.relation_lemmas.insert(key, e);
                }
                "figures.tsv" => {
                    let counts = row.required(1, "counts")?;
                    const COUNTS: [&str; 7] =
                        ["killed", "wounded", "displaced", "evacuated", "detained", "missing", "population"];
                    if !COUNTS.contains(&counts) {
                        return Err(row.error(1, format!("unknown count `{counts}`; one of: {}", COUNTS.join(", "))));
                    }
                    for w in phrases(&row, 0)? {
                        if w.split_whitespace().count() != 1 {
                            return Err(row.error(0, format!("`{w}`: one word per cue")));
                        }
                        self.figures.insert(w.to_string(), counts.to_string());
                    }
                }
                "possessives.tsv" => {
                    let antecedent = match row.required(1, "antecedent")? {
                        "person" => Antecedent::Person,
                        "state" => Antecedent::State,
                        other => {
                            return Err(row.error(1, format!("unknown antecedent `{other}`; one of: person, state")));
                        }
                    };
                    let t = row.required(2, "type")?;
                    let kind = ActorType::from_name(t).ok_or_else(|| row.error(2, format!("unknown type `{t}`")))?;
                    let idt = row.required(3, "id")?;
                    let Some(suffix) = idt.strip_prefix("{of}_").filter(|s| is_id(s)) else {
                        return Err(
                            row.error(3, "the id template must be `{of}_` followed by lowercase ASCII, digits and `_`")
                        );
                    };
                    for word in phrases(&row, 0)? {
                        self.possessives.insert(
                            word.to_string(),
                            PossessiveEntry {
                                word: word.to_string(),
                                antecedent,
                                kind,
                                en: row.required(4, "en")?.to_string(),
                                suffix: suffix.to_string(),
                                origin: origin.clone(),
                            },
                        );
                    }
                }
                "words.tsv" => {
                    row.required(0, "word")?;
                    let class = match row.required(1, "class")? {
                        "function" => WordClass::Function,
                        "time" => WordClass::Time,
                        "verb" => WordClass::Verb,
                        "common" => WordClass::Common,
                        "place" => WordClass::Place,
                        "statement" => WordClass::Statement,
                        "attribution" => WordClass::Attribution,
                        "qualifier" => WordClass::Qualifier,
                        "former" => WordClass::Former,
                        "joint" => WordClass::Joint,
                        other => {
                            return Err(row.error(
                                1,
                                format!(
                                    "unknown class `{other}`; one of: function, time, verb, common, place, statement, attribution, qualifier, former, joint"
                                ),
                            ));
                        }
                    };
                    for alt in phrases(&row, 0)? {
                        self.words.insert(fold(alt), class);
                    }
                }
                "junk.tsv" => {
                    let kind = match row.required(0, "kind")? {
                        "exact" => JunkKind::Exact,
                        "prefix" => JunkKind::Prefix,
                        "suffix" => JunkKind::Suffix,
                        other => {
                            return Err(row.error(0, format!("unknown kind `{other}`; one of: exact, prefix, suffix")));
                        }
                    };
                    self.junk.add(kind, row.required(1, "pattern")?);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A holder without a role or affiliation of its own takes those of its
    /// latest office: "the same data gives a person met by name their role".
    fn describe_office_holders(&mut self) {
        let mut latest: BTreeMap<&str, &OfficeTerm> = BTreeMap::new();
        for t in &self.offices {
            let e = latest.entry(t.holder.as_str()).or_insert(t);
            if t.start > e.start {
                *e = t;
            }
        }
        for (holder, t) in latest {
            if let Some(a) = self.actors.get_mut(holder) {
                if a.role.is_none() {
                    a.role = office_role(&t.office).map(str::to_string);
                }
                if a.affiliation.is_none() {
                    a.affiliation = Some(t.of.clone());
                }
            }
        }
    }

    fn check_references(&self) -> Result<(), LexiconError> {
        for t in &self.offices {
            if !self.states.contains_key(&t.of) && !self.actors.contains_key(&t.of) {
                return Err(LexiconError {
                    file: t.origin.file.clone(),
                    line: t.origin.line,
                    column: 1,
                    message: format!("the office's `of` is `{}`, which is neither a state nor an actor", t.of),
                });
            }
        }
        for a in self.actors.values() {
            if let Some(aff) = &a.affiliation
                && !self.states.contains_key(aff)
                && !self.actors.contains_key(aff)
            {
                return Err(LexiconError {
                    file: a.origin.file.clone(),
                    line: a.origin.line,
                    column: 1,
                    message: format!(
                        "actor `{}` names the affiliation `{aff}`, which is neither a state nor an actor",
                        a.id
                    ),
                });
            }
            if self.states.contains_key(&a.id) {
                return Err(LexiconError {
                    file: a.origin.file.clone(),
                    line: a.origin.line,
                    column: 1,
                    message: format!("the id `{}` is already a state in states.tsv", a.id),
                });
            }
        }
        for t in self.titles.values() {
            if let Some(aff) = &t.affiliation
                && !self.states.contains_key(aff)
                && !self.actors.contains_key(aff)
            {
                return Err(LexiconError {
                    file: t.origin.file.clone(),
                    line: t.origin.line,
                    column: 1,
                    message: format!(
                        "title `{}` names the affiliation `{aff}`, which is neither a state nor an actor",
                        t.heads[0]
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Every form of every reporting verb, keyed by its folded form: third-person
/// finite forms of all lemmas first, then participles, verbal nouns,
/// first- and second-person forms and passives, so that where two lemmas
/// or two readings share a written form the likelier reading wins.
fn generate_verb_forms(lemmas: &IndexMap<String, VerbLemma>) -> BTreeMap<String, VerbEntry> {
    let mut out: BTreeMap<String, VerbEntry> = BTreeMap::new();
    let entry = |l: &VerbLemma, form: &str, kind: VerbKind, plural: bool, object: bool, perfect: bool| VerbEntry {
        form: form.to_string(),
        lemma: l.lemma.clone(),
        claim_type: l.claim_type.clone(),
        kind,
        mode: l.mode,
        generic: l.generic,
        needs: l.needs.iter().map(|n| fold(n)).collect(),
        plural,
        object,
        perfect,
        masdar_twin: None,
        origin: l.origin.clone(),
    };
    let mut add = |e: VerbEntry| match out.entry(fold(&e.form)) {
        std::collections::btree_map::Entry::Vacant(v) => {
            v.insert(e);
        }
        // A verbal noun written as a finite form of its own verb: its twin.
        std::collections::btree_map::Entry::Occupied(mut o) => {
            let first = o.get_mut();
            if e.kind == VerbKind::Masdar && first.lemma == e.lemma && first.masdar_twin.is_none() {
                first.masdar_twin = Some(Box::new(e));
            }
        }
    };
    let finite = |l: &VerbLemma| {
        morph::verb_forms(&morph::Lemma { perfect: &l.lemma, imperfect: &l.imperfect, class: l.class })
            .unwrap_or_default()
    };
    for third in [true, false] {
        for l in lemmas.values() {
            for f in finite(l) {
                if (f.person == morph::Person::Third) == third {
                    let kind = if third { VerbKind::Verb } else { VerbKind::Content };
                    add(entry(l, &f.text, kind, f.number != morph::Number::Singular, f.object, f.perfect));
                }
            }
        }
        if !third {
            break;
        }
        for l in lemmas.values() {
            if let Some(p) = &l.participle {
                let forms = morph::participle_forms(p);
                let kind = match l.act {
                    ParticipleAct::Same => Some(VerbKind::SameAct),
                    ParticipleAct::New => Some(VerbKind::NewAct),
                    ParticipleAct::None => None,
                };
                if let Some(kind) = kind {
                    for f in &forms {
                        add(entry(l, f, kind, f.ends_with("ين") || f.ends_with("ون"), false, false));
                    }
                }
                // المطالبون، المطالبين: the participle standing for its group.
                for f in forms.iter().filter(|f| f.ends_with("ون") || f.ends_with("ين")) {
                    add(entry(l, &format!("ال{f}"), VerbKind::Nominal, true, false, false));
                }
            }
            for m in &l.masdars {
                for (n, f) in morph::masdar_forms(m).iter().enumerate() {
                    add(entry(l, f, VerbKind::Masdar, false, n > 0, false));
                }
                // التنديد، للمطالبة: the act of a group named before.
                add(entry(l, &format!("ال{}", morph::bare(m)), VerbKind::Nominal, false, false, false));
            }
        }
    }
    for l in lemmas.values() {
        for p in morph::passive_forms(&morph::Lemma { perfect: &l.lemma, imperfect: &l.imperfect, class: l.class }) {
            add(entry(l, &p, VerbKind::Passive, false, false, false));
        }
    }
    out
}

/// Every form of every relation word, keyed by its folded form: the nouns
/// of every row with their possessive forms first (قصف is the noun before
/// the verb), then the verbs' third- and first-person forms, then the
/// participles; a form two rows share belongs to the first.
fn generate_relation_forms(lemmas: &IndexMap<String, RelationLemma>) -> BTreeMap<String, RelationCue> {
    let mut out: BTreeMap<String, RelationCue> = BTreeMap::new();
    let mut add = |l: &RelationLemma, word: &str, pattern: CuePattern, form: CueForm| {
        out.entry(fold(word)).or_insert_with(|| RelationCue {
            word: word.to_string(),
            kind: l.kind.clone(),
            pattern,
            form,
            needs: l.needs.iter().map(|n| fold(n)).collect(),
        });
    };
    for l in lemmas.values() {
        let Some(frame) = l.noun else { continue };
        for n in &l.nouns {
            // A word of several (بين البلدين) is not a noun to inflect.
            if n.contains(' ') {
                continue;
            }
            for (k, f) in morph::masdar_forms(n).iter().enumerate() {
                add(l, f, frame, CueForm::Noun { possessive: k > 0 });
            }
        }
    }
    for l in lemmas.values() {
        let (Some(class), Some(frame)) = (l.class, l.verb) else { continue };
        let forms =
            morph::verb_forms(&morph::Lemma { perfect: &l.lemma, imperfect: &l.imperfect, class }).unwrap_or_default();
        for f in forms.iter().filter(|f| f.person == morph::Person::Third && !f.object) {
            add(l, &f.text, frame, CueForm::Verb { first: false, object: false });
        }
        // With an object pronoun the verb's object is named before it
        // ("عملية عسكرية شنتها باكو"، "المفاوضات التي ترعاها مجموعة مينسك").
        for f in forms.iter().filter(|f| f.person == morph::Person::Third && f.object) {
            add(l, &f.text, frame, CueForm::Verb { first: false, object: true });
        }
        for f in forms.iter().filter(|f| f.person == morph::Person::First && !f.object) {
            add(l, &f.text, frame, CueForm::Verb { first: true, object: false });
        }
    }
    for l in lemmas.values() {
        for (p, pattern, form) in [
            (&l.participle, CuePattern::BeforeAfter, CueForm::Participle),
            (&l.passive, CuePattern::AfterBefore, CueForm::Passive),
        ] {
            if let Some(p) = p {
                add(l, p, pattern, form);
                for f in morph::participle_forms(p) {
                    add(l, &f, pattern, form);
                }
            }
        }
    }
    out
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The inflection class of a verb row (column `i`): sound, hollow, doubled
/// or defective.
fn verb_class(row: &tsv::Row<'_>, i: usize) -> Result<morph::VerbClass, LexiconError> {
    let name = row.required(i, "class")?;
    morph::VerbClass::from_name(name)
        .ok_or_else(|| row.error(i, format!("unknown class `{name}`; one of: sound, hollow, doubled, defective")))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load() {
        let lex = Lexicon::defaults().unwrap();
        assert!(lex.states.len() >= 193, "all UN member states");
        assert!(lex.states["azerbaijan"].nisbas.iter().any(|n| n == "أذربيجاني"));
        assert_eq!(lex.states["armenia"].capital_ar[0], "يريفان");
        assert!(!lex.junk.is_empty());
        assert_eq!(lex.fingerprint.len(), 16);
    }

    #[test]
    fn overlay_adds_an_actor_and_reports_positions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("actors.tsv"),
            "id\ttype\ten\tar\twikidata\taffiliation\trole\nnew_body\tOrganization\tNew Body\tهيئة جديدة\t\tarmenia\t\n",
        )
        .unwrap();
        let lex = Lexicon::load(&[dir.path()]).unwrap();
        assert_eq!(lex.actors["new_body"].ar, ["هيئة جديدة"]);
        assert_ne!(lex.fingerprint, Lexicon::defaults().unwrap().fingerprint);

        std::fs::write(
            dir.path().join("actors.tsv"),
            "id\ttype\ten\tar\twikidata\taffiliation\trole\nbad\tNation\tX\tس\t\t\t\n",
        )
        .unwrap();
        let err = Lexicon::load(&[dir.path()]).unwrap_err().to_string();
        assert!(err.ends_with("actors.tsv:2:5: unknown type `Nation`; one of: State, Person, Organization, InternationalOrganization, ArmedForce, PeacekeepingForce, SeparatistAuthority, MediaOutlet, Group, Place"), "{err}");
    }

    #[test]
    fn a_key_defined_twice_in_one_file_is_an_error_but_overlays_redefine() {
        let dir = tempfile::tempdir().unwrap();
        let head = "id\ttype\ten\tar\twikidata\taffiliation\trole\n";
        std::fs::write(
            dir.path().join("actors.tsv"),
            format!("{head}x\tGroup\tX\tس\t\t\t\n# note\nx\tGroup\tX2\tص\t\t\t\n"),
        )
        .unwrap();
        let err = Lexicon::load(&[dir.path()]).unwrap_err().to_string();
        assert!(err.ends_with("actors.tsv:4:1: `x` is already defined on line 2 of this file; keep one row (an overlay file may redefine it)"), "{err}");
        // An overlay redefining a default actor is no duplicate.
        std::fs::write(
            dir.path().join("actors.tsv"),
            format!("{head}kremlin\tOrganization\tThe Kremlin\tالكرملين|قصر الكرملين\t\trussia\t\n"),
        )
        .unwrap();
        assert_eq!(Lexicon::load(&[dir.path()]).unwrap().actors["kremlin"].ar.len(), 2);
    }

    #[test]
    fn an_overlay_that_is_not_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("words.tsv"), b"word\tclass\nfoo\tcommon\nba\xe9r\tcommon\n").unwrap();
        let err = Lexicon::load(&[dir.path()]).unwrap_err().to_string();
        assert!(err.ends_with("words.tsv:3:3: not valid UTF-8 (byte 24); save the file as UTF-8"), "{err}");
    }

    #[test]
    fn a_name_without_letters_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("actors.tsv"),
            "id\ttype\ten\tar\twikidata\taffiliation\trole\nblank\tGroup\tBlank\tجماعة|ـ\u{064B}\t\t\t\n",
        )
        .unwrap();
        let err = Lexicon::load(&[dir.path()]).unwrap_err().to_string();
        assert!(err.ends_with("actors.tsv:2:19: `ـً` has no letter or digit once diacritics, tatweel and controls are folded away; it can never match"), "{err}");
    }
}
