//! User pool groups: the seed's groups and administrator, the group
//! operations, membership in `cognito:groups` / `cognito:roles` /
//! `cognito:preferred_role`, and the PostConfirmation default group.

mod common;

use cognito_emulator::config::GroupConfig;
use cognito_emulator::Config;
use common::*;
use serde_json::{json, Value};

const ADMIN_ROLE: &str = "arn:aws:iam::000000000000:role/LocalAdmin";
const EDITOR_ROLE: &str = "arn:aws:iam::123456789012:role/Editor";

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|g| s(&g["GroupName"]).to_owned())
        .collect()
}

impl Emu {
    async fn groups_of(&self, username: &str) -> Vec<String> {
        names(
            &self
                .admin(
                    "AdminListGroupsForUser",
                    json!({"UserPoolId": POOL_ID, "Username": username}),
                )
                .await
                .ok()["Groups"],
        )
    }

    async fn membership(&self, op: &'static str, username: &str, group: &str) -> Resp {
        self.admin(
            op,
            json!({"UserPoolId": POOL_ID, "Username": username, "GroupName": group}),
        )
        .await
    }
}

#[tokio::test]
async fn the_seed_has_groups_and_an_administrator() {
    let emu = emu();
    let groups = emu
        .admin("ListGroups", json!({"UserPoolId": POOL_ID}))
        .await
        .ok();
    let admin = &groups["Groups"][0];
    assert_eq!(admin["GroupName"], "admin");
    assert_eq!(admin["UserPoolId"], POOL_ID);
    assert_eq!(admin["Description"], "Administrators");
    assert_eq!(admin["Precedence"], 0);
    assert_eq!(admin["RoleArn"], ADMIN_ROLE);
    assert!(admin["CreationDate"].is_f64() && admin["LastModifiedDate"].is_f64());
    assert_eq!(names(&groups["Groups"]), ["admin", "users"]);
    assert!(groups["Groups"][1].get("RoleArn").is_none());

    let tokens =
        emu.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.ok()["AuthenticationResult"].clone();
    let id = claims(s(&tokens["IdToken"]));
    assert_eq!(id["email"], ADMIN_EMAIL);
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["name"], "Local Admin");
    assert_eq!(id["cognito:groups"], json!(["admin"]));
    assert_eq!(id["cognito:roles"], json!([ADMIN_ROLE]));
    assert_eq!(id["cognito:preferred_role"], ADMIN_ROLE);
    let access = claims(s(&tokens["AccessToken"]));
    assert_eq!(access["cognito:groups"], json!(["admin"]));
    assert!(access.get("cognito:roles").is_none());
    assert!(access.get("cognito:preferred_role").is_none());
    let user = emu
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": POOL_ID, "Username": ADMIN_EMAIL}),
        )
        .await
        .ok();
    assert_eq!(user["UserStatus"], "CONFIRMED");
    let sub = s(&user["Username"]).to_owned();

    // A restart keeps the seeded user, and a password changed since.
    emu.call(
        "ChangePassword",
        json!({"AccessToken": tokens["AccessToken"], "PreviousPassword": ADMIN_PASSWORD,
               "ProposedPassword": "Changed-Admin-Passw0rd!"}),
    )
    .await
    .ok();
    let (state, app) = emu.restart();
    assert_eq!(state.user(POOL_ID, ADMIN_EMAIL).unwrap().username, sub);
    let r = call(
        &app,
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT_ID,
               "AuthParameters": {"USERNAME": ADMIN_EMAIL, "PASSWORD": "Changed-Admin-Passw0rd!"}}),
    )
    .await;
    r.ok();
}

#[tokio::test]
async fn configured_groups_follow_the_configuration_at_start_up() {
    let emu = emu();
    // Changed through the API, then the emulator restarts with a config
    // that says otherwise and adds a group.
    emu.admin(
        "DeleteGroup",
        json!({"UserPoolId": POOL_ID, "GroupName": "users"}),
    )
    .await
    .ok();
    let mut config = Config::seed();
    config.pools[0].groups[0].precedence = Some(3);
    config.pools[0].groups.push(GroupConfig {
        name: "auditors".into(),
        description: None,
        precedence: None,
        role_arn: None,
    });
    let state = cognito_emulator::AppState::new(config, emu.dir.path().to_owned(), BASE_URL.into())
        .unwrap();
    let app = cognito_emulator::app(state);
    let r = signed_call(&app, "ListGroups", json!({"UserPoolId": POOL_ID})).await;
    let groups = r.ok()["Groups"].clone();
    assert_eq!(names(&groups), ["admin", "auditors", "users"]);
    assert_eq!(groups[0]["Precedence"], 3);
    assert!(groups[1].get("Precedence").is_none());
}

