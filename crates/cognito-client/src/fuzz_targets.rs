//! The bodies of the fuzz targets for every parser here that reads what an
//! attacker controls: JWTs and ID token claims, the OAuth callback query,
//! the return path, Cognito's error responses and operation outputs (user
//! pool and identity pool), the JWKS, and the OAuth token, revoke and
//! userInfo answers.
//!
//! Each body takes raw bytes and asserts its invariants (it panics when one
//! breaks). The same body runs under libFuzzer (`fuzz/fuzz_targets/`, built
//! with `--cfg fuzzing` by cargo-fuzz) and as a proptest on stable inside
//! `cargo test`, so both check one thing. Structured targets read their
//! choices from the bytes with [`Bytes`], so random bytes reach deep paths.
#![allow(missing_docs)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

use crate::error::{normalise_type, CognitoError, ErrorKind};
use crate::flow::Tokens;
use crate::http::HttpResponse;
use crate::identity_pool::{
    parse_identity_response, GetCredentialsForIdentity, GetId, IdentityOperation,
};
use crate::jwks::{
    parse_jwks, parse_jwks_response, JwksError, MAX_JWKS_BYTES, MAX_RSA_BITS, MIN_RSA_BITS,
};
use crate::jwt::{claims_unverified, decode_unverified};
use crate::oauth::{
    after_refresh_response, after_token_response, check_id_token, parse_callback,
    parse_revoke_response, parse_userinfo_response, safe_return_path, AuthorizationAttempt,
    CallbackError, CallbackParams, IdTokenExpectations, Nonce, OAuthError, ATTEMPT_RANDOM_BYTES,
    DEFAULT_RETURN_PATH, MAX_CALLBACK_QUERY_BYTES, MAX_CALLBACK_VALUE_BYTES,
};
use crate::ops::{
    AssociateSoftwareToken, ChangePassword, ConfirmForgotPassword, ConfirmSignUp, ForgotPassword,
    GetUser, GlobalSignOut, InitiateAuth, Operation, ResendConfirmationCode,
    RespondToAuthChallenge, RevokeToken, SetUserMfaPreference, SignUp, VerifySoftwareToken,
};
use crate::secret::{AccessToken, IdToken, RefreshToken};

/// Reads choices off fuzz input, like libFuzzer's FuzzedDataProvider: when
/// the bytes run out every read yields zero / empty.
pub struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes(data)
    }

    pub fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    /// True once in `n` (for bytes spread evenly).
    pub fn one_in(&mut self, n: u8) -> bool {
        self.byte() % n < 1
    }

    pub fn bool(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    pub fn i64(&mut self) -> i64 {
        let mut n = [0u8; 8];
        for b in &mut n {
            *b = self.byte();
        }
        i64::from_le_bytes(n)
    }

    /// One of `items` (the first when the bytes have run out).
    pub fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[usize::from(self.byte()) % items.len()]
    }

    /// A string of up to `max` bytes (a length byte, then lossy UTF-8).
    pub fn string(&mut self, max: usize) -> String {
        let len = (usize::from(self.byte()) % (max + 1)).min(self.0.len());
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(s).into_owned()
    }

    /// Whatever is left, lossy UTF-8.
    pub fn rest(&mut self) -> String {
        let s = String::from_utf8_lossy(self.0).into_owned();
        self.0 = &[];
        s
    }
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// `jwt::decode_unverified`: never panics; whatever decodes re-encodes to a
/// token that decodes to the same header and claims.
pub fn jwt(data: &[u8]) {
    let token = String::from_utf8_lossy(data);
    let decoded = decode_unverified(&token);
    assert_eq!(
        claims_unverified(&token),
        decoded.clone().map(|(_, claims)| claims)
    );
    if let Ok((header, claims)) = decoded {
        let again = format!(
            "{}.{}.sig",
            b64(&Value::Object(header.clone())),
            b64(&Value::Object(claims.clone()))
        );
        assert_eq!(decode_unverified(&again), Ok((header, claims)));
    }
}

const ISSUER: &str = "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_AbC123";
const CLIENT: &str = "4n0cl13nt1d";

