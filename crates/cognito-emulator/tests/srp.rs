//! `USER_SRP_AUTH` and its `PASSWORD_VERIFIER` challenge.
//!
//! The client side is computed here, from the protocol as Cognito's clients
//! run it (amplify-js `providers/cognito/utils/srp/`, pycognito
//! `aws_srp.py`), with its own group constant, padding (bytes, where the
//! emulator pads hex) and timestamp formatting (the `time` crate's
//! format descriptions, where the emulator has tables), and none of the
//! emulator's SRP code: a mistake shared by both sides cannot pass. The
//! client is first checked against the known-answer vector, which was
//! computed independently with pycognito's `aws_srp.py` (a fixed
//! `small_a_value`) and with a from-scratch Node.js BigInt implementation;
//! the inputs are in [`vector`].

mod common;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use cognito_emulator::config::{ExplicitAuthFlow, MfaConfiguration};
use cognito_emulator::srp::server::{self, PrivateExponent};
use cognito_emulator::{srp, Config};
use common::*;
use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use rand::RngCore;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// RFC 3526 §4, the 3072-bit MODP group's prime.
const N_HEX: &str = "\
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD\
    EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
    EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F\
    83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B\
    E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510\
    15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7\
    ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C\
    BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/// The vector (inputs and outputs), generated for this project's protocol
/// notes with pycognito 2024.5.1 `aws_srp.py` and cross-checked with a
/// Node.js BigInt implementation and a server-side computation.
mod vector {
    pub const POOL_ID: &str = "us-east-1_ExAmPlE12";
    pub const POOL_NAME: &str = "ExAmPlE12";
    pub const USER_ID: &str = "testuser";
    pub const PASSWORD: &str = "Passw0rd!";
    /// `"3a7b"` 32 times.
    pub fn a_hex() -> String {
        "3a7b".repeat(32)
    }
    /// `"5c1d"` 32 times.
    pub fn b_hex() -> String {
        "5c1d".repeat(32)
    }
    pub const SALT: &str = "d7e3b1a9c4f25e6b8a0c3f1e2d4b6a89";
    /// Bytes 0x00..=0x3f.
    pub const SECRET_BLOCK: &str =
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
    pub const TIMESTAMP: &str = "Tue Nov 3 07:04:11 UTC 2026";

    pub const A_PREFIX: &str = "ef675a00b6466094025510343e9fd37c";
    pub const A_SUFFIX: &str = "91c611298af9bee0";
    pub const A_PADDED_SHA256: &str =
        "cf2beceb6a75b4c1da4ba490284cb26856bb017020d8f5b3ba9369cef485cf68";
    pub const B_PREFIX: &str = "2fef4626d584e640499e0900fe0a7967";
    pub const B_SUFFIX: &str = "2fe2e06daef2b00c";
    pub const B_PADDED_SHA256: &str =
        "648842f56b24d58e2c2da835f00349b5b1b8b2a11b3e3f1dbf01076cf99c45a6";
    pub const U: &str = "60272e1eb153ecd3d43d668400e68ea0f2f131ec5acb0662e65652aeea46b5c7";
    pub const S_PADDED_SHA256: &str =
        "42f577486ca627d025e29336d529bdbe1d57eb54fa49a896de9773423cdcf557";
    pub const KEY: &str = "ba1809c6620655df690fd93359f20f99";
    pub const SIGNATURE: &str = "sTL1J9/PT0nfAx5pc5DZB2c4hSB4/KaiBWMak86XO9k=";
}

// ---------------------------------------------------------------------------
// The test's own SRP client.
// ---------------------------------------------------------------------------

