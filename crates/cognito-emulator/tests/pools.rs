//! Pools that name their users each way Cognito does (Developer Guide, "User
//! pool attributes"): by phone number, by e-mail address or phone number,
//! and by username with e-mail, phone and preferred-username aliases — the
//! seed's example pools, and variants of them, through the JSON API.

mod common;

use cognito_emulator::store::Message;
use cognito_emulator::usernames::SignInAttribute;
use cognito_emulator::{srp, Config};
use common::*;
use serde_json::{json, Value};
use test_support::local::{PHONE_CLIENT_ID, PHONE_POOL_ID, USERNAME_CLIENT_ID, USERNAME_POOL_ID};

const PHONE: &str = "+819012345678";

async fn sign_up(emu: &Emu, client: &str, username: &str, attributes: Value) -> Resp {
    emu.call(
        "SignUp",
        json!({"ClientId": client, "Username": username, "Password": PASSWORD,
               "UserAttributes": attributes}),
    )
    .await
}

async fn confirm(emu: &Emu, client: &str, username: &str, code: &str, force: bool) -> Resp {
    emu.call(
        "ConfirmSignUp",
        json!({"ClientId": client, "Username": username, "ConfirmationCode": code,
               "ForceAliasCreation": force}),
    )
    .await
}

async fn sign_in(emu: &Emu, client: &str, username: &str, password: &str) -> Resp {
    emu.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
               "AuthParameters": {"USERNAME": username, "PASSWORD": password}}),
    )
    .await
}

/// The ID token's claims after signing in as `username`.
async fn id_claims(emu: &Emu, client: &str, username: &str) -> Value {
    let r = sign_in(emu, client, username, PASSWORD).await.ok();
    claims(r["AuthenticationResult"]["IdToken"].as_str().unwrap())
}

/// `ChallengeParameters` of a `USER_SRP_AUTH` challenge for `username`.
async fn srp_challenge(emu: &Emu, client: &str, username: &str) -> Value {
    let r = emu
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client,
                   "AuthParameters": {"USERNAME": username, "SRP_A": "abcdef0123456789"}}),
        )
        .await
        .ok();
    assert_eq!(r["ChallengeName"], "PASSWORD_VERIFIER", "{r}");
    r["ChallengeParameters"].clone()
}

/// Asserts the stored SRP verifier is for `USER_ID_FOR_SRP = internal`, so
/// an SRP client signing the claim with it gets in.
fn assert_srp_user_id(emu: &Emu, pool_id: &str, internal: &str) {
    let user = emu.state.user(pool_id, internal).unwrap();
    let pool_name = pool_id.split_once('_').unwrap().1;
    let expected = srp::verifier(&user.srp.salt, pool_name, internal, PASSWORD).to_str_radix(16);
    assert_eq!(user.srp.verifier, expected);
}

/// The newest message to `to`.
fn last_to(emu: &Emu, to: &str) -> Message {
    emu.state
        .messages()
        .into_iter()
        .rev()
        .find(|m| m.to == to)
        .unwrap_or_else(|| panic!("no message to {to}"))
}

async fn admin_get(emu: &Emu, pool_id: &str, username: &str) -> Resp {
    emu.admin(
        "AdminGetUser",
        json!({"UserPoolId": pool_id, "Username": username}),
    )
    .await
}

