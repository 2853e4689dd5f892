//! What `cargo xtask` shares with its tests: the release bundle's static
//! critical path, held under a budget by `tests/bundle_budget.rs`.

pub mod critical_path;