/// `oauth::check_id_token` on a token whose header and claims the input
/// chooses (each claim right, wrong, absent or of the wrong type), checked
/// against an independent reading of OIDC Core §3.1.3.7: a token passes
/// exactly when every rule holds, and a passed token has the checked
/// claims. With the first byte a multiple of 4, the rest is the token text
/// itself.
pub fn id_token(data: &[u8]) {
    let mut b = Bytes::new(data);
    let raw_mode = b.one_in(4);
    let now = b.i64() >> 2;
    let skew = i64::from(b.byte());
    let expected = IdTokenExpectations {
        issuer: ISSUER.into(),
        client_id: CLIENT.into(),
        skew_seconds: skew,
    };
    let nonce = Nonce::from_random(&[7; 32]);
    let with_nonce = b.bool();
    let nonce_arg = with_nonce.then_some(&nonce);

    if raw_mode {
        let token = b.rest();
        if let Ok(claims) = check_id_token(&token, &expected, nonce_arg, now) {
            assert_passed(&claims, &expected, nonce_arg, now);
        }
        return;
    }

    // Each member: absent, a wrong string, a number, a fuzzed string, or
    // (most often, so that whole tokens pass too) the right value.
    let choice = |b: &mut Bytes, right: Value| -> Option<Value> {
        match b.byte() % 16 {
            0 => None,
            1 => Some(json!("wrong")),
            2 => Some(json!(42)),
            3 => Some(Value::String(b.string(24))),
            _ => Some(right),
        }
    };
    let mut header = Map::new();
    let mut claims = Map::new();
    for (in_header, name, right) in [
        (true, "alg", json!("RS256")),
        (true, "kid", json!("key-1")),
        (false, "iss", json!(ISSUER)),
        (false, "token_use", json!("id")),
        (false, "sub", json!("8f1c2a4e-0000-4000-8000-000000000001")),
        (false, "nonce", json!(nonce.expose())),
        (false, "azp", json!(CLIENT)),
    ] {
        if let Some(v) = choice(&mut b, right) {
            let map = if in_header { &mut header } else { &mut claims };
            map.insert(name.into(), v);
        }
    }
    match b.byte() % 6 {
        0 => {}
        1 => drop(claims.insert("aud".into(), json!([CLIENT]))),
        2 => drop(claims.insert("aud".into(), json!([b.string(12), CLIENT, 5]))),
        3 => drop(claims.insert("aud".into(), json!([b.string(12)]))),
        _ => drop(claims.insert("aud".into(), json!(CLIENT))),
    }
    for name in ["exp", "iat"] {
        let offset = i64::from(b.byte() as i8) * 8;
        match b.byte() % 6 {
            0 => {}
            1 => drop(claims.insert(name.into(), json!(now.saturating_add(offset) as f64 + 0.5))),
            2 => drop(claims.insert(name.into(), json!("soon"))),
            _ => drop(claims.insert(name.into(), json!(now.saturating_add(offset)))),
        }
    }
    let token = format!(
        "{}.{}.c2ln",
        b64(&Value::Object(header.clone())),
        b64(&Value::Object(claims.clone()))
    );
    // What the checker reads: serde_json's float parsing may land one ulp
    // off what was printed, so the oracle reads the printed claims too.
    let claims: Map<String, Value> =
        serde_json::from_str(&Value::Object(claims).to_string()).expect("claims re-read");
    let result = check_id_token(&token, &expected, nonce_arg, now);

    // The oracle, written from the rules rather than from the code.
    let time_of = |k: &str| {
        claims.get(k).and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
        })
    };
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let azp = str_of(&claims, "azp");
    let valid = str_of(&header, "alg") == Some("RS256")
        && str_of(&header, "kid").is_some_and(|k| !k.is_empty())
        && str_of(&claims, "iss") == Some(ISSUER)
        && audiences.contains(&CLIENT)
        && (if audiences.len() > 1 || azp.is_some() {
            azp == Some(CLIENT)
        } else {
            true
        })
        && str_of(&claims, "token_use") == Some("id")
        && str_of(&claims, "sub").is_some_and(|s| !s.is_empty())
        && time_of("exp").is_some_and(|exp| exp.saturating_add(skew) > now)
        && time_of("iat").is_some_and(|iat| iat <= now.saturating_add(skew))
        && (!with_nonce || str_of(&claims, "nonce") == Some(nonce.expose()));
    assert_eq!(
        result.is_ok(),
        valid,
        "header {header:?} claims {claims:?} now {now} skew {skew}: {result:?}"
    );
    if let Ok(checked) = result {
        assert_eq!(checked, claims);
        assert_passed(&checked, &expected, nonce_arg, now);
    }
}

