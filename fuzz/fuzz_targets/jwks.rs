#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| cognito_client::fuzz_targets::jwks(data));