fn n() -> BigUint {
    let digits: String = N_HEX.split_whitespace().collect();
    BigUint::parse_bytes(digits.as_bytes(), 16).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn big(hex: &str) -> BigUint {
    BigUint::parse_bytes(hex.as_bytes(), 16).unwrap_or_else(|| panic!("not hex: {hex}"))
}

/// Java `BigInteger.toByteArray()` of a non-negative number: big-endian,
/// minimal, with a zero byte in front when the top bit is set.
fn pad(x: &BigUint) -> Vec<u8> {
    let mut bytes = x.to_bytes_be();
    if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    bytes
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// `EEE MMM d HH:mm:ss UTC yyyy` through the `time` crate's own formatter.
fn timestamp(unix: i64) -> String {
    let format = time::format_description::parse_borrowed::<1>(
        "[weekday repr:short] [month repr:short] [day padding:none] \
         [hour]:[minute]:[second] UTC [year]",
    )
    .unwrap();
    time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap()
        .format(&format)
        .unwrap()
}

struct SrpClient {
    a: BigUint,
    big_a: BigUint,
}

impl SrpClient {
    fn with_a(a: BigUint) -> SrpClient {
        let big_a = BigUint::from(2u8).modpow(&a, &n());
        SrpClient { a, big_a }
    }

    /// A fresh 256-bit `a` from the OS RNG.
    fn new() -> SrpClient {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        SrpClient::with_a(BigUint::from_bytes_be(&bytes))
    }

    /// `SRP_A`: lowercase hex without padding, as clients send it.
    fn srp_a(&self) -> String {
        self.big_a.to_str_radix(16)
    }

    /// The 16-byte key from the challenge's `SRP_B` and `SALT`.
    fn key(
        &self,
        pool_name: &str,
        user_id: &str,
        password: &str,
        srp_b: &str,
        salt: &str,
    ) -> [u8; 16] {
        let n = n();
        let g = BigUint::from(2u8);
        let big_b = big(srp_b);
        assert_ne!(&big_b % &n, BigUint::default(), "B % N == 0");
        let k = BigUint::from_bytes_be(&sha256(&[&pad(&n), &pad(&g)]));
        let u = BigUint::from_bytes_be(&sha256(&[&pad(&self.big_a), &pad(&big_b)]));
        assert_ne!(u, BigUint::default(), "u == 0");
        let inner = sha256(&[format!("{pool_name}{user_id}:{password}").as_bytes()]);
        // The salt goes through an integer first, as amplify-js and
        // amazon-cognito-identity-js do.
        let x = BigUint::from_bytes_be(&sha256(&[&pad(&big(salt)), &inner]));
        let kgx = k * g.modpow(&x, &n) % &n;
        let base = (&big_b % &n + &n - kgx) % &n;
        let s = base.modpow(&(&self.a + &u * &x), &n);
        let prk = hmac(&pad(&u), &[&pad(&s)]);
        let okm = hmac(&prk, &[b"Caldera Derived Key", &[1]]);
        okm[..16].try_into().unwrap()
    }

    /// `ChallengeResponses` for a `PASSWORD_VERIFIER` challenge's parameters.
    fn answer(&self, params: &Value, password: &str, timestamp: &str) -> Value {
        let p = |name: &str| {
            params[name]
                .as_str()
                .unwrap_or_else(|| panic!("no {name} in {params}"))
                .to_owned()
        };
        let user_id = p("USER_ID_FOR_SRP");
        let key = self.key("Local", &user_id, password, &p("SRP_B"), &p("SALT"));
        let block = p("SECRET_BLOCK");
        let signature = hmac(
            &key,
            &[
                b"Local",
                user_id.as_bytes(),
                &B64.decode(&block).unwrap(),
                timestamp.as_bytes(),
            ],
        );
        json!({
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": block,
            "PASSWORD_CLAIM_SIGNATURE": B64.encode(signature),
            "TIMESTAMP": timestamp,
        })
    }
}

// ---------------------------------------------------------------------------
// Driving the emulator.
// ---------------------------------------------------------------------------

impl Emu {
    fn now(&self) -> i64 {
        self.state.clock().now()
    }

    /// Sets a frozen clock to `unix`.
    fn set_clock(&self, unix: i64) {
        self.state.clock().freeze();
        self.state.clock().advance(unix - self.now());
    }

    async fn initiate_srp(&self, username: &str, srp_a: &str) -> Resp {
        self.initiate_srp_for(CLIENT_ID, username, srp_a).await
    }

    async fn initiate_srp_for(&self, client_id: &str, username: &str, srp_a: &str) -> Resp {
        self.call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
                   "AuthParameters": {"USERNAME": username, "SRP_A": srp_a}}),
        )
        .await
    }

    /// `ChallengeParameters` of a PASSWORD_VERIFIER challenge.
    async fn srp_challenge(&self, username: &str, client: &SrpClient) -> Value {
        let body = self.initiate_srp(username, &client.srp_a()).await.ok();
        assert_eq!(body["ChallengeName"], json!("PASSWORD_VERIFIER"), "{body}");
        body["ChallengeParameters"].clone()
    }

    async fn verify_password(&self, responses: Value) -> Resp {
        self.call(
            "RespondToAuthChallenge",
            json!({"ClientId": CLIENT_ID, "ChallengeName": "PASSWORD_VERIFIER",
                   "ChallengeResponses": responses}),
        )
        .await
    }

    /// A whole SRP sign-in, signed at the emulator's current time.
    async fn srp_sign_in(&self, username: &str, password: &str) -> Resp {
        let client = SrpClient::new();
        let params = self.srp_challenge(username, &client).await;
        self.verify_password(client.answer(&params, password, &timestamp(self.now())))
            .await
    }
}

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