fn str_of<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    m.get(k).and_then(Value::as_str)
}

/// What a token that passed `check_id_token` must have.
fn assert_passed(
    claims: &Map<String, Value>,
    expected: &IdTokenExpectations,
    nonce: Option<&Nonce>,
    now: i64,
) {
    assert_eq!(claims["iss"], json!(expected.issuer));
    assert_eq!(claims["token_use"], json!("id"));
    assert!(claims["sub"].as_str().is_some_and(|s| !s.is_empty()));
    let aud_ok = match &claims["aud"] {
        Value::String(a) => *a == expected.client_id,
        Value::Array(a) => a.contains(&json!(expected.client_id)),
        _ => false,
    };
    assert!(aud_ok, "{claims:?}");
    let exp = claims["exp"]
        .as_i64()
        .or_else(|| claims["exp"].as_f64().map(|f| f as i64))
        .expect("a numeric exp");
    assert!(exp.saturating_add(expected.skew_seconds) > now);
    if let Some(nonce) = nonce {
        assert_eq!(claims["nonce"], json!(nonce.expose()));
    }
}

/// `oauth::parse_callback`: never panics; what it accepts is bounded and
/// serialises back (as the hosted UI would send it) to the same result.
/// With the first byte odd, the query is built from pairs the input names,
/// so repeats, empty values and code-with-error cases come up often.
pub fn callback(data: &[u8]) {
    let mut b = Bytes::new(data);
    let query = if b.bool() {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for _ in 0..b.byte() % 6 {
            let name = *b.pick(&["code", "state", "error", "error_description", "iss", "x"]);
            ser.append_pair(name, &b.string(40));
        }
        let mut q = ser.finish();
        if b.bool() {
            q.push_str(&b.rest());
        }
        q
    } else {
        b.rest()
    };
    let parsed = parse_callback(&query);
    let stripped = query.strip_prefix('?').unwrap_or(&query);
    if stripped.split('#').next().unwrap_or("").len() > MAX_CALLBACK_QUERY_BYTES {
        assert_eq!(parsed, Err(CallbackError::QueryTooLong));
    }
    let Ok(params) = parsed else { return };
    let mut ser = form_urlencoded::Serializer::new(String::new());
    match &params {
        CallbackParams::Code { code, state } => {
            for v in [code.expose(), state.as_str()] {
                assert!(!v.is_empty() && v.len() <= MAX_CALLBACK_VALUE_BYTES);
            }
            ser.append_pair("code", code.expose());
            ser.append_pair("state", state);
        }
        CallbackParams::Error {
            error,
            description,
            state,
        } => {
            assert!(!error.as_str().is_empty() && error.as_str().len() <= MAX_CALLBACK_VALUE_BYTES);
            ser.append_pair("error", error.as_str());
            for (name, value) in [("error_description", description), ("state", state)] {
                if let Some(v) = value {
                    assert!(!v.is_empty() && v.len() <= MAX_CALLBACK_VALUE_BYTES);
                    ser.append_pair(name, v);
                }
            }
            // Classifying never panics, whatever the description.
            let _ = error.kind(description.as_deref());
        }
    }
    let again = ser.finish();
    assert_eq!(parse_callback(&again).as_ref(), Ok(&params), "{again}");
    assert_eq!(parse_callback(&format!("?{again}")), Ok(params));
}

/// Independent of `return_path.rs`: what a same-origin path is.
fn same_origin_path(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() <= 2048
        && b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/' | b'\\'))
        && b.iter()
            .all(|&c| c.is_ascii_graphic() && c != b'\\' && c != b'@')
}

