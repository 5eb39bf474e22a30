//! The command line, as clap derive definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// isnad: who said what, about whom, from Arabic news, as a knowledge graph.
///
/// isnad reads Arabic news articles, finds the actors they name (states,
/// people, ministries, forces, international bodies), ties every mention to
/// its exact characters, and keeps it all in an on-disk Oxigraph store that
/// answers SPARQL.
#[derive(Debug, Parser)]
#[command(name = "isnad", version, propagate_version = true, after_long_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Exit codes, shown at the end of `--help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  finished, but some inputs were bad and skipped (each named on stderr)
  2  nothing done: bad arguments, unreadable lexicon, store busy or not a store,
     malformed query; the message says which

Environment:
  ISNAD_STORE    default for --store (otherwise ./isnad-store)";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the knowledge graph from a corpus.
    ///
    /// Streams the corpus, extracts actors, claims and relations a batch at
    /// a time on every core, and writes each article's graph to the store:
    /// new articles by one atomic bulk load per batch, a changed article by
    /// one transaction replacing its older graph. Unchanged articles are
    /// left alone; a killed build leaves only whole article graphs.
    #[command(after_long_help = "Examples:
  isnad build                          # the bundled seeds/ into ./isnad-store
  isnad build crawl/ extra.jsonl --store graph
  isnad build crawl/ --store graph --prune   # drop articles no longer in crawl/
  isnad build --lexicon my-lexicons/   # overlay your own actors

Exit codes: 0 all articles built; 1 built, but some articles were bad (named on
stderr); 2 nothing built (store busy, bad lexicon, missing corpus).")]
    Build(BuildArgs),

    /// Run a SPARQL query on the store.
    ///
    /// The query comes from the argument, from --file, or from standard input.
    #[command(after_long_help = "Examples:
  isnad query --store graph 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
  isnad query --store graph --file queries/actors.rq --format csv
  isnad query --store graph --file queries/actor-mentions.rq --bind id=nikol_pashinyan
  echo 'ASK { GRAPH ?g { ?s ?p ?o } }' | isnad query --store graph

Article triples live in named graphs: use GRAPH ?g { ... } to reach them.")]
    Query(QueryArgs),

    /// Export the store: RDF dumps, JSON Lines, the network, or tables (Parquet, CSV).
    #[command(after_long_help = "Examples:
  isnad export --store graph --format nquads --output graph.nq
  isnad export --store graph --output mentions.jsonl   # format from the extension
  isnad export --store graph --format trig | less
  isnad export --store graph --output network.graphml   # for Gephi, networkx, igraph
  isnad export --store graph --output network.gexf      # Gephi's timeline
  isnad export --store graph --output claims.parquet    # one table, named by the file
  isnad export --store graph --format relations-csv
  isnad export --store graph --format parquet --output tables/   # every table")]
    Export(ExportArgs),

    /// Write the "who said what" provenance report (HTML or Markdown).
    ///
    /// Per speaker, grouped under the state or body they speak for, their
    /// claims with type, words as written, whom they are about, article,
    /// date and sentence; then the contested figures and an index of the
    /// articles cited. Read from the store through queries/. The 50
    /// speakers with the most claims and 20 claims of each are shown unless
    /// --top, --limit, --all or --speaker say otherwise; the report says
    /// what it leaves out.
    #[command(after_long_help = "Examples:
  isnad report --store graph --output report.html
  isnad report --store graph --format md --speaker russia
  isnad report --store graph --output everything.html --all
  isnad report --store graph --output accusations.md --type accusation --since 2023-09-01")]
    Report(ReportArgs),

    /// Analyse the signed actor network: blocs, centrality, allies, timeline.
    ///
    /// Reads the relations from the store, finds the two alliance blocs that
    /// leave the fewest frustrated ties (structural balance), degree,
    /// PageRank and betweenness, each actor's strongest allies and
    /// adversaries, and pairs whose tie changes across years; writes the
    /// results back to the store (graph/analysis).
    #[command(after_long_help = "Examples:
  isnad analyze --store graph
  isnad analyze --store graph --format json | jq '.frustrated'")]
    Analyze(AnalyzeArgs),

    /// Serve the store over HTTP: SPARQL 1.1 Protocol and pages to read it.
    ///
    /// `/query` answers any SPARQL client (GET, POST sparql-query or form;
    /// JSON, XML, CSV, TSV results; Turtle, N-Triples, N-Quads, TriG
    /// graphs), read-only, with a time and a result limit per query. `/`
    /// is a query editor with the named queries, `/report` the provenance
    /// report, `/actor/ID` one actor's claims and ties, `/export/graphml`
    /// and `/export/gexf` the network. A build may run meanwhile: requests
    /// get 503 while it writes, then see the new store.
    #[command(after_long_help = "Examples:
  isnad serve --store graph
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5' http://127.0.0.1:7878/query
  isnad serve --store graph --bind 127.0.0.1:8080 --timeout 10 --max-results 100000")]
    Serve(ServeArgs),

    /// Score extraction against gold annotations (precision, recall, F1).
    ///
    /// Builds the corpus in memory with the same pipeline as `build`, exports
    /// it as `export` does, and scores it as the reference scorer does.
    #[command(after_long_help = "Examples:
  isnad eval --gold gold.jsonl seeds/
  isnad eval --gold gold.jsonl seeds/ --json")]
    Eval(EvalArgs),

    /// Extract one shard of a corpus into gzipped N-Quads, for a build
    /// spread over machines.
    ///
    /// Every machine reads the whole corpus and extracts only the articles
    /// of its shard (assigned by the hash of their text, the same on every
    /// machine): shard K of N writes DIR/shard-K-of-N.nq.gz and its
    /// manifest. Load the shards with `isnad build --nquads DIR`, or into
    /// any store with its bulk loader.
    #[command(after_help = "Examples:
  isnad extract corpus/ --shard 0/4 --output shards/    # on the first machine
  isnad extract corpus/ --shard 3/4 --output shards/    # on the fourth
  isnad build --nquads shards/ --store graph            # all four, into one store")]
    Extract(ExtractArgs),

    /// Check lexicon directories before using them with --lexicon.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
}

