#![allow(unreachable_pub)]
//! The integration tests: one binary (link time matters on two cores), one module per feature.
//! Each test builds a real dossier (the example, or a small fixture written by the test) and
//! asserts on the produced HTML by parsing it, or on `dossier check --format json`.

mod support;

mod bad_input;
mod browser;
mod build_example;
mod diagnostics;
mod fixtures;
mod output_safety;