/// `oauth::safe_return_path`: the answer is always a same-origin path: the
/// request when it is one and its path is on the allow-list, otherwise the
/// first same-origin entry of the allow-list, or the default.
pub fn return_path(data: &[u8]) {
    let mut b = Bytes::new(data);
    let pool = [
        "/account",
        "/",
        "/settings/mfa",
        "//evil.example",
        "https://evil.example/",
        "/a b",
        "",
    ];
    let allowed: Vec<String> = (0..b.byte() % 4)
        .map(|_| {
            if b.bool() {
                (*b.pick(&pool)).to_owned()
            } else {
                b.string(16)
            }
        })
        .collect();
    let requested = match b.byte() % 3 {
        0 => None,
        1 => Some(format!("{}{}", b.pick(&pool), b.string(16))),
        _ => Some(b.rest()),
    };
    let out = safe_return_path(requested.as_deref(), &allowed);
    assert!(
        same_origin_path(&out),
        "{out:?} from {requested:?} {allowed:?}"
    );
    let accepted = requested.as_deref().filter(|r| {
        let path = r.split(['?', '#']).next().unwrap_or("");
        same_origin_path(r) && allowed.iter().any(|a| a == path)
    });
    let fallback = allowed
        .iter()
        .find(|a| same_origin_path(a))
        .map_or(DEFAULT_RETURN_PATH, String::as_str);
    assert_eq!(
        out,
        accepted.unwrap_or(fallback),
        "{requested:?} {allowed:?}"
    );
}

/// Error responses (`CognitoError::from_response`, `parse_response` of
/// every user pool operation, `parse_identity_response` of both identity
/// pool operations) and the error type's normalisation: never panics,
/// normalising twice changes nothing, a kind read from a raw type equals
/// the kind read from its normalised form, an unknown kind keeps no
/// separator or surrounding space, and a 2xx never becomes a service error.
pub fn error_response(data: &[u8]) {
    let mut b = Bytes::new(data);
    let status = *b.pick(&[200u16, 204, 299, 400, 403, 500, 502, 100, 0, 999]);
    let mut headers = Vec::new();
    for _ in 0..b.byte() % 3 {
        let name = *b.pick(&[
            "x-amzn-ErrorType",
            "X-AMZN-ERRORTYPE",
            "x-amzn-errormessage",
            "content-type",
        ]);
        let value = if b.bool() {
            format!(
                "{}{}",
                b.pick(&[
                    "NotAuthorizedException:",
                    "aws.cognito#UserNotFoundException:http://x/",
                    "com.amazonaws#",
                    "",
                ]),
                b.string(24)
            )
        } else {
            b.string(24)
        };
        headers.push((name.to_owned(), value));
    }
    let body = match b.byte() % 3 {
        0 => {
            let mut body = Map::new();
            for names in [
                ["__type", "code", "message", "Message"],
                ["__type", "message", "Message", "x"],
            ] {
                let name = *b.pick(&names);
                body.insert(name.into(), Value::String(b.string(32)));
            }
            Value::Object(body).to_string()
        }
        1 => format!(
            "{{\"AuthenticationResult\":{{\"AccessToken\":\"{}\"}},\"Session\":{}}}",
            b.string(16).replace(['"', '\\'], ""),
            b.string(16)
        ),
        _ => b.rest(),
    };
    let response = HttpResponse {
        status,
        headers,
        body,
    };

    for raw in response
        .headers
        .iter()
        .map(|(_, v)| v.as_str())
        .chain([response.body.as_str()])
    {
        let once = normalise_type(raw);
        assert_eq!(normalise_type(once), once, "{raw:?}");
        let kind = ErrorKind::from_type(raw);
        assert_eq!(ErrorKind::from_type(once), kind);
        if let ErrorKind::Other(name) = &kind {
            assert!(!name.contains([':', ',', '#']), "{raw:?} -> {name:?}");
            assert_eq!(name.trim(), name, "{raw:?}");
        }
    }

    let error = CognitoError::from_response(&response);
    assert!(!matches!(error, CognitoError::Transport { .. }));
    if let CognitoError::Decode { message, .. } = &error {
        // At most 200 characters of the body are quoted.
        assert!(message.chars().count() <= 200 + 64, "{message}");
    }
    fn check<O: Operation>(response: &HttpResponse, error: &CognitoError) {
        match crate::client::parse_response::<O>(response) {
            Err(e) if !(200..300).contains(&response.status) => assert_eq!(&e, error),
            Err(CognitoError::Service { .. }) => panic!("a 2xx read as a service error"),
            _ => {}
        }
    }
    check::<SignUp>(&response, &error);
    check::<ConfirmSignUp>(&response, &error);
    check::<ResendConfirmationCode>(&response, &error);
    check::<InitiateAuth>(&response, &error);
    check::<RespondToAuthChallenge>(&response, &error);
    check::<GetUser>(&response, &error);
    check::<GlobalSignOut>(&response, &error);
    check::<AssociateSoftwareToken>(&response, &error);
    check::<VerifySoftwareToken>(&response, &error);
    check::<SetUserMfaPreference>(&response, &error);
    check::<RevokeToken>(&response, &error);
    check::<ForgotPassword>(&response, &error);
    check::<ConfirmForgotPassword>(&response, &error);
    check::<ChangePassword>(&response, &error);
    fn check_identity<O: IdentityOperation>(response: &HttpResponse, error: &CognitoError) {
        match parse_identity_response::<O>(response) {
            Err(e) if !(200..300).contains(&response.status) => assert_eq!(&e, error),
            Err(CognitoError::Service { .. }) => panic!("a 2xx read as a service error"),
            _ => {}
        }
    }
    check_identity::<GetId>(&response, &error);
    check_identity::<GetCredentialsForIdentity>(&response, &error);
}