// ---------------------------------------------------------------------------
// The known-answer vector.
// ---------------------------------------------------------------------------

#[test]
fn the_tests_client_meets_the_known_answer_vector() {
    let client = SrpClient::with_a(big(&vector::a_hex()));
    let a = client.srp_a();
    assert_eq!(a.len(), 768);
    assert!(a.starts_with(vector::A_PREFIX) && a.ends_with(vector::A_SUFFIX));
    assert_eq!(
        hex(&sha256(&[&pad(&client.big_a)])),
        vector::A_PADDED_SHA256
    );
    assert_eq!(timestamp(1_793_689_451), vector::TIMESTAMP);
    assert_eq!(
        timestamp(1_793_689_451 + 20 * 86_400),
        "Mon Nov 23 07:04:11 UTC 2026"
    );

    // B from the vector's b and verifier, as the server of the vector did.
    let n = n();
    let g = BigUint::from(2u8);
    let k = BigUint::from_bytes_be(&sha256(&[&pad(&n), &pad(&g)]));
    let x = big("f6d747063fad3666b4c0f855367ed3da60f1a1b408dd8bb65c5534560cf0f207");
    let big_b = (k * g.modpow(&x, &n) + g.modpow(&big(&vector::b_hex()), &n)) % &n;
    assert_eq!(hex(&sha256(&[&pad(&big_b)])), vector::B_PADDED_SHA256);

    let key = client.key(
        vector::POOL_NAME,
        vector::USER_ID,
        vector::PASSWORD,
        &big_b.to_str_radix(16),
        vector::SALT,
    );
    assert_eq!(hex(&key), vector::KEY);
    let signature = hmac(
        &key,
        &[
            vector::POOL_NAME.as_bytes(),
            vector::USER_ID.as_bytes(),
            &B64.decode(vector::SECRET_BLOCK).unwrap(),
            vector::TIMESTAMP.as_bytes(),
        ],
    );
    assert_eq!(B64.encode(signature), vector::SIGNATURE);
}

#[test]
fn the_server_math_meets_the_known_answer_vector() {
    let big_a = SrpClient::with_a(big(&vector::a_hex())).big_a;
    let v = srp::verifier(
        vector::SALT,
        srp::pool_name(vector::POOL_ID),
        vector::USER_ID,
        vector::PASSWORD,
    );
    let b = PrivateExponent::from_hex(&vector::b_hex()).unwrap();

    let big_b = server::public_b(&v, &b);
    let b_hex = big_b.to_str_radix(16);
    assert_eq!(b_hex.len(), 768);
    assert!(b_hex.starts_with(vector::B_PREFIX) && b_hex.ends_with(vector::B_SUFFIX));
    assert_eq!(hex(&sha256(&[&pad(&big_b)])), vector::B_PADDED_SHA256);

    let u = server::scrambler(&big_a, &big_b);
    assert_eq!(u.to_str_radix(16), vector::U);

    let s = server::premaster_secret(&big_a, &v, &u, &b);
    assert_eq!(hex(&sha256(&[&pad(&s)])), vector::S_PADDED_SHA256);

    let key = server::session_key(&u, &s);
    assert_eq!(hex(&key), vector::KEY);

    let block = B64.decode(vector::SECRET_BLOCK).unwrap();
    assert_eq!(block, (0u8..=0x3f).collect::<Vec<u8>>());
    let signature = server::claim_signature(
        &key,
        vector::POOL_NAME,
        vector::USER_ID,
        &block,
        vector::TIMESTAMP,
    );
    assert_eq!(B64.encode(signature), vector::SIGNATURE);
    assert!(server::signature_matches(
        &signature,
        &B64.decode(vector::SIGNATURE).unwrap()
    ));
    let mut wrong = signature;
    wrong[31] ^= 1;
    assert!(!server::signature_matches(&signature, &wrong));
    assert!(!server::signature_matches(&signature, &signature[..31]));
}

