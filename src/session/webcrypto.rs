//! RS256 signature checks with the browser's WebCrypto: the pool's key is
//! imported as a public JWK for `RSASSA-PKCS1-v1_5` with SHA-256 (RFC 7518
//! §3.3) and `SubtleCrypto.verify` checks the signature. No RSA arithmetic
//! of our own.

use cognito_client::jwks::Jwk;
use cognito_client::verify::{SignatureVerifier, VerifierError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// [`SignatureVerifier`] with `crypto.subtle` (W3C Web Cryptography API
/// §20: `importKey("jwk", …)` and `verify`).
///
/// ```no_run
/// # async fn example(id_token: &str, now: i64) {
/// use cognito_client::token_check::{TokenExpectations, TokenUse};
/// use cognito_client::verify::TokenVerifier;
/// use leptos_cognito::session::WebCrypto;
/// use leptos_cognito::transport::FetchTransport;
/// use leptos_cognito::AuthConfig;
///
/// let config = AuthConfig::new("ap-northeast-1", "ap-northeast-1_AbC123xyz", "1example23456789")
///     .unwrap();
/// let expected = TokenExpectations::new(config.issuer(), &config.user_pool_client_id);
/// let verifier = TokenVerifier::new(FetchTransport, WebCrypto, expected);
/// match verifier.verify(id_token, TokenUse::Id, now).await {
///     Ok(token) => println!("signed with key {}", token.kid),
///     Err(e) => println!("rejected: {e}"),
/// }
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct WebCrypto;

/// `{"name":"RSASSA-PKCS1-v1_5","hash":"SHA-256"}`: `RsaHashedImportParams`.
const IMPORT_ALGORITHM: &str = r#"{"name":"RSASSA-PKCS1-v1_5","hash":"SHA-256"}"#;

fn failed(what: &str, error: JsValue) -> VerifierError {
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_default();
    VerifierError {
        message: format!("WebCrypto {what} failed: {detail}"),
    }
}

fn json_object(text: &str) -> Result<js_sys::Object, VerifierError> {
    js_sys::JSON::parse(text)
        .map(|v| v.unchecked_into())
        .map_err(|e| failed("JSON.parse", e))
}

fn subtle() -> Result<web_sys::SubtleCrypto, VerifierError> {
    let crypto = web_sys::window()
        .ok_or_else(|| VerifierError {
            message: "no window: WebCrypto is not available here".into(),
        })?
        .crypto()
        .map_err(|e| failed("crypto", e))?;
    // `crypto.subtle` exists only in secure contexts (https, or loopback).
    let subtle = js_sys::Reflect::get(&crypto, &JsValue::from_str("subtle"))
        .map_err(|e| failed("crypto.subtle", e))?;
    if subtle.is_undefined() {
        return Err(VerifierError {
            message: "crypto.subtle is missing: the page must be served over https (or from this computer)".into(),
        });
    }
    Ok(subtle.unchecked_into())
}

impl SignatureVerifier for WebCrypto {
    async fn verify_rs256(
        &self,
        key: &Jwk,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifierError> {
        let subtle = subtle()?;
        let jwk = json_object(&key.to_json())?;
        let algorithm = json_object(IMPORT_ALGORITHM)?;
        let usages = js_sys::Array::of1(&JsValue::from_str("verify"));
        let imported = subtle
            .import_key_with_object("jwk", &jwk, &algorithm, false, &usages)
            .map_err(|e| failed("importKey", e))?;
        let crypto_key: web_sys::CryptoKey = JsFuture::from(imported)
            .await
            .map_err(|e| failed("importKey", e))?
            .unchecked_into();
        let verified = subtle
            .verify_with_str_and_u8_array_and_u8_array(
                "RSASSA-PKCS1-v1_5",
                &crypto_key,
                signature,
                signing_input,
            )
            .map_err(|e| failed("verify", e))?;
        let valid = JsFuture::from(verified)
            .await
            .map_err(|e| failed("verify", e))?;
        Ok(valid.as_bool() == Some(true))
    }
}
