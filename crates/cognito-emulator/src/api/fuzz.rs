//! The fuzz target body for the JSON API's input: `Input::parse` and the
//! model-constraint checks (`Validator`). See `crate::fuzz_targets`.

use serde_json::{Map, Value};

use super::input::{
    Input, StringShape, Validator, CLIENT_ID, CONFIRMATION_CODE, PASSWORD, SECRET_HASH, SESSION,
    TOKEN, USERNAME, USER_CODE,
};

/// Every member name the operations read, with the shape it is checked
/// against where it is a string.
const MEMBERS: &[(&str, Option<&StringShape>)] = &[
    ("ClientId", Some(&CLIENT_ID)),
    ("Username", Some(&USERNAME)),
    ("Password", Some(&PASSWORD)),
    ("ConfirmationCode", Some(&CONFIRMATION_CODE)),
    ("AccessToken", Some(&TOKEN)),
    ("Session", Some(&SESSION)),
    ("UserCode", Some(&USER_CODE)),
    ("SecretHash", Some(&SECRET_HASH)),
    ("AuthFlow", None),
    ("ChallengeName", None),
    ("FriendlyDeviceName", None),
    ("ForceAliasCreation", None),
    ("AuthParameters", None),
    ("ChallengeResponses", None),
    ("ClientMetadata", None),
    ("UserAttributes", None),
    ("ValidationData", None),
    ("SoftwareTokenMfaSettings", None),
];

/// How many constraint violations `value` has under `shape`, counted from
/// the shape's numbers rather than by the validator.
fn violations(value: &str, shape: &StringShape) -> usize {
    let len = value.chars().count();
    usize::from(len < shape.min)
        + usize::from(len > shape.max)
        + usize::from(shape.pattern.is_some_and(|(_, matches)| !matches(value)))
}

/// `Input::parse` accepts exactly the JSON objects (and a blank body);
/// everything else is a `SerializationException`, never a panic. Reading
/// any member as any type fails only with `SerializationException`.
/// `Validator` reports as many violations as the shapes say, says "1
/// validation error" / "N validation errors" accordingly, and never echoes
/// the value of a sensitive member (passwords, tokens, codes). Re-encoding
/// the object and parsing it again reads the same members.
pub fn input(data: &[u8]) {
    let parsed = Input::parse(data);
    let json = if data.iter().all(u8::is_ascii_whitespace) {
        Some(Value::Object(Map::new()))
    } else {
        serde_json::from_slice::<Value>(data).ok()
    };
    let object = match (parsed, json) {
        (Ok(input), Some(Value::Object(map))) => (input, map),
        (Ok(_), other) => panic!("accepted a body that is not a JSON object: {other:?}"),
        (Err(e), Some(Value::Object(_))) => panic!("refused a JSON object: {e:?}"),
        (Err(e), _) => {
            assert_eq!(e.kind, "SerializationException");
            assert_eq!(e.status, 400);
            return;
        }
    };
    let (input, map) = object;
    let again = Input::parse(&serde_json::to_vec(&Value::Object(map)).expect("re-encode"))
        .expect("a re-encoded object parses");

    let mut validator = Validator::default();
    let mut expected = 0;
    let mut sensitive_values = Vec::new();
    for (name, shape) in MEMBERS {
        for result in [
            input.string(name).map(drop),
            input.boolean(name).map(drop),
            input.structure(name).map(drop),
            input.string_map(name).map(drop),
            input.attributes(name).map(drop),
        ] {
            if let Err(e) = result {
                assert_eq!(e.kind, "SerializationException", "{name}: {e:?}");
            }
        }
        let string = input.string(name).ok().flatten();
        assert_eq!(again.string(name).ok().flatten(), string);
        if let (Some(shape), Some(value)) = (shape, string) {
            expected += violations(&value, shape);
            if shape.sensitive && !value.is_empty() {
                sensitive_values.push(value.clone());
            }
            validator.optional(name, Some(value), shape);
        }
    }
    if let Ok(Some(attributes)) = input.attributes("UserAttributes") {
        validator.attributes("userAttributes", Some(attributes.as_slice()));
        for attribute in &attributes {
            let name_len = attribute.name.as_ref().map_or(0, |n| n.chars().count());
            expected += match &attribute.name {
                None => 1,
                Some(n) => {
                    usize::from(name_len > 32)
                        + usize::from(
                            n.is_empty() || n.chars().any(|c| c.is_whitespace() || c.is_control()),
                        )
                        + usize::from(name_len < 1)
                }
            };
            if let Some(value) = &attribute.value {
                expected += usize::from(value.chars().count() > 2048);
            }
        }
    }
    match validator.finish() {
        Ok(()) => assert_eq!(expected, 0),
        Err(e) => {
            assert_eq!(e.kind, "InvalidParameterException");
            let prefix = if expected == 1 {
                "1 validation error detected: ".to_owned()
            } else {
                format!("{expected} validation errors detected: ")
            };
            assert!(e.message.starts_with(&prefix), "{expected}: {}", e.message);
            for value in sensitive_values {
                assert!(
                    !e.message.contains(&format!("'{value}'")),
                    "a sensitive value in {:?}",
                    e.message
                );
            }
        }
    }
}