/// The known-answer vectors the client crate is tested with
/// (`crates/cognito-client/tests/fixtures/srp_vectors.json`, generated by
/// pycognito and cross-checked with amazon-cognito-identity-js), read as
/// data: the emulator does not depend on cognito-client.
fn fixture_vectors() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cognito-client/tests/fixtures/srp_vectors.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every vector's server-side values, from the emulator's own functions: the
/// edge cases (a salt without a PAD prefix, odd-length hex, a non-ASCII
/// user id, a 1024-bit `a`, an exponent carry) that the reference vector
/// alone does not reach.
#[test]
fn the_server_math_meets_every_fixture_vector() {
    let fixture = fixture_vectors();
    let vectors = fixture["vectors"].as_array().expect("a vectors array");
    assert!(vectors.len() >= 6, "only {} vectors", vectors.len());
    for vector in vectors {
        let field = |key: &str| {
            vector[key]
                .as_str()
                .unwrap_or_else(|| panic!("no {key} in {vector}"))
        };
        let name = field("name");
        let pool_name = srp::pool_name(field("pool_id"));
        let (user_id, password, salt) = (field("user_id"), field("password"), field("salt"));

        let x = srp::compute_x(salt, pool_name, user_id, password);
        assert_eq!(x.to_str_radix(16), field("x"), "{name}: x");
        let v = srp::verifier(salt, pool_name, user_id, password);
        let b = PrivateExponent::from_hex(field("b")).expect("b is hex");
        let big_b = server::public_b(&v, &b);
        assert_eq!(big_b.to_str_radix(16), field("srp_b"), "{name}: SRP_B");

        let big_a = big(field("srp_a"));
        let u = server::scrambler(&big_a, &big_b);
        assert_eq!(u.to_str_radix(16), field("u"), "{name}: u");
        let s = server::premaster_secret(&big_a, &v, &u, &b);
        assert_eq!(hex(&sha256(&[&pad(&s)])), field("s_sha256"), "{name}: S");
        let key = server::session_key(&u, &s);
        assert_eq!(hex(&key), field("key"), "{name}: session key");

        let epoch = vector["epoch"].as_i64().expect("an epoch");
        assert_eq!(srp::timestamp::format(epoch), field("timestamp"), "{name}");
        let block = B64.decode(field("secret_block")).expect("base64");
        let signature =
            server::claim_signature(&key, pool_name, user_id, &block, field("timestamp"));
        assert_eq!(
            B64.encode(signature),
            field("signature"),
            "{name}: signature"
        );
        let claimed = B64.decode(field("signature")).unwrap();
        assert!(server::signature_matches(&signature, &claimed), "{name}");
    }

    let timestamps = fixture["timestamps"]
        .as_array()
        .expect("a timestamps array");
    assert!(!timestamps.is_empty());
    for t in timestamps {
        let (epoch, text) = (
            t["epoch"].as_i64().unwrap(),
            t["timestamp"].as_str().unwrap(),
        );
        assert_eq!(srp::timestamp::format(epoch), text, "{epoch}");
        let parsed = srp::timestamp::parse(text).unwrap_or_else(|| panic!("{text} unread"));
        assert_eq!((parsed.unix, parsed.canonical.as_str()), (epoch, text));
    }
}