/// A SPARQL 1.1 store over HTTP, used instead of the store directory.
#[derive(Debug, Clone, Args)]
pub struct RemoteArgs {
    /// Use the SPARQL 1.1 store with this query endpoint instead of the
    /// store directory (Oxigraph server: http://HOST:7878/query; Fuseki:
    /// http://HOST:3030/DATASET/query). Credentials come from the
    /// environment, never the command line: ISNAD_REMOTE_USER and
    /// ISNAD_REMOTE_PASSWORD (HTTP basic) or ISNAD_REMOTE_TOKEN (bearer).
    #[arg(long, value_name = "URL", env = "ISNAD_ENDPOINT")]
    pub endpoint: Option<String>,
    /// The same store's SPARQL 1.1 Graph Store Protocol endpoint, which
    /// `build` and `analyze` write through (Oxigraph server:
    /// http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data).
    #[arg(long, value_name = "URL", env = "ISNAD_GRAPH_STORE", requires = "endpoint")]
    pub graph_store: Option<String>,
}

impl RemoteArgs {
    /// The remote store, when one is given.
    pub fn open(&self) -> anyhow::Result<Option<isnad::store::remote::Remote>> {
        match &self.endpoint {
            Some(e) => Ok(Some(isnad::store::remote::Remote::new(e, self.graph_store.as_deref())?)),
            None => Ok(None),
        }
    }
}

/// `isnad build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Corpus paths: directories of .txt articles (with metadata.tsv or
    /// metadata.jsonl), .txt files, or JSON Lines files. Default: seeds/.
    #[arg(value_hint = clap::ValueHint::AnyPath)]
    pub corpus: Vec<PathBuf>,
    /// The store directory (created if missing).
    #[arg(long, env = "ISNAD_STORE", default_value = "isnad-store", value_hint = clap::ValueHint::DirPath)]
    pub store: PathBuf,
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// A lexicon directory overlaying the defaults (repeatable; later wins).
    #[arg(long, value_hint = clap::ValueHint::DirPath)]
    pub lexicon: Vec<PathBuf>,
    /// Load the shards `isnad extract` wrote into this directory instead of
    /// extracting a corpus.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["corpus", "endpoint", "lexicon"], value_hint = clap::ValueHint::DirPath)]
    pub nquads: Option<PathBuf>,
    /// Drop from the store the articles that are not in this corpus.
    #[arg(long)]
    pub prune: bool,
    /// Rewrite every article graph, even those already in the store as they
    /// are (after changing isnad itself; changed lexicons are noticed without it).
    #[arg(long)]
    pub force: bool,
    /// Largest article accepted, in bytes.
    #[arg(long, default_value_t = isnad::corpus::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Worker threads for extraction (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Articles per batch: each batch is extracted in parallel and its new
    /// articles stored in one atomic bulk load.
    #[arg(long, default_value_t = isnad::pipeline::DEFAULT_BATCH, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub batch: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `isnad extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Corpus paths, as for `isnad build`. Default: seeds/.
    #[arg(value_hint = clap::ValueHint::AnyPath)]
    pub corpus: Vec<PathBuf>,
    /// Which shard to extract: K/N, K from 0 to N-1.
    #[arg(long, value_name = "K/N")]
    pub shard: String,
    /// The directory the shard's files go into (created if missing).
    #[arg(long, short, value_hint = clap::ValueHint::DirPath)]
    pub output: PathBuf,
    /// A lexicon directory overlaying the defaults (repeatable; later wins).
    #[arg(long, value_hint = clap::ValueHint::DirPath)]
    pub lexicon: Vec<PathBuf>,
    /// Largest article accepted, in bytes.
    #[arg(long, default_value_t = isnad::corpus::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Worker threads for extraction (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Result formats of `isnad query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// An aligned table for reading.
    Table,
    /// SPARQL 1.1 CSV results.
    Csv,
    /// SPARQL 1.1 TSV results.
    Tsv,
    /// SPARQL 1.1 JSON results.
    Json,
    /// SPARQL 1.1 XML results.
    Xml,
}