async fn list(emu: &Emu, pool_id: &str, filter: &str) -> Vec<String> {
    let r = emu
        .admin(
            "ListUsers",
            json!({"UserPoolId": pool_id, "Filter": filter}),
        )
        .await
        .ok();
    r["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["Username"].as_str().unwrap().to_owned())
        .collect()
}

fn attribute(user: &Value, name: &str) -> Option<String> {
    user["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == name)
        .map(|a| a["Value"].as_str().unwrap().to_owned())
}

// ---------------------------------------------------------------------------
// UsernameAttributes = [phone_number] (the seed's ap-northeast-1_Phone).
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_phone_pool_signs_up_and_in_with_the_phone_number() {
    let emu = emu();
    let r = sign_up(&emu, PHONE_CLIENT_ID, PHONE, json!([])).await.ok();
    assert_eq!(r["UserConfirmed"], false);
    let sub = r["UserSub"].as_str().unwrap().to_owned();
    assert_eq!(uuid::Uuid::parse_str(&sub).unwrap().get_version_num(), 4);
    // Masked as Cognito masks phone numbers.
    assert_eq!(
        r["CodeDeliveryDetails"],
        json!({"Destination": "+********5678", "DeliveryMedium": "SMS",
               "AttributeName": "phone_number"})
    );
    // The "SMS" arrives in the mailbox, addressed to the number, and says so.
    let sms = last_to(&emu, PHONE);
    assert!(sms.subject.starts_with("SMS"), "{}", sms.subject);
    assert!(sms.body.contains(&sms.code), "{}", sms.body);
    assert!(sms.body.contains("sends no text messages"), "{}", sms.body);
    for query in ["%2B819012345678", "+819012345678"] {
        let listed = emu
            .get(&format!("/_local/messages?to={query}"))
            .await
            .json();
        assert_eq!(listed.as_array().unwrap().len(), 1, "?to={query}: {listed}");
    }

    // The number is the phone_number attribute; the username is the sub.
    let user = emu.state.user(PHONE_POOL_ID, PHONE).unwrap();
    assert_eq!(user.username, sub);
    assert_eq!(user.attributes["phone_number"], PHONE);
    assert!(!user.attributes.contains_key("email"));
    assert!(!user.attributes.contains_key("email_verified"));

    confirm(&emu, PHONE_CLIENT_ID, PHONE, &sms.code, false)
        .await
        .ok();
    let id = id_claims(&emu, PHONE_CLIENT_ID, PHONE).await;
    assert_eq!(id["cognito:username"], json!(sub));
    assert_eq!(id["sub"], json!(sub));
    assert_eq!(id["phone_number"], PHONE);
    assert_eq!(id["phone_number_verified"], true);
    assert_eq!(id["iss"], format!("{BASE_URL}/{PHONE_POOL_ID}"));

    // SRP: USER_ID_FOR_SRP is the internal username.
    let params = srp_challenge(&emu, PHONE_CLIENT_ID, PHONE).await;
    assert_eq!(params["USER_ID_FOR_SRP"], json!(sub));
    assert_srp_user_id(&emu, PHONE_POOL_ID, &sub);

    // No second account for the number; the other pools are not involved.
    sign_up(&emu, PHONE_CLIENT_ID, PHONE, json!([]))
        .await
        .assert_error(
            "UsernameExistsException",
            "An account with the given phone_number already exists.",
        );
    assert!(emu.state.user(POOL_ID, PHONE).is_none());
}

#[tokio::test]
async fn a_phone_pool_takes_e164_numbers_only() {
    let emu = emu();
    for (username, message) in [
        ("09012345678", "Invalid phone number format."),
        ("+81-90-1234-5678", "Invalid phone number format."),
        ("+0901234567", "Invalid phone number format."),
        ("hanako@example.com", "Username should be a phone number."),
        ("hanako", "Username should be a phone number."),
    ] {
        sign_up(&emu, PHONE_CLIENT_ID, username, json!([]))
            .await
            .assert_error("InvalidParameterException", message);
    }
    // A phone_number attribute is held to E.164 in every pool.
    sign_up(
        &emu,
        CLIENT_ID,
        "p@example.com",
        json!([{"Name": "name", "Value": "P"}, {"Name": "phone_number", "Value": "090-1234-5678"}]),
    )
    .await
    .assert_error("InvalidParameterException", "Invalid phone number format.");
    assert!(emu.state.messages().is_empty());
}

#[tokio::test]
async fn a_phone_pools_codes_resets_and_admin_operations_use_the_number() {
    let emu = emu();
    sign_up(&emu, PHONE_CLIENT_ID, PHONE, json!([])).await.ok();
    let r = emu
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": PHONE_CLIENT_ID, "Username": PHONE}),
        )
        .await
        .ok();
    assert_eq!(r["CodeDeliveryDetails"]["DeliveryMedium"], "SMS");
    confirm(
        &emu,
        PHONE_CLIENT_ID,
        PHONE,
        &last_to(&emu, PHONE).code,
        false,
    )
    .await
    .ok();

    // A reset code goes to the verified number.
    let r = emu
        .call(
            "ForgotPassword",
            json!({"ClientId": PHONE_CLIENT_ID, "Username": PHONE}),
        )
        .await
        .ok();
    assert_eq!(
        r["CodeDeliveryDetails"],
        json!({"Destination": "+********5678", "DeliveryMedium": "SMS",
               "AttributeName": "phone_number"})
    );
    let code = last_to(&emu, PHONE).code;
    emu.call(
        "ConfirmForgotPassword",
        json!({"ClientId": PHONE_CLIENT_ID, "Username": PHONE, "ConfirmationCode": code,
               "Password": "Another-Horse-7"}),
    )
    .await
    .ok();
    sign_in(&emu, PHONE_CLIENT_ID, PHONE, "Another-Horse-7")
        .await
        .ok();

    // A number nobody has: a pretend SMS, nothing sent.
    let before = emu.state.messages().len();
    let r = emu
        .call(
            "ForgotPassword",
            json!({"ClientId": PHONE_CLIENT_ID, "Username": "+819099990000"}),
        )
        .await
        .ok();
    assert_eq!(r["CodeDeliveryDetails"]["Destination"], "+********0000");
    assert_eq!(r["CodeDeliveryDetails"]["DeliveryMedium"], "SMS");
    assert_eq!(emu.state.messages().len(), before);

    // Administrators name the user by the number; ListUsers searches the
    // attribute, and `username` only by the real (UUID) username.
    let user = admin_get(&emu, PHONE_POOL_ID, PHONE).await.ok();
    let sub = user["Username"].as_str().unwrap().to_owned();
    assert_eq!(attribute(&user, "phone_number").as_deref(), Some(PHONE));
    assert_eq!(
        list(&emu, PHONE_POOL_ID, &format!("phone_number = \"{PHONE}\"")).await,
        [sub.as_str()]
    );
    assert!(
        list(&emu, PHONE_POOL_ID, &format!("username = \"{PHONE}\""))
            .await
            .is_empty()
    );
    assert_eq!(
        list(&emu, PHONE_POOL_ID, &format!("username = \"{sub}\"")).await,
        [sub.as_str()]
    );

    // An invitation goes by SMS, telling the number to sign in with.
    let invited = "+819011112222";
    let r = emu
        .admin(
            "AdminCreateUser",
            json!({"UserPoolId": PHONE_POOL_ID, "Username": invited,
                   "TemporaryPassword": "Temporary-Pass-1"}),
        )
        .await
        .ok();
    assert_ne!(r["User"]["Username"], invited, "a UUID username");
    let sms = last_to(&emu, invited);
    assert!(sms.subject.starts_with("SMS"), "{}", sms.subject);
    assert!(
        sms.body
            .contains("Your username is +819011112222 and temporary password is Temporary-Pass-1."),
        "{}",
        sms.body
    );
    emu.admin(
        "AdminCreateUser",
        json!({"UserPoolId": PHONE_POOL_ID, "Username": invited}),
    )
    .await
    .assert_error("UsernameExistsException", "User account already exists");
}

// ---------------------------------------------------------------------------
// UsernameAttributes = [email, phone_number].
// ---------------------------------------------------------------------------

fn email_or_phone() -> Config {
    let mut config = Config::seed();
    let pool = &mut config.pools[0];
    pool.username_attributes = Some(vec![SignInAttribute::Email, SignInAttribute::PhoneNumber]);
    pool.required_attributes = vec!["name".into()];
    config
}

#[tokio::test]
async fn an_email_or_phone_pool_takes_either_and_both_are_unique() {
    let emu = emu_with(email_or_phone());
    let name = json!({"Name": "name", "Value": "N"});

    // An e-mail username with a phone number too: the code goes by SMS, as
    // when a pool verifies both, and verifies the phone.
    let r = sign_up(
        &emu,
        CLIENT_ID,
        "hanako@example.com",
        json!([name, {"Name": "phone_number", "Value": PHONE}]),
    )
    .await
    .ok();
    let hanako = r["UserSub"].as_str().unwrap().to_owned();
    assert_eq!(r["CodeDeliveryDetails"]["DeliveryMedium"], "SMS");
    confirm(&emu, CLIENT_ID, PHONE, &last_to(&emu, PHONE).code, false)
        .await
        .ok();
    let user = emu.state.user(POOL_ID, &hanako).unwrap();
    assert_eq!(user.attributes["phone_number_verified"], "true");
    assert_eq!(user.attributes["email_verified"], "false");
    // Either signs in, verified or not.
    for username in ["Hanako@Example.com", PHONE] {
        let id = id_claims(&emu, CLIENT_ID, username).await;
        assert_eq!(id["cognito:username"], json!(hanako), "{username}");
    }

    // A phone username.
    let r = sign_up(&emu, CLIENT_ID, "+819011112222", json!([name]))
        .await
        .ok();
    assert_eq!(r["CodeDeliveryDetails"]["AttributeName"], "phone_number");
    let taro = emu.state.user(POOL_ID, "+819011112222").unwrap();
    assert_eq!(taro.username, r["UserSub"].as_str().unwrap());
    assert!(!taro.attributes.contains_key("email"));

    sign_up(&emu, CLIENT_ID, "hanako", json!([name]))
        .await
        .assert_error(
            "InvalidParameterException",
            "Username should be either an email or a phone number.",
        );
    // Taken as a username, or as the other attribute.
    sign_up(&emu, CLIENT_ID, "HANAKO@example.com", json!([name]))
        .await
        .assert_error(
            "UsernameExistsException",
            "An account with the given email already exists.",
        );
    sign_up(&emu, CLIENT_ID, PHONE, json!([name]))
        .await
        .assert_error(
            "UsernameExistsException",
            "An account with the given phone_number already exists.",
        );
    sign_up(
        &emu,
        CLIENT_ID,
        "jiro@example.com",
        json!([name, {"Name": "phone_number", "Value": PHONE}]),
    )
    .await
    .assert_error(
        "UsernameExistsException",
        "An account with the given phone_number already exists.",
    );
}

// ---------------------------------------------------------------------------
// A username pool with AliasAttributes (the seed's ap-northeast-1_Users).
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_username_pool_signs_in_by_username_and_verified_aliases() {
    let emu = emu();
    let email = json!({"Name": "email", "Value": "hanako@example.com"});
    let r = sign_up(&emu, USERNAME_CLIENT_ID, "Hanako", json!([email]))
        .await
        .ok();
    let sub = r["UserSub"].as_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&sub).is_ok(), "sub is a UUID: {sub}");
    assert_eq!(
        r["CodeDeliveryDetails"],
        json!({"Destination": "h***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );
    let code = last_to(&emu, "hanako@example.com").code;

    // An unverified address is no alias yet: it names nobody.
    sign_in(&emu, USERNAME_CLIENT_ID, "hanako@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    sign_in(&emu, USERNAME_CLIENT_ID, "hanako", PASSWORD)
        .await
        .assert_error("UserNotConfirmedException", "User is not confirmed.");
    confirm(&emu, USERNAME_CLIENT_ID, "hanako@example.com", &code, false)
        .await
        .assert_error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );

    // Case-insensitive (the pool's default): any case confirms and signs
    // in; the username keeps the case it was created with.
    confirm(&emu, USERNAME_CLIENT_ID, "HANAKO", &code, false)
        .await
        .ok();
    for username in ["hanako", "HANAKO@EXAMPLE.COM"] {
        let id = id_claims(&emu, USERNAME_CLIENT_ID, username).await;
        assert_eq!(id["cognito:username"], "Hanako", "{username}");
        assert_eq!(id["sub"], json!(sub));
        assert_eq!(id["email_verified"], true);
    }
    let user = admin_get(&emu, USERNAME_POOL_ID, "hanako@example.com")
        .await
        .ok();
    assert_eq!(user["Username"], "Hanako");
    assert_eq!(user["UserStatus"], "CONFIRMED");

    // SRP by the alias: USER_ID_FOR_SRP is the username.
    let params = srp_challenge(&emu, USERNAME_CLIENT_ID, "hanako@example.com").await;
    assert_eq!(params["USER_ID_FOR_SRP"], "Hanako");
    assert_srp_user_id(&emu, USERNAME_POOL_ID, "Hanako");

    // ListUsers: `username` wants the real username, attributes search.
    assert_eq!(
        list(&emu, USERNAME_POOL_ID, "username = \"Hanako\"").await,
        ["Hanako"]
    );
    assert_eq!(
        list(&emu, USERNAME_POOL_ID, "email = \"hanako@example.com\"").await,
        ["Hanako"]
    );

    // Taken whatever its case.
    let other = json!([{"Name": "email", "Value": "other@example.com"}]);
    sign_up(&emu, USERNAME_CLIENT_ID, "hANAKO", other.clone())
        .await
        .assert_error("UsernameExistsException", "User already exists");
    // Not shaped like an alias the pool has.
    sign_up(&emu, USERNAME_CLIENT_ID, "jiro@example.com", other.clone())
        .await
        .assert_error(
            "InvalidParameterException",
            "Username cannot be of email format, since user pool is configured for email alias.",
        );
    sign_up(&emu, USERNAME_CLIENT_ID, PHONE, other.clone())
        .await
        .assert_error(
            "InvalidParameterException",
            "Username cannot be of phone number format, since user pool is configured for phone \
             number alias.",
        );
    sign_up(
        &emu,
        USERNAME_CLIENT_ID,
        "jiro",
        json!([{"Name": "email", "Value": "jiro@example.com"},
               {"Name": "preferred_username", "Value": "Jiro"}]),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "Preferred username cannot be provided for unconfirmed account, since user pool is \
         configured for preferred username alias.",
    );
    sign_up(&emu, USERNAME_CLIENT_ID, "jiro", json!([]))
        .await
        .assert_error(
            "InvalidParameterException",
            "Attributes did not conform to the schema: email: The attribute is required",
        );
}

#[tokio::test]
async fn a_verified_alias_belongs_to_one_user_until_forced_over() {
    let emu = emu();
    let shared = json!([{"Name": "email", "Value": "shared@example.com"}]);
    sign_up(&emu, USERNAME_CLIENT_ID, "hanako", shared.clone())
        .await
        .ok();
    let code = last_to(&emu, "shared@example.com").code;
    confirm(&emu, USERNAME_CLIENT_ID, "hanako", &code, false)
        .await
        .ok();

    // Signing up with the address succeeds: it is unverified at taro.
    sign_up(&emu, USERNAME_CLIENT_ID, "taro", shared.clone())
        .await
        .ok();
    let code = last_to(&emu, "shared@example.com").code;
    confirm(&emu, USERNAME_CLIENT_ID, "taro", &code, false)
        .await
        .assert_error(
            "AliasExistsException",
            "An account with the email already exists.",
        );
    // Nothing changed; the same code confirms with ForceAliasCreation.
    let taro = emu.state.user(USERNAME_POOL_ID, "taro").unwrap();
    assert_eq!(taro.status_name(), "UNCONFIRMED");
    assert_eq!(taro.attributes["email_verified"], "false");
    assert_eq!(
        id_claims(&emu, USERNAME_CLIENT_ID, "shared@example.com").await["cognito:username"],
        "hanako"
    );
    confirm(&emu, USERNAME_CLIENT_ID, "taro", &code, true)
        .await
        .ok();

    // The alias moved: it signs in as taro; hanako's copy is unverified,
    // and her username still signs in.
    assert_eq!(
        id_claims(&emu, USERNAME_CLIENT_ID, "shared@example.com").await["cognito:username"],
        "taro"
    );
    let hanako = emu.state.user(USERNAME_POOL_ID, "hanako").unwrap();
    assert_eq!(hanako.attributes["email_verified"], "false");
    assert_eq!(
        id_claims(&emu, USERNAME_CLIENT_ID, "hanako").await["email_verified"],
        false
    );
}

#[tokio::test]
async fn a_phone_alias_is_verified_by_sms_and_recovers_the_account() {
    let emu = emu();
    let r = sign_up(
        &emu,
        USERNAME_CLIENT_ID,
        "jiro",
        json!([{"Name": "email", "Value": "jiro@example.com"},
               {"Name": "phone_number", "Value": PHONE}]),
    )
    .await
    .ok();
    assert_eq!(r["CodeDeliveryDetails"]["DeliveryMedium"], "SMS");
    confirm(
        &emu,
        USERNAME_CLIENT_ID,
        "jiro",
        &last_to(&emu, PHONE).code,
        false,
    )
    .await
    .ok();
    // The phone is verified (an alias now), the e-mail address is not.
    assert_eq!(
        id_claims(&emu, USERNAME_CLIENT_ID, PHONE).await["cognito:username"],
        "jiro"
    );
    sign_in(&emu, USERNAME_CLIENT_ID, "jiro@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    // Reset codes go to the verified phone.
    let r = emu
        .call(
            "ForgotPassword",
            json!({"ClientId": USERNAME_CLIENT_ID, "Username": PHONE}),
        )
        .await
        .ok();
    assert_eq!(r["CodeDeliveryDetails"]["AttributeName"], "phone_number");
}

#[tokio::test]
async fn administrators_create_aliases_and_force_them_over() {
    let emu = emu();
    let create = |username: &str, attributes: Value, force: bool| {
        emu.admin(
            "AdminCreateUser",
            json!({"UserPoolId": USERNAME_POOL_ID, "Username": username,
                   "TemporaryPassword": "Temporary-Pass-1", "MessageAction": "SUPPRESS",
                   "ForceAliasCreation": force, "UserAttributes": attributes}),
        )
    };
    let verified = |email: &str| json!([{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]);
    let mut hana = verified("hana@example.com");
    hana.as_array_mut()
        .unwrap()
        .push(json!({"Name": "preferred_username", "Value": "Hana-chan"}));
    let r = create("hana", hana, false).await.ok();
    assert_eq!(r["User"]["Username"], "hana");

    // The preferred username and the verified address are aliases now.
    for name in ["HANA-CHAN", "hana@example.com"] {
        let user = admin_get(&emu, USERNAME_POOL_ID, name).await.ok();
        assert_eq!(user["Username"], "hana", "{name}");
    }
    let r = sign_in(&emu, USERNAME_CLIENT_ID, "hana-chan", "Temporary-Pass-1")
        .await
        .ok();
    assert_eq!(r["ChallengeName"], "NEW_PASSWORD_REQUIRED");

    // A verified address another user holds: refused unless forced.
    create("ken", verified("hana@example.com"), false)
        .await
        .assert_error(
            "AliasExistsException",
            "An account with the email already exists.",
        );
    create("ken", verified("hana@example.com"), true).await.ok();
    assert_eq!(
        admin_get(&emu, USERNAME_POOL_ID, "hana@example.com")
            .await
            .ok()["Username"],
        "ken"
    );
    let hana = admin_get(&emu, USERNAME_POOL_ID, "hana").await.ok();
    assert_eq!(attribute(&hana, "email_verified").as_deref(), Some("false"));

    // A preferred username is never forced over.
    create(
        "yuki",
        json!([{"Name": "email", "Value": "yuki@example.com"},
               {"Name": "preferred_username", "Value": "hana-CHAN"}]),
        true,
    )
    .await
    .assert_error(
        "AliasExistsException",
        "An account with the preferred_username already exists.",
    );
    create("x@example.com", json!([]), false)
        .await
        .assert_error(
            "InvalidParameterException",
            "Username cannot be of email format, since user pool is configured for email alias.",
        );

    // Invitations name the username; SMS ones go to the phone number.
    emu.admin(
        "AdminCreateUser",
        json!({"UserPoolId": USERNAME_POOL_ID, "Username": "mari",
               "TemporaryPassword": "Temporary-Pass-1", "DesiredDeliveryMediums": ["SMS"],
               "UserAttributes": [{"Name": "email", "Value": "mari@example.com"},
                                  {"Name": "phone_number", "Value": PHONE}]}),
    )
    .await
    .ok();
    let sms = last_to(&emu, PHONE);
    assert!(
        sms.body
            .contains("Your username is mari and temporary password is Temporary-Pass-1."),
        "{}",
        sms.body
    );
    assert!(emu
        .state
        .messages()
        .iter()
        .all(|m| m.to != "mari@example.com"));
    emu.admin(
        "AdminCreateUser",
        json!({"UserPoolId": USERNAME_POOL_ID, "Username": "nao",
               "DesiredDeliveryMediums": ["SMS"],
               "UserAttributes": [{"Name": "email", "Value": "nao@example.com"}]}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "DesiredDeliveryMediums SMS needs the user's phone_number attribute, which it does not \
         have (SMS arrives in the local mailbox, addressed to the phone number).",
    );
}

#[tokio::test]
async fn a_case_sensitive_pool_tells_usernames_apart_by_case() {
    let mut config = Config::seed();
    config.pools[2].username_case_sensitive = true;
    let emu = emu_with(config);
    for (username, email) in [
        ("Hanako", "upper@example.com"),
        ("hanako", "lower@example.com"),
    ] {
        sign_up(
            &emu,
            USERNAME_CLIENT_ID,
            username,
            json!([{"Name": "email", "Value": email}]),
        )
        .await
        .ok();
        let code = last_to(&emu, email).code;
        confirm(&emu, USERNAME_CLIENT_ID, username, &code, false)
            .await
            .ok();
    }
    assert_eq!(
        id_claims(&emu, USERNAME_CLIENT_ID, "hanako").await["email"],
        "lower@example.com"
    );
    sign_in(&emu, USERNAME_CLIENT_ID, "HANAKO", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    // E-mail aliases are case-sensitive too.
    sign_in(&emu, USERNAME_CLIENT_ID, "UPPER@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
}

#[tokio::test]
async fn describe_user_pool_shows_how_each_pool_names_users() {
    let emu = &emu();
    let describe = |id: &'static str| async move {
        emu.admin("DescribeUserPool", json!({"UserPoolId": id}))
            .await
            .ok()["UserPool"]
            .clone()
    };
    let phone = describe(PHONE_POOL_ID).await;
    assert_eq!(phone["UsernameAttributes"], json!(["phone_number"]));
    assert_eq!(phone["AutoVerifiedAttributes"], json!(["phone_number"]));
    assert!(phone.get("AliasAttributes").is_none());
    let users = describe(USERNAME_POOL_ID).await;
    assert!(users.get("UsernameAttributes").is_none());
    assert_eq!(
        users["AliasAttributes"],
        json!(["email", "phone_number", "preferred_username"])
    );
    assert_eq!(
        users["AutoVerifiedAttributes"],
        json!(["email", "phone_number"])
    );
    assert_eq!(
        users["UsernameConfiguration"],
        json!({"CaseSensitive": false})
    );
}
