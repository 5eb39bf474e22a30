#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod corpus;
pub mod eval;
pub mod export;
pub mod extract;
pub mod lexicon;
pub mod network;
pub mod pipeline;
pub mod queries;
pub mod rdf;
pub mod report;
pub mod serve;
pub mod store;
pub mod synth;
pub mod tables;
pub mod text;
