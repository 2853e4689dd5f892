#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leptos_cognito::fuzz_targets::config_json(data));
