//! Extraction: from a prepared article to plain data (no I/O).
//!
//! Third stage of the pipeline. [`Extractor`] holds the compiled lexicons;
//! [`Extractor::extract`] turns one article's text into an [`Extraction`]:
//! its sentences and its actor mentions, every one a code-point span of the
//! text as read.

mod actors;
mod claims;
mod dates;
mod gazetteer;
mod matcher;
mod relations;
mod titles;

pub use actors::{ArticleActors, Mention, MentionKind, extract_actors, extract_actors_dated, romanize_id};
pub use claims::{Claim, Figure, extract_claims, find_figures};
pub use dates::{DateMention, date_of, day_number, resolve_dates};
pub use gazetteer::{ActorDef, DefOrigin, Gazetteer, Payload};
pub use matcher::{Found, PatternWord, Trie, compile_phrase};
pub use relations::{Relation, extract_relations};

use crate::lexicon::Lexicon;
use crate::text::{Document, SentenceSpan};

/// What extraction finds in one article.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// Sentences outside junk.
    pub sentences: Vec<SentenceSpan>,
    /// Junk ranges skipped (code points).
    pub junk: Vec<(usize, usize)>,
    /// Actors and mentions.
    pub actors: ArticleActors,
    /// Attributed claims.
    pub claims: Vec<Claim>,
    /// Relations between actors, one per piece of evidence.
    pub relations: Vec<Relation>,
    /// Relative dates resolved against the publication date.
    pub dates: Vec<DateMention>,
}

/// The compiled lexicons, shared by every article of a build.
#[derive(Debug)]
pub struct Extractor {
    lexicon: Lexicon,
    gazetteer: Gazetteer,
}

impl Extractor {
    /// Compiles the lexicons.
    pub fn new(lexicon: Lexicon) -> Self {
        let gazetteer = Gazetteer::new(&lexicon);
        Extractor { lexicon, gazetteer }
    }

    /// The lexicons.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The compiled gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Extracts one article. `article_key` is its content hash.
    pub fn extract(&self, text: &str, article_key: &str) -> Extraction {
        self.extract_dated(text, article_key, None)
    }

    /// Extracts one article published on `published` (`YYYY-MM-DD`): its
    /// relative dates are resolved, and each relation is dated by its
    /// sentence's date, else by publication.
    pub fn extract_dated(&self, text: &str, article_key: &str, published: Option<&str>) -> Extraction {
        let doc = Document::new(text, &self.lexicon.junk);
        let actors = extract_actors_dated(&doc, &self.gazetteer, article_key, published);
        let claims = extract_claims(&doc, &self.gazetteer, &actors);
        let mut relations = extract_relations(&doc, &self.gazetteer, &actors, &claims);
        let dates = published.map(|p| resolve_dates(&doc, p)).unwrap_or_default();
        for r in &mut relations {
            r.date = dates
                .iter()
                .find(|d| d.sentence == r.sentence)
                .map(|d| d.date.clone())
                .or_else(|| published.map(str::to_string));
        }
        Extraction {
            sentences: doc.sentences.iter().map(|s| s.span).collect(),
            junk: doc.junk,
            actors,
            claims,
            relations,
            dates,
        }
    }
}
