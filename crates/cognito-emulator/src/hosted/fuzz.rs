//! The fuzz target body for the hosted UI's request parameters: form
//! bodies (`form_params`), query strings (axum's `Query`, as the handlers
//! read them) and the session cookie. See `crate::fuzz_targets`.

use std::cell::RefCell;

use axum::body::Body;
use axum::extract::{Query, Request};
use axum::http::{header, HeaderMap, HeaderValue, Uri};

use super::http::{cookie, form_encode, form_params, FormRejection, Params};

thread_local! {
    static RUNTIME: RefCell<tokio::runtime::Runtime> = RefCell::new(
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime"),
    );
}

fn form(content_type: &str, body: Vec<u8>) -> Result<Params, FormRejection> {
    let request = Request::post("/oauth2/token")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("a request");
    RUNTIME.with(|rt| rt.borrow().block_on(form_params(request)))
}

/// What every `Params` must satisfy: `get` finds exactly the names with a
/// non-empty value, `repeated` names one given twice (RFC 6749 §3.1) and
/// only then, `pairs` drops empty values and keeps the order.
fn check_params(params: &Params) {
    for (name, _) in &params.0 {
        let count = params
            .0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .count();
        assert_eq!(params.count(name), count);
        assert_eq!(params.get(name).is_some(), count > 0);
    }
    match params.repeated() {
        Some(name) => assert!(params.count(name) > 1, "{name}"),
        None => assert!(params.0.iter().all(|(k, _)| params.count(k) <= 1)),
    }
    let pairs = params.pairs();
    assert!(pairs.iter().all(|(_, v)| !v.is_empty()));
    let kept: Vec<(&str, &str)> = params
        .0
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(pairs, kept);
}

/// A form body, the same bytes as a query string, and as a `Cookie`
/// header: never a panic; a form is read only with the form media type;
/// what is read satisfies [`check_params`] and, encoded again, reads back
/// the same.
pub fn form_and_query(data: &[u8]) {
    let (selector, body) = data.split_first().unwrap_or((&0, &[]));
    let content_type = [
        "application/x-www-form-urlencoded",
        "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
        "application/json",
        "text/plain",
    ][usize::from(*selector % 4)];
    match form(content_type, body.to_vec()) {
        Ok(params) => {
            assert!(*selector % 4 < 2, "read a form sent as {content_type}");
            check_params(&params);
            let again = form_encode(
                &params
                    .0
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect::<Vec<_>>(),
            );
            let reread = form(content_type, again.clone().into_bytes())
                .unwrap_or_else(|_| panic!("re-encoded form {again:?} did not read"));
            assert_eq!(reread.0, params.0, "{again}");
        }
        Err(FormRejection::ContentType) => assert!(*selector % 4 >= 2),
        Err(FormRejection::Unreadable) => {}
    }

    let text = String::from_utf8_lossy(body);
    if let Ok(uri) = format!("/oauth2/authorize?{text}").parse::<Uri>() {
        if let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(&uri) {
            check_params(&Params(pairs));
        }
    }

    if let Ok(value) = HeaderValue::from_bytes(body) {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, value);
        for name in ["cognito", "a", ""] {
            if let Some(found) = cookie(&headers, name) {
                let raw = headers[header::COOKIE].to_str().expect("found in text");
                assert!(raw.contains(&format!("{name}={found}")), "{raw:?}");
                assert!(!found.contains(';'));
            }
        }
    }
}