/// `isnad query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The SPARQL query (or use --file, or standard input).
    pub query: Option<String>,
    /// Read the query from a file (e.g. queries/actors.rq).
    #[arg(long, short, conflicts_with = "query", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    /// The store directory.
    #[arg(long, env = "ISNAD_STORE", default_value = "isnad-store", value_hint = clap::ValueHint::DirPath)]
    pub store: PathBuf,
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// Result format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
    /// Bind a variable before evaluation: NAME=VALUE, VALUE an <IRI> or a
    /// plain string (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub bind: Vec<String>,
}

/// `isnad export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The store directory.
    #[arg(long, env = "ISNAD_STORE", default_value = "isnad-store", value_hint = clap::ValueHint::DirPath)]
    pub store: PathBuf,
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// nquads | trig | turtle | mentions-jsonl | claims-jsonl |
    /// relations-jsonl | graphml | gexf | TABLE-parquet | TABLE-csv (TABLE:
    /// articles, actors, mentions, claims, claim-targets, relations,
    /// figures) | parquet | csv (every table into the directory --output).
    /// Guessed from --output when absent (.nq .trig .ttl .graphml .gexf;
    /// .jsonl means mentions-jsonl; claims.parquet, claim_targets.csv name a
    /// table); required for stdout.
    #[arg(long)]
    pub format: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, short, value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
}

/// Output formats of `isnad analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// An aligned table and lists for reading.
    Table,
    /// Everything, as JSON.
    Json,
}

/// `isnad analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The store directory.
    #[arg(long, env = "ISNAD_STORE", default_value = "isnad-store", value_hint = clap::ValueHint::DirPath)]
    pub store: PathBuf,
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Table)]
    pub format: AnalyzeFormat,
}

/// `isnad report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The store directory.
    #[arg(long, env = "ISNAD_STORE", default_value = "isnad-store", value_hint = clap::ValueHint::DirPath)]
    pub store: PathBuf,
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// html | md. Guessed from --output's extension when absent; required
    /// for stdout.
    #[arg(long)]
    pub format: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, short, value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// Only claims by this speaker id, or by anyone speaking for this state
    /// or body id (e.g. dmitry_peskov, russia).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only claims about this actor or place id.
    #[arg(long)]
    pub about: Option<String>,
    /// Only claims of this type (accusation, appeal, ...).
    #[arg(long = "type")]
    pub claim_type: Option<String>,
    /// Only claims from articles published on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only claims from articles published on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Show the N speakers with the most claims (0: every speaker).
    /// Default 50; every speaker in scope with --speaker.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Show at most N claims per speaker (0: every claim). Default 20;
    /// every claim with --speaker.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Every speaker and every claim (--top 0 --limit 0): on a large store,
    /// a long read and a very long page.
    #[arg(long, conflicts_with_all = ["top", "limit"])]
    pub all: bool,
}

/// `isnad eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotations, JSON Lines (one article per line).
    #[arg(long, value_hint = clap::ValueHint::FilePath)]
    pub gold: PathBuf,
    /// Corpus paths holding the gold's articles. Default: seeds/.
    #[arg(value_hint = clap::ValueHint::AnyPath)]
    pub corpus: Vec<PathBuf>,
    /// A lexicon directory overlaying the defaults (repeatable).
    #[arg(long, value_hint = clap::ValueHint::DirPath)]
    pub lexicon: Vec<PathBuf>,
    /// Print the figures as JSON (the reference scorer's --json shape).
    #[arg(long)]
    pub json: bool,
}

/// `isnad lexicon`.
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Validate lexicon directories: every error with file, line and column.
    Check {
        /// Directories to overlay on the defaults, in order.
        #[arg(value_hint = clap::ValueHint::DirPath)]
        dirs: Vec<PathBuf>,
    },
}

/// `isnad serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store directory.
    #[arg(long, env = "ISNAD_STORE", default_value = "isnad-store", value_hint = clap::ValueHint::DirPath)]
    pub store: PathBuf,
    /// Address and port to listen on (loopback unless you mean otherwise).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Seconds a query may take, evaluation and writing together.
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Most results (rows or triples) a query may give.
    #[arg(long, default_value_t = 1_000_000)]
    pub max_results: usize,
    /// Queries evaluated at once; others wait up to 10 s for a turn, then
    /// get 503. Default: four per core (a query also waits on the disk).
    #[arg(long)]
    pub max_queries: Option<usize>,
    /// Open connections at once.
    #[arg(long, default_value_t = 128)]
    pub max_connections: usize,
    /// Largest request body (a POSTed query), bytes.
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body: usize,
}