// ---------------------------------------------------------------------------
// Over the API.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn srp_sign_in_with_the_right_password_returns_tokens() {
    let emu = emu();
    let sub = emu.confirmed_user("Hanako@example.com").await;
    let client = SrpClient::new();
    let body = emu
        .initiate_srp("hanako@EXAMPLE.com", &client.srp_a())
        .await
        .ok();
    // As AWS answers: no Session, the state is behind the SECRET_BLOCK.
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["ChallengeName", "ChallengeParameters"], "{body}");
    let params = &body["ChallengeParameters"];
    let names: Vec<&String> = params.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "SALT",
            "SECRET_BLOCK",
            "SRP_B",
            "USERNAME",
            "USER_ID_FOR_SRP"
        ]
    );
    // In a pool that signs in by e-mail, the internal username (the sub).
    assert_eq!(params["USER_ID_FOR_SRP"], json!(sub));
    assert_eq!(params["USERNAME"], json!(sub));
    let salt = s(&params["SALT"]);
    assert_eq!(salt.len(), 32);
    let srp_b = s(&params["SRP_B"]);
    assert!(srp_b
        .bytes()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
    assert!(big(srp_b) < n() && big(srp_b) > BigUint::default());
    assert!(B64.decode(s(&params["SECRET_BLOCK"])).unwrap().len() >= 32);

    let result = emu
        .verify_password(client.answer(params, PASSWORD, &timestamp(emu.now())))
        .await
        .ok();
    assert_eq!(result["ChallengeParameters"], json!({}), "{result}");
    let tokens = &result["AuthenticationResult"];
    assert_eq!(tokens["TokenType"], json!("Bearer"));
    assert!(tokens["RefreshToken"].as_str().is_some());
    let id = claims(s(&tokens["IdToken"]));
    assert_eq!(id["sub"], json!(sub));
    assert_eq!(id["email"], json!("Hanako@example.com"));
    let access = s(&tokens["AccessToken"]);
    assert_eq!(emu.get_user(access).await.ok()["Username"], json!(sub));

    // The internal username works as USERNAME too, and a Session in the
    // answer (amazon-cognito-identity-js forwards whatever it got) is not
    // in the way.
    let client = SrpClient::new();
    let params = emu.srp_challenge(&sub, &client).await;
    let again = emu
        .call(
            "RespondToAuthChallenge",
            json!({"ClientId": CLIENT_ID, "ChallengeName": "PASSWORD_VERIFIER",
                   "Session": "x".repeat(40), "ClientMetadata": {},
                   "ChallengeResponses": client.answer(&params, PASSWORD, &timestamp(emu.now()))}),
        )
        .await
        .ok();
    assert!(
        again["AuthenticationResult"]["AccessToken"].is_string(),
        "{again}"
    );
}