/// Sets `name` in `entry`: most often to `right`, else leaves it out or
/// sets one of `wrong`. True when it was set to `right`, or left out and
/// `absent_ok`.
fn member(
    b: &mut Bytes,
    entry: &mut Map<String, Value>,
    name: &str,
    right: Value,
    wrong: &[Value],
    absent_ok: bool,
) -> bool {
    match b.byte() % 8 {
        0 => absent_ok,
        1 => {
            entry.insert(name.into(), b.pick(wrong).clone());
            false
        }
        _ => {
            entry.insert(name.into(), right);
            true
        }
    }
}

/// `jwks::parse_jwks` and `parse_jwks_response`: never panics; a non-200
/// answer is an HTTP error, a 200 is read as `parse_jwks` reads its body;
/// an accepted set holds only checked keys (a unique non-empty `kid`, an
/// `n` of 2048 to 8192 bits without leading zero octets, an odd `e` above 1
/// of at most 8 octets) that were in the input as RSA keys, and reads back
/// the same from the keys' own JSON. With the second byte odd, the set is
/// built from entries the input chooses, each member right, wrong or
/// absent; a set of only right entries is accepted whole, in order.
pub fn jwks(data: &[u8]) {
    let mut b = Bytes::new(data);
    let status = *b.pick(&[200u16, 200, 200, 404, 500, 0]);
    // The kids of a set built only of usable keys.
    let mut all_usable: Option<Vec<String>> = None;
    let body = if b.bool() {
        let mut entries = Vec::new();
        let mut kids = Vec::new();
        let mut usable = true;
        for i in 0..b.byte() % 4 {
            let mut entry = Map::new();
            let fill = b.byte() | 1;
            let modulus = |len: usize, first: u8| {
                let mut m = vec![fill; len];
                m[0] = first;
                URL_SAFE_NO_PAD.encode(m)
            };
            let right_n = {
                let len = *b.pick(&[256usize, 257, 384, 512, 1024]);
                modulus(len, b.byte() | 0x80)
            };
            let right_e = *b.pick(&["AQAB", "Aw"]);
            let kid = format!("k{i}");
            let ok = [
                member(
                    &mut b,
                    &mut entry,
                    "kty",
                    json!("RSA"),
                    &[json!("EC"), json!(42)],
                    false,
                ),
                member(
                    &mut b,
                    &mut entry,
                    "use",
                    json!("sig"),
                    &[json!("enc")],
                    true,
                ),
                member(
                    &mut b,
                    &mut entry,
                    "alg",
                    json!("RS256"),
                    &[json!("RS512")],
                    true,
                ),
                member(
                    &mut b,
                    &mut entry,
                    "kid",
                    json!(kid),
                    &[json!("k0"), json!(""), json!(7)],
                    false,
                ),
                member(
                    &mut b,
                    &mut entry,
                    "n",
                    json!(right_n),
                    &[
                        json!(modulus(255, 0xff)),
                        json!(modulus(256, 0x7f)),
                        json!(modulus(257, 0)),
                        json!(modulus(1025, 0x80)),
                        json!("not base64!"),
                        json!(format!("{right_n}=")),
                        json!(5),
                    ],
                    false,
                ),
                member(
                    &mut b,
                    &mut entry,
                    "e",
                    json!(right_e),
                    &[
                        json!("AQ"),
                        json!("Ag"),
                        json!("AAEAAQ"),
                        json!(URL_SAFE_NO_PAD.encode([1u8; 9])),
                        json!(""),
                        json!("A"),
                        json!("AQAB=="),
                    ],
                    false,
                ),
            ];
            usable &= ok.iter().all(|&ok| ok);
            kids.push(kid);
            entries.push(Value::Object(entry));
        }
        if usable && !entries.is_empty() {
            all_usable = Some(kids);
        }
        json!({ "keys": entries }).to_string()
    } else {
        b.rest()
    };

    let direct = parse_jwks(&body);
    let response = HttpResponse {
        status,
        headers: Vec::new(),
        body: body.clone(),
    };
    if status == 200 {
        assert_eq!(parse_jwks_response(&response), direct);
    } else {
        assert_eq!(
            parse_jwks_response(&response),
            Err(JwksError::Http { status })
        );
    }
    if body.len() > MAX_JWKS_BYTES {
        assert!(
            matches!(direct, Err(JwksError::TooLarge { .. })),
            "{direct:?}"
        );
    }
    let input: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let entries: Vec<&Map<String, Value>> = input
        .get("keys")
        .and_then(Value::as_array)
        .map(|keys| keys.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let has_kid = |kid: &str| entries.iter().any(|e| e.get("kid") == Some(&json!(kid)));
    match &direct {
        Ok(set) => {
            assert!(!set.keys.is_empty());
            for (i, key) in set.keys.iter().enumerate() {
                assert!(!key.kid.is_empty());
                assert!(set.keys[..i].iter().all(|k| k.kid != key.kid), "{set:?}");
                let n = URL_SAFE_NO_PAD.decode(&key.n).expect("n is base64url");
                assert_eq!(n.len(), key.modulus_len);
                assert_ne!(n[0], 0, "a leading zero octet");
                let bits = n.len() * 8 - n[0].leading_zeros() as usize;
                assert!((MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits), "{bits} bits");
                let e = URL_SAFE_NO_PAD.decode(&key.e).expect("e is base64url");
                assert!(!e.is_empty() && e.len() <= 8 && e[0] != 0 && e != [1]);
                assert_eq!(e[e.len() - 1] % 2, 1, "an even exponent");
                assert!(
                    entries.iter().any(|entry| {
                        entry.get("kty") == Some(&json!("RSA"))
                            && entry.get("kid") == Some(&json!(key.kid))
                            && entry.get("n") == Some(&json!(key.n))
                            && entry.get("e") == Some(&json!(key.e))
                    }),
                    "{key:?} is not an RSA key of the input"
                );
            }
            let again: Vec<Value> = set
                .keys
                .iter()
                .map(|k| serde_json::from_str(&k.to_json()).expect("a key's JSON"))
                .collect();
            assert_eq!(
                parse_jwks(&json!({ "keys": again }).to_string()).as_ref(),
                Ok(set)
            );
        }
        Err(JwksError::BadKey { kid, .. } | JwksError::DuplicateKid(kid)) => {
            assert!(has_kid(kid), "{direct:?} names a kid not in the input");
        }
        Err(_) => {}
    }
    if let Some(kids) = all_usable {
        let set = direct.unwrap_or_else(|e| panic!("usable keys {kids:?} refused: {e:?}"));
        let got: Vec<&str> = set.keys.iter().map(|k| k.kid.as_str()).collect();
        assert_eq!(got, kids);
    }
}

/// Stand-ins for the tokens in a structured token response: errors about a
/// 200 answer must never quote them.
const ACCESS_MARKER: &str = "access-token-marker-7Qz";
const REFRESH_MARKER: &str = "refresh-token-marker-7Qz";

/// An unsigned ID token for `nonce` at `now`: right, or (by `variant`) with
/// another nonce or expired.
fn id_token_at(nonce: &Nonce, now: i64, variant: u8) -> String {
    let mut claims = json!({
        "iss": ISSUER, "aud": CLIENT, "token_use": "id",
        "sub": "8f1c2a4e-0000-4000-8000-000000000001",
        "nonce": nonce.expose(), "exp": now + 600, "iat": now,
    });
    match variant {
        0 => claims["nonce"] = json!("another-nonce"),
        1 => claims["exp"] = json!(now - 600),
        _ => {}
    }
    format!(
        "{}.{}.c2ln",
        b64(&json!({"alg": "RS256", "kid": "key-1"})),
        b64(&claims)
    )
}

/// The token endpoint's answers (`oauth::after_token_response` after a
/// sign-in, `after_refresh_response`) and those of revoke and userInfo:
/// never panics; a non-200 answer is the same OAuth or decode error, with
/// its status, from all four; revoke succeeds exactly on 200; tokens come
/// only from a 200 that carries them, the ID token passing
/// `check_id_token` (with the attempt's nonce after a sign-in), missing
/// ones kept from before on a refresh, and `expires_at` is `now +
/// expires_in` (3600 if absent), saturating; an error about a 200 never
/// quotes the tokens. With the second byte odd, the body is built from
/// members the input chooses.
pub fn token_response(data: &[u8]) {
    let mut b = Bytes::new(data);
    let now = b.i64() >> 2;
    let status = *b.pick(&[200u16, 200, 200, 400, 401, 500]);
    let attempt = AuthorizationAttempt::new(
        &[3; ATTEMPT_RANDOM_BYTES],
        "https://app.example/callback",
        None,
        "/",
        now,
    );
    let expected = IdTokenExpectations {
        issuer: ISSUER.into(),
        client_id: CLIENT.into(),
        skew_seconds: 60,
    };
    let previous = Tokens {
        id_token: IdToken::new("previous-id"),
        access_token: AccessToken::new("previous-at"),
        refresh_token: b.bool().then(|| RefreshToken::new("previous-rt")),
        expires_at: 0,
    };
    let mut headers = Vec::new();
    if b.one_in(4) {
        let challenge = match b.byte() % 3 {
            0 => format!(
                "Bearer error=\"invalid_token\", error_description=\"{}\"",
                b.string(24)
            ),
            1 => format!("Bearer realm=\"x\",error={}", b.string(16)),
            _ => b.string(48),
        };
        headers.push(("WWW-Authenticate".to_owned(), challenge));
    }
    let structured = b.bool();
    let body = if structured {
        let mut body = Map::new();
        match b.byte() % 8 {
            0 => {}
            1 => drop(body.insert("access_token".into(), json!(5))),
            _ => drop(body.insert("access_token".into(), json!(ACCESS_MARKER))),
        }
        match b.byte() % 8 {
            0 => {}
            1 => drop(body.insert("id_token".into(), Value::String(b.string(24)))),
            v => drop(body.insert(
                "id_token".into(),
                json!(id_token_at(&attempt.nonce, now, v - 2)),
            )),
        }
        if b.bool() {
            body.insert("refresh_token".into(), json!(REFRESH_MARKER));
        }
        match b.byte() % 8 {
            0 => {}
            1 => drop(body.insert("token_type".into(), json!("bearer"))),
            2 => drop(body.insert("token_type".into(), json!("mac"))),
            3 => drop(body.insert("token_type".into(), Value::String(b.string(16)))),
            _ => drop(body.insert("token_type".into(), json!("Bearer"))),
        }
        match b.byte() % 8 {
            0 => {}
            1 => {
                let wild = b.i64();
                let seconds = *b.pick(&[i64::MAX, i64::MIN, wild]);
                body.insert("expires_in".into(), json!(seconds));
            }
            2 => drop(body.insert("expires_in".into(), json!("3600"))),
            3 => drop(body.insert("expires_in".into(), json!(-5))),
            _ => drop(body.insert("expires_in".into(), json!(3600))),
        }
        if b.one_in(8) {
            body.insert("error".into(), Value::String(b.string(16)));
            body.insert("error_description".into(), Value::String(b.string(16)));
        }
        Value::Object(body).to_string()
    } else {
        b.rest()
    };
    let response = HttpResponse {
        status,
        headers,
        body,
    };

    let signed_in = after_token_response(&attempt, &response, now, &expected);
    let refreshed = after_refresh_response(&previous, &response, now, &expected);
    let revoked = parse_revoke_response(&response);
    let userinfo = parse_userinfo_response(&response);
    if status != 200 {
        let error = revoked.expect_err("only a 200 revokes");
        assert!(
            matches!(&error, OAuthError::Token { status: s, .. } | OAuthError::Decode { status: s, .. } if *s == status),
            "{error:?}"
        );
        assert_eq!(signed_in.err().as_ref(), Some(&error));
        assert_eq!(refreshed.err().as_ref(), Some(&error));
        assert_eq!(userinfo.err().as_ref(), Some(&error));
        return;
    }
    assert_eq!(revoked, Ok(()));
    if signed_in.is_ok() {
        assert!(
            refreshed.is_ok(),
            "a sign-in's answer refused as a refresh's"
        );
    }
    if structured {
        for error in [signed_in.as_ref().err(), refreshed.as_ref().err()]
            .into_iter()
            .flatten()
        {
            let text = format!("{error} {error:?}");
            assert!(
                !text.contains(ACCESS_MARKER) && !text.contains(REFRESH_MARKER),
                "{text}"
            );
        }
    }
    let body: Map<String, Value> = match serde_json::from_str(&response.body) {
        Ok(body) => body,
        Err(_) => {
            assert!(signed_in.is_err() && refreshed.is_err() && userinfo.is_err());
            return;
        }
    };
    let text = |name: &str| body.get(name).and_then(Value::as_str);
    let expires_at = now.saturating_add(
        body.get("expires_in")
            .and_then(Value::as_i64)
            .unwrap_or(3600),
    );
    if let Ok(tokens) = &signed_in {
        assert_eq!(Some(tokens.access_token.expose()), text("access_token"));
        let id = text("id_token").expect("tokens without an id_token");
        assert_eq!(tokens.id_token.expose(), id);
        assert!(check_id_token(id, &expected, Some(&attempt.nonce), now).is_ok());
        assert_eq!(
            tokens.refresh_token.as_ref().map(RefreshToken::expose),
            text("refresh_token")
        );
        assert_eq!(tokens.expires_at, expires_at);
    }
    if let Ok(tokens) = &refreshed {
        assert_eq!(Some(tokens.access_token.expose()), text("access_token"));
        match text("id_token") {
            Some(id) => {
                assert_eq!(tokens.id_token.expose(), id);
                assert!(check_id_token(id, &expected, None, now).is_ok());
            }
            None => assert_eq!(tokens.id_token, previous.id_token),
        }
        assert_eq!(
            tokens.refresh_token.as_ref().map(RefreshToken::expose),
            text("refresh_token").or(previous.refresh_token.as_ref().map(RefreshToken::expose))
        );
        assert_eq!(tokens.expires_at, expires_at);
    }
    assert_eq!(userinfo, Ok(body));
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::collection::vec;
    use proptest::prelude::*;

    proptest! {
        // Cheap, and a wrong claim check shows in few of the cases: more.
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn id_token(data in vec(any::<u8>(), 0..160)) { super::id_token(&data) }
    }

    proptest! {
        #[test]
        fn jwt(data in vec(any::<u8>(), 0..256)) { super::jwt(&data) }

        #[test]
        fn jwt_of_base64_parts(h in "[A-Za-z0-9_-]{0,40}", c in "[A-Za-z0-9_=-]{0,60}") {
            super::jwt(format!("{h}.{c}.s").as_bytes())
        }

        #[test]
        fn callback(data in vec(any::<u8>(), 0..256)) { super::callback(&data) }

        #[test]
        fn return_path(data in vec(any::<u8>(), 0..128)) { super::return_path(&data) }

        #[test]
        fn error_response(data in vec(any::<u8>(), 0..256)) { super::error_response(&data) }

        #[test]
        fn jwks(data in vec(any::<u8>(), 0..192)) { super::jwks(&data) }

        #[test]
        fn token_response(data in vec(any::<u8>(), 0..256)) { super::token_response(&data) }
    }
}
