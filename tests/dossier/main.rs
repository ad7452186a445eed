#![allow(unreachable_pub)]
//! The integration tests: one binary (link time matters on two cores), one module per feature.
//! Each test builds a real dossier (the example, or a small fixture written by the test) and
//! asserts on the produced HTML by parsing it, or on `dossier check --format json`.

mod support;

mod article_inputs;
mod bad_input;
mod browser;
mod build_example;
mod diagnostics;
mod extraction_accuracy;
mod fixtures;
mod glossary;
mod hostile;
mod outlets;
mod output_safety;
mod print;
mod scale;
mod sentences;
#[cfg(feature = "serve")]
mod serve;
mod timeline;
mod timeline_key;