#[tokio::test]
async fn wrong_passwords_fail_and_lock_the_user_out_like_the_password_flow() {
    let emu = emu();
    emu.state.clock().freeze();
    emu.confirmed_user("u@example.com").await;
    for _ in 0..3 {
        emu.srp_sign_in("u@example.com", "Wrong-Horse-9")
            .await
            .assert_error("NotAuthorizedException", "Incorrect username or password.");
    }
    // One count for both password flows.
    for _ in 0..2 {
        emu.sign_in("u@example.com", "Wrong-Horse-9")
            .await
            .assert_error("NotAuthorizedException", "Incorrect username or password.");
    }
    emu.srp_sign_in("u@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    emu.sign_in("u@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    // The fifth failure locks for one second.
    emu.state.clock().advance(1);
    emu.srp_sign_in("u@example.com", PASSWORD).await.ok();
    // A success starts the count again: four more failures do not lock.
    for _ in 0..4 {
        emu.srp_sign_in("u@example.com", "Wrong-Horse-9")
            .await
            .assert_error("NotAuthorizedException", "Incorrect username or password.");
    }
    emu.srp_sign_in("u@example.com", PASSWORD).await.ok();
}

#[tokio::test]
async fn unknown_users_get_a_simulated_challenge_that_always_fails() {
    let emu = emu();
    emu.confirmed_user("real@example.com").await;
    let client = SrpClient::new();
    let first = emu.srp_challenge("nobody@example.com", &client).await;
    let real = emu
        .srp_challenge("real@example.com", &SrpClient::new())
        .await;
    let names = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&first), names(&real));
    let user_id = s(&first["USER_ID_FOR_SRP"]);
    assert_eq!(uuid::Uuid::parse_str(user_id).unwrap().get_version_num(), 4);
    assert_eq!(first["USERNAME"], first["USER_ID_FOR_SRP"]);
    assert_eq!(s(&first["SALT"]).len(), 32);

    // The same salt and id every time, whatever the case; a fresh B.
    let second = emu
        .srp_challenge("NOBODY@example.com", &SrpClient::new())
        .await;
    assert_eq!(second["SALT"], first["SALT"]);
    assert_eq!(second["USER_ID_FOR_SRP"], first["USER_ID_FOR_SRP"]);
    assert_ne!(second["SRP_B"], first["SRP_B"]);
    assert_ne!(second["SECRET_BLOCK"], first["SECRET_BLOCK"]);
    let other = emu
        .srp_challenge("somebody@example.com", &SrpClient::new())
        .await;
    assert_ne!(other["SALT"], first["SALT"]);
    assert_ne!(other["USER_ID_FOR_SRP"], first["USER_ID_FOR_SRP"]);

    // Across a restart too (the key is kept in the data dir).
    let (_, app) = emu.restart();
    let after = call(
        &app,
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT_ID,
               "AuthParameters": {"USERNAME": "nobody@example.com", "SRP_A": client.srp_a()}}),
    )
    .await
    .ok();
    assert_eq!(after["ChallengeParameters"]["SALT"], first["SALT"]);

    emu.verify_password(client.answer(&first, PASSWORD, &timestamp(emu.now())))
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");

    let mut config = Config::seed();
    config.pools[0].clients[0].prevent_user_existence_errors = false;
    let legacy = emu_with(config);
    legacy
        .initiate_srp("nobody@example.com", &SrpClient::new().srp_a())
        .await
        .assert_error("UserNotFoundException", "User does not exist.");
}

#[tokio::test]
async fn srp_needs_allow_user_srp_auth() {
    let mut config = Config::seed();
    config.pools[0].clients[0].explicit_auth_flows = vec![
        ExplicitAuthFlow::UserPasswordAuth,
        ExplicitAuthFlow::RefreshTokenAuth,
    ];
    let emu = emu_with(config);
    emu.confirmed_user("u@example.com").await;
    emu.initiate_srp("u@example.com", &SrpClient::new().srp_a())
        .await
        .assert_error(
            "InvalidParameterException",
            "USER_SRP_AUTH flow not enabled for this client",
        );
}

#[tokio::test]
async fn secret_blocks_serve_once_expire_and_belong_to_their_client() {
    let mut config = Config::seed();
    let mut second = config.pools[0].clients[0].clone();
    second.id = "secondclient".into();
    config.pools[0].clients.push(second);
    let emu = emu_with(config);
    emu.state.clock().freeze();
    emu.confirmed_user("u@example.com").await;

    let client = SrpClient::new();
    let params = emu.srp_challenge("u@example.com", &client).await;
    let answer = client.answer(&params, PASSWORD, &timestamp(emu.now()));
    emu.verify_password(answer.clone()).await.ok();
    emu.verify_password(answer).await.assert_error(
        "NotAuthorizedException",
        "Invalid session for the user, session can only be used once.",
    );

    // AuthSessionValidity (180 s in the seed).
    let params = emu.srp_challenge("u@example.com", &client).await;
    emu.state.clock().advance(180);
    emu.verify_password(client.answer(&params, PASSWORD, &timestamp(emu.now())))
        .await
        .assert_error(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
        );

    // A block issued to another app client, one never issued, one that is
    // not base64.
    let other = emu
        .initiate_srp_for("secondclient", "u@example.com", &client.srp_a())
        .await
        .ok();
    let mut answers = vec![client.answer(
        &other["ChallengeParameters"],
        PASSWORD,
        &timestamp(emu.now()),
    )];
    let params = emu.srp_challenge("u@example.com", &client).await;
    let mut made_up = params.clone();
    made_up["SECRET_BLOCK"] = json!(B64.encode([9u8; 128]));
    answers.push(client.answer(&made_up, PASSWORD, &timestamp(emu.now())));
    let mut not_base64 = client.answer(&params, PASSWORD, &timestamp(emu.now()));
    not_base64["PASSWORD_CLAIM_SECRET_BLOCK"] = json!("not base64!");
    answers.push(not_base64);
    // Another user's name with this user's block.
    emu.confirmed_user("v@example.com").await;
    let mut other_user = client.answer(&params, PASSWORD, &timestamp(emu.now()));
    other_user["USERNAME"] = json!("v@example.com");
    answers.push(other_user);
    for answer in answers {
        emu.verify_password(answer)
            .await
            .assert_error("NotAuthorizedException", "Incorrect username or password.");
    }

    // Missing responses.
    for missing in [
        "USERNAME",
        "PASSWORD_CLAIM_SECRET_BLOCK",
        "PASSWORD_CLAIM_SIGNATURE",
        "TIMESTAMP",
    ] {
        let mut answer = client.answer(&params, PASSWORD, &timestamp(emu.now()));
        answer.as_object_mut().unwrap().remove(missing);
        emu.verify_password(answer).await.assert_error(
            "InvalidParameterException",
            &format!("Missing required parameter {missing}"),
        );
    }
}