#[tokio::test]
async fn create_get_list_and_delete_groups() {
    let emu = emu();
    let create = |body: Value| {
        let mut body = body;
        body["UserPoolId"] = json!(POOL_ID);
        emu.admin("CreateGroup", body)
    };
    let created = create(json!({"GroupName": "editors", "Description": "Edit things",
                                "Precedence": 5, "RoleArn": EDITOR_ROLE}))
    .await
    .ok();
    let group = &created["Group"];
    assert_eq!(group["GroupName"], "editors");
    assert_eq!(group["Precedence"], 5);
    assert_eq!(group["RoleArn"], EDITOR_ROLE);
    assert_eq!(group["Description"], "Edit things");
    let got = emu
        .admin(
            "GetGroup",
            json!({"UserPoolId": POOL_ID, "GroupName": "editors"}),
        )
        .await
        .ok();
    assert_eq!(got["Group"], *group);

    create(json!({"GroupName": "editors"})).await.assert_error(
        "GroupExistsException",
        "A group with the name already exists.",
    );
    create(json!({"GroupName": "bad", "Precedence": -1}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value '-1' at 'precedence' failed to satisfy \
             constraint: Member must have value greater than or equal to 0",
        );
    let r = create(json!({"GroupName": "bad", "RoleArn": "not-an-arn-at-all-really"})).await;
    assert_eq!(r.json()["__type"], "InvalidParameterException");
    assert!(
        s(&r.json()["message"]).contains("at 'roleArn'"),
        "{}",
        r.text
    );
    create(json!({"GroupName": "has space"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value 'has space' at 'groupName' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: \
             [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        );
    emu.admin(
        "GetGroup",
        json!({"UserPoolId": POOL_ID, "GroupName": "nope"}),
    )
    .await
    .assert_error("ResourceNotFoundException", "Group not found.");

    // Pages of one.
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"UserPoolId": POOL_ID, "Limit": 1});
        if let Some(t) = &token {
            body["NextToken"] = json!(t);
        }
        let page = emu.admin("ListGroups", body).await.ok();
        seen.extend(names(&page["Groups"]));
        token = page["NextToken"].as_str().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["admin", "editors", "users"]);

    assert_eq!(
        emu.admin(
            "DeleteGroup",
            json!({"UserPoolId": POOL_ID, "GroupName": "editors"}),
        )
        .await
        .ok(),
        json!({})
    );
    emu.admin(
        "DeleteGroup",
        json!({"UserPoolId": POOL_ID, "GroupName": "editors"}),
    )
    .await
    .assert_error("ResourceNotFoundException", "Group not found.");
}

#[tokio::test]
async fn membership_shows_in_tokens_at_the_next_sign_in_or_refresh() {
    let emu = emu();
    let sub = emu.confirmed_user("member@example.com").await;
    let tokens = emu.tokens("member@example.com").await;
    let refresh = s(&tokens["RefreshToken"]).to_owned();
    assert_eq!(
        claims(s(&tokens["IdToken"]))["cognito:groups"],
        json!(["users"])
    );
    emu.admin(
        "CreateGroup",
        json!({"UserPoolId": POOL_ID, "GroupName": "editors", "Precedence": 5,
               "RoleArn": EDITOR_ROLE}),
    )
    .await
    .ok();
    assert_eq!(
        emu.membership("AdminAddUserToGroup", "member@example.com", "editors")
            .await
            .ok(),
        json!({})
    );
    // Twice is fine.
    emu.membership("AdminAddUserToGroup", &sub, "editors")
        .await
        .ok();
    assert_eq!(
        emu.groups_of("member@example.com").await,
        ["editors", "users"]
    );
    let in_group = emu
        .admin(
            "ListUsersInGroup",
            json!({"UserPoolId": POOL_ID, "GroupName": "editors"}),
        )
        .await
        .ok();
    assert_eq!(in_group["Users"].as_array().unwrap().len(), 1);
    assert_eq!(in_group["Users"][0]["Username"], json!(sub));
    assert_eq!(in_group["Users"][0]["UserStatus"], "CONFIRMED");

    // The tokens already issued are unchanged; a refresh shows the group.
    let refreshed = emu.refresh(&refresh).await.ok()["AuthenticationResult"].clone();
    let id = claims(s(&refreshed["IdToken"]));
    assert_eq!(id["cognito:groups"], json!(["editors", "users"]));
    assert_eq!(id["cognito:roles"], json!([EDITOR_ROLE]));
    assert_eq!(id["cognito:preferred_role"], EDITOR_ROLE);
    assert_eq!(
        claims(s(&refreshed["AccessToken"]))["cognito:groups"],
        json!(["editors", "users"])
    );

    // In admin too (precedence 0): its role becomes the preferred one.
    emu.membership("AdminAddUserToGroup", "member@example.com", "admin")
        .await
        .ok();
    let id = claims(s(&emu.tokens("member@example.com").await["IdToken"]));
    assert_eq!(id["cognito:groups"], json!(["admin", "editors", "users"]));
    assert_eq!(id["cognito:roles"], json!([ADMIN_ROLE, EDITOR_ROLE]));
    assert_eq!(id["cognito:preferred_role"], ADMIN_ROLE);

    emu.membership("AdminRemoveUserFromGroup", "member@example.com", "admin")
        .await
        .ok();
    emu.admin(
        "DeleteGroup",
        json!({"UserPoolId": POOL_ID, "GroupName": "editors"}),
    )
    .await
    .ok();
    let id = claims(s(
        &emu.refresh(&refresh).await.ok()["AuthenticationResult"]["IdToken"]
    ));
    assert_eq!(id["cognito:groups"], json!(["users"]));
    assert!(id.get("cognito:roles").is_none());
    assert!(id.get("cognito:preferred_role").is_none());
    emu.membership("AdminRemoveUserFromGroup", "member@example.com", "users")
        .await
        .ok();
    let id = claims(s(&emu.tokens("member@example.com").await["IdToken"]));
    assert!(id.get("cognito:groups").is_none());

    emu.membership("AdminAddUserToGroup", "member@example.com", "editors")
        .await
        .assert_error("ResourceNotFoundException", "Group not found.");
    emu.membership("AdminAddUserToGroup", "ghost@example.com", "admin")
        .await
        .assert_error("UserNotFoundException", "User does not exist.");
    emu.admin(
        "AdminListGroupsForUser",
        json!({"UserPoolId": POOL_ID, "Username": "ghost@example.com"}),
    )
    .await
    .assert_error("UserNotFoundException", "User does not exist.");
    emu.admin(
        "ListUsersInGroup",
        json!({"UserPoolId": POOL_ID, "GroupName": "editors"}),
    )
    .await
    .assert_error("ResourceNotFoundException", "Group not found.");
}

#[tokio::test]
async fn the_default_group_is_for_users_who_signed_up() {
    let emu = emu();
    let sub = emu.sign_up("new@example.com").await.ok()["UserSub"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        emu.groups_of(&sub).await.is_empty(),
        "not before confirmation"
    );
    let code = emu.last_code("new@example.com");
    emu.confirm("new@example.com", &code).await.ok();
    assert_eq!(emu.groups_of(&sub).await, ["users"]);

    // Not for users an administrator created (as the real trigger).
    emu.admin_create("made@example.com", "Temporary-Passw0rd!")
        .await;
    let challenge = emu
        .sign_in("made@example.com", "Temporary-Passw0rd!")
        .await
        .ok();
    emu.respond(
        "NEW_PASSWORD_REQUIRED",
        &challenge["Session"],
        json!({"USERNAME": "made@example.com", "NEW_PASSWORD": PASSWORD,
               "userAttributes.name": "M"}),
    )
    .await
    .ok();
    assert!(emu.groups_of("made@example.com").await.is_empty());

    // Auto-confirmed sign-ups join too; without the setting nobody does.
    let mut config = Config::seed();
    config.pools[0].pre_sign_up.auto_confirm = true;
    let auto = emu_with(config);
    auto.sign_up("auto@example.com").await.ok();
    assert_eq!(auto.groups_of("auto@example.com").await, ["users"]);

    let mut config = Config::seed();
    config.pools[0].post_confirmation.default_group = None;
    let none = emu_with(config);
    none.confirmed_user("plain@example.com").await;
    assert!(none.groups_of("plain@example.com").await.is_empty());
}