#[tokio::test]
async fn timestamps_are_read_as_cognito_reads_them() {
    let emu = emu();
    emu.set_clock(1_793_689_451); // Tue Nov 3 07:04:11 UTC 2026
    emu.confirmed_user("u@example.com").await;
    let client = SrpClient::new();

    // The single-digit day, as every client writes it.
    let params = emu.srp_challenge("u@example.com", &client).await;
    emu.verify_password(client.answer(&params, PASSWORD, "Tue Nov 3 07:04:11 UTC 2026"))
        .await
        .ok();

    // Readable but not as Cognito writes it (a zero-padded day, a wrong
    // weekday): the signature cannot match, as on AWS.
    for odd in [
        "Tue Nov 03 07:04:11 UTC 2026",
        "Mon Nov 3 07:04:11 UTC 2026",
    ] {
        let params = emu.srp_challenge("u@example.com", &client).await;
        emu.verify_password(client.answer(&params, PASSWORD, odd))
            .await
            .assert_error("NotAuthorizedException", "Incorrect username or password.");
    }

    // Unreadable: AWS's own InvalidParameterException, and the block is
    // still good for a proper answer.
    let params = emu.srp_challenge("u@example.com", &client).await;
    for bad in [
        "2026-11-03T07:04:11Z",
        "Tue Nov 3 07:04:11 GMT 2026",
        "Tue Nov  3 07:04:11 UTC 2026",
        "Die Nov 3 07:04:11 UTC 2026",
    ] {
        emu.verify_password(client.answer(&params, PASSWORD, bad))
            .await
            .assert_error(
                "InvalidParameterException",
                "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
            );
    }
    emu.verify_password(client.answer(&params, PASSWORD, &timestamp(emu.now())))
        .await
        .ok();

    // Up to five minutes off either way.
    for offset in [-300, 300] {
        let params = emu.srp_challenge("u@example.com", &client).await;
        emu.verify_password(client.answer(&params, PASSWORD, &timestamp(emu.now() + offset)))
            .await
            .ok();
    }
    let params = emu.srp_challenge("u@example.com", &client).await;
    emu.verify_password(client.answer(&params, PASSWORD, &timestamp(emu.now() + 301)))
        .await
        .assert_error(
            "NotAuthorizedException",
            "TIMESTAMP \"Tue Nov 3 07:09:12 UTC 2026\" is 301 seconds ahead of the emulator's clock \
             (\"Tue Nov 3 07:04:11 UTC 2026\"); sign the claim with the current time in UTC (at \
             most 5 minutes off).",
        );
}

#[tokio::test]
async fn srp_a_must_be_hex_and_not_zero_modulo_n() {
    let emu = emu();
    emu.confirmed_user("u@example.com").await;
    let n = n();
    for zero in [
        "0".to_owned(),
        "000".to_owned(),
        n.to_str_radix(16),
        (&n * 2u8).to_str_radix(16),
        N_HEX.split_whitespace().collect::<String>(),
    ] {
        emu.initiate_srp("u@example.com", &zero).await.assert_error(
            "InvalidParameterException",
            "SRP_A is 0 modulo N, which would let anyone sign in (RFC 5054 §2.5.4); \
             compute A = g^a mod N with a fresh random a.",
        );
    }
    for bad in ["", "xyz", "-1f", "0x1f", &"f".repeat(1025)] {
        emu.initiate_srp("u@example.com", bad).await.assert_error(
            "InvalidParameterException",
            "SRP_A must be the client's public value A = g^a mod N as hexadecimal digits \
             (at most 1024).",
        );
    }
    // Upper case and leading zeros are still A.
    let client = SrpClient::new();
    let body = emu
        .initiate_srp(
            "u@example.com",
            &format!("00{}", client.srp_a().to_uppercase()),
        )
        .await
        .ok();
    emu.verify_password(client.answer(
        &body["ChallengeParameters"],
        PASSWORD,
        &timestamp(emu.now()),
    ))
    .await
    .ok();
}

#[tokio::test]
async fn after_the_password_come_the_same_checks_and_mfa_as_in_the_password_flow() {
    // Unconfirmed users stop after a correct password.
    let emu = emu();
    emu.sign_up("new@example.com").await.ok();
    emu.srp_sign_in("new@example.com", PASSWORD)
        .await
        .assert_error("UserNotConfirmedException", "User is not confirmed.");

    // A pool that requires MFA: MFA_SETUP for a user without TOTP.
    let mut config = Config::seed();
    config.pools[0].mfa_configuration = MfaConfiguration::On;
    let on = emu_with(config);
    on.confirmed_user("on@example.com").await;
    let body = on.srp_sign_in("on@example.com", PASSWORD).await.ok();
    assert_eq!(body["ChallengeName"], json!("MFA_SETUP"), "{body}");
    assert_eq!(
        body["ChallengeParameters"],
        json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"})
    );
    assert!(body["Session"].as_str().is_some_and(|s| s.len() >= 20));
}

/// The code an authenticator with the Base32 `secret` shows at `t`.
fn totp(secret: &str, t: i64) -> String {
    let key = test_support::totp::decode_secret(secret).unwrap();
    test_support::totp::code_at(&key, t)
}

#[tokio::test]
async fn srp_then_software_token_mfa() {
    let mut config = Config::seed();
    config.pools[0].mfa_configuration = MfaConfiguration::Optional;
    let emu = emu_with(config);
    emu.state.clock().freeze();
    let sub = emu.confirmed_user("t@example.com").await;
    let access = s(&emu.tokens("t@example.com").await["AccessToken"]).to_owned();
    let secret = s(&emu
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .ok()["SecretCode"])
    .to_owned();
    emu.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": totp(&secret, emu.now())}),
    )
    .await
    .ok();
    emu.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .ok();

    let body = emu.srp_sign_in("t@example.com", PASSWORD).await.ok();
    assert_eq!(body["ChallengeName"], json!("SOFTWARE_TOKEN_MFA"), "{body}");
    assert!(body.get("AuthenticationResult").is_none(), "{body}");
    let session = s(&body["Session"]).to_owned();
    // The next time step: the one the key was verified with is used up.
    emu.state.clock().advance(30);
    // amazon-cognito-identity-js answers with USER_ID_FOR_SRP as USERNAME
    // and an SMS_MFA_CODE too.
    let done = emu
        .call(
            "RespondToAuthChallenge",
            json!({"ClientId": CLIENT_ID, "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": session,
                   "ChallengeResponses": {"USERNAME": sub,
                                          "SMS_MFA_CODE": totp(&secret, emu.now()),
                                          "SOFTWARE_TOKEN_MFA_CODE": totp(&secret, emu.now())}}),
        )
        .await
        .ok();
    assert_eq!(
        claims(s(&done["AuthenticationResult"]["IdToken"]))["sub"],
        json!(sub)
    );
}
