//! The state survives `kill -9`: every sign-up and confirmation the emulator
//! acknowledged (HTTP 200) is there after a restart on the same data dir,
//! and a damaged state file is reported, never replaced.

mod common;

use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cognito_emulator::{AppState, Config};
use common::{data_dir, BASE_URL, CLIENT_ID, PASSWORD};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Starts the emulator binary on `dir` and returns it with its base URL.
async fn start(dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cognito-emulator"))
        .args(["--port", "0", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the emulator binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .await
        .unwrap();
    let url = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (child, url)
}

async fn call(client: &reqwest::Client, url: &str, op: &str, body: Value) -> Option<Value> {
    let response = client
        .post(url)
        .header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{op}"),
        )
        .header("content-type", "application/x-amz-json-1.1")
        .body(body.to_string())
        .send()
        .await
        .ok()?;
    let status = response.status();
    let body: Value = serde_json::from_str(&response.text().await.ok()?).ok()?;
    Some(if status.is_success() {
        body
    } else {
        json!({ "error": body["__type"] })
    })
}

/// What the client was told before the kill.
#[derive(Default)]
struct Acknowledged {
    /// (email, code) of each sign-up answered 200, and whether its
    /// confirmation was answered 200 too.
    users: Vec<(String, String, bool)>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_sign_ups_and_confirmations_survive_sigkill() {
    let dir = data_dir();
    let (mut child, url) = start(dir.path()).await;
    let client = reqwest::Client::new();
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let confirmed = Arc::new(AtomicUsize::new(0));
    let cut_off = Arc::new(AtomicUsize::new(0));
    // Sign-ups acknowledged and not yet confirmed: the kill waits for one,
    // so that a stored code is checked after the restart.
    let pending = Arc::new(AtomicUsize::new(0));

    let mut tasks = Vec::new();
    for i in 0..48u64 {
        let (client, url) = (client.clone(), url.clone());
        let (acknowledged, confirmed, cut_off, pending) = (
            acknowledged.clone(),
            confirmed.clone(),
            cut_off.clone(),
            pending.clone(),
        );
        tasks.push(tokio::spawn(async move {
            // Staggered, so that requests are in flight whenever the kill
            // comes.
            tokio::time::sleep(Duration::from_millis(25 * i)).await;
            let email = format!("kill{i}-{}@example.com", std::process::id());
            let signed_up = call(
                &client,
                &url,
                "SignUp",
                json!({
                    "ClientId": CLIENT_ID, "Username": email, "Password": PASSWORD,
                    "UserAttributes": [{"Name": "email", "Value": email}, {"Name": "name", "Value": "K"}]
                }),
            )
            .await;
            let Some(answer) = signed_up else {
                cut_off.fetch_add(1, Ordering::SeqCst);
                return;
            };
            assert!(answer["UserSub"].is_string(), "{answer}");
            let messages = client
                .get(format!("{url}/_local/messages?to={email}"))
                .send()
                .await;
            let Ok(messages) = messages else {
                cut_off.fetch_add(1, Ordering::SeqCst);
                // The code was stored with the sign-up; read it after the
                // restart instead.
                acknowledged
                    .lock()
                    .unwrap()
                    .users
                    .push((email, String::new(), false));
                return;
            };
            let messages: Value = serde_json::from_str(&messages.text().await.unwrap_or_default())
                .unwrap_or(Value::Null);
            let code = messages
                .as_array()
                .and_then(|m| m.last())
                .and_then(|m| m["code"].as_str())
                .unwrap_or_default()
                .to_owned();
            let index = {
                let mut ack = acknowledged.lock().unwrap();
                ack.users.push((email.clone(), code.clone(), false));
                ack.users.len() - 1
            };
            if code.is_empty() {
                return;
            }
            // A pause between sign-up and confirmation, far longer than the
            // kill loop's poll: without it each user is confirmed before the
            // next signs up, and no acknowledged sign-up is left unconfirmed.
            pending.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(300)).await;
            pending.fetch_sub(1, Ordering::SeqCst);
            let answer = call(
                &client,
                &url,
                "ConfirmSignUp",
                json!({"ClientId": CLIENT_ID, "Username": email, "ConfirmationCode": code}),
            )
            .await;
            match answer {
                Some(v) if v.get("error").is_none() => {
                    acknowledged.lock().unwrap().users[index].2 = true;
                    confirmed.fetch_add(1, Ordering::SeqCst);
                }
                Some(v) => panic!("confirming {email}: {v}"),
                None => {
                    cut_off.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }

    // Kill in the middle of the burst: once a few confirmations are in and
    // a sign-up is acknowledged but not yet confirmed.
    tokio::time::timeout(Duration::from_secs(120), async {
        while confirmed.load(Ordering::SeqCst) < 6 || pending.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("six confirmations and a pending sign-up within two minutes");
    child.start_kill().expect("SIGKILL"); // Child::start_kill sends SIGKILL on Unix.
    let status = child.wait().await.unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9),
        "{status:?}"
    );
    for task in tasks {
        task.await.expect("no client task panicked");
    }
    let acknowledged = std::mem::take(&mut acknowledged.lock().unwrap().users);
    assert!(
        cut_off.load(Ordering::SeqCst) > 0,
        "the kill came after the burst: nothing was cut off"
    );
    assert!(acknowledged.iter().any(|(_, _, confirmed)| *confirmed));

    // The state file is whole JSON, and holds every acknowledged user.
    let text = std::fs::read_to_string(dir.path().join("state.json")).unwrap();
    let state: Value = serde_json::from_str(&text).expect("state.json is readable after the kill");
    let users = state["pools"][common::POOL_ID]["users"]
        .as_object()
        .expect("the pool's users");
    let status_of = |email: &str| {
        users
            .values()
            .find(|u| u["attributes"]["email"] == email)
            .map(|u| u["status"].as_str().unwrap().to_owned())
    };
    for (email, _, confirmed) in &acknowledged {
        let status = status_of(email).unwrap_or_else(|| panic!("{email} was lost"));
        if *confirmed {
            assert_eq!(status, "CONFIRMED", "{email}");
        }
    }

    // Restarted on the same data dir: confirmed users sign in, and the code
    // each unconfirmed user was sent still confirms them.
    let (_child, url) = start(dir.path()).await;
    let mut codes_checked = 0;
    for (email, code, confirmed) in &acknowledged {
        let unconfirmed = status_of(email).as_deref() == Some("UNCONFIRMED");
        if unconfirmed {
            let code = if code.is_empty() {
                // Stored with the sign-up, which was acknowledged.
                let messages: Value = serde_json::from_str(
                    &client
                        .get(format!("{url}/_local/messages?to={email}"))
                        .send()
                        .await
                        .unwrap()
                        .text()
                        .await
                        .unwrap(),
                )
                .unwrap();
                messages[0]["code"]
                    .as_str()
                    .expect("the sign-up's code")
                    .to_owned()
            } else {
                code.clone()
            };
            let answer = call(
                &client,
                &url,
                "ConfirmSignUp",
                json!({"ClientId": CLIENT_ID, "Username": email, "ConfirmationCode": code}),
            )
            .await
            .unwrap();
            assert!(answer.get("error").is_none(), "{email}: {answer}");
            codes_checked += 1;
        }
        if *confirmed || unconfirmed {
            let answer = call(
                &client,
                &url,
                "InitiateAuth",
                json!({"ClientId": CLIENT_ID, "AuthFlow": "USER_PASSWORD_AUTH",
                       "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}}),
            )
            .await
            .unwrap();
            assert!(
                answer["AuthenticationResult"]["AccessToken"].is_string(),
                "{email}: {answer}"
            );
        }
    }
    eprintln!(
        "{} acknowledged sign-ups ({} confirmations acknowledged, {} codes checked after the restart)",
        acknowledged.len(),
        acknowledged.iter().filter(|u| u.2).count(),
        codes_checked
    );
    assert!(
        codes_checked > 0,
        "no acknowledged sign-up was still unconfirmed after the restart, so no stored code was \
         checked: the kill came too late in the burst ({} acknowledged, {} of them confirmed)",
        acknowledged.len(),
        acknowledged.iter().filter(|u| u.2).count()
    );
}

/// What loading a damaged `state.json` must do: fail, say it is corrupt and
/// what to do, and leave the file as it was.
fn assert_reported_untouched(dir: &std::path::Path, content: &[u8]) {
    let path = dir.join("state.json");
    std::fs::write(&path, content).unwrap();
    let err = match AppState::new(Config::seed(), dir.to_owned(), BASE_URL.into()) {
        Ok(_) => panic!("{} bytes of state loaded", content.len()),
        Err(e) => e.to_string(),
    };
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("corrupt"), "{err}");
    assert!(err.contains("Move it away"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        content,
        "the file was changed"
    );
}

#[tokio::test]
async fn temporaries_of_a_killed_writer_are_removed_at_start() {
    let dir = data_dir();
    let dead = dir.path().join(".state.json.4194304.0123abcd.tmp");
    let other = dir.path().join(".notes.json.4194304.0123abcd.tmp");
    std::fs::write(&dead, "{\"format\": 1, \"po").unwrap();
    std::fs::write(&other, "kept").unwrap();
    AppState::new(Config::seed(), dir.path().to_owned(), BASE_URL.into()).unwrap();
    assert!(!dead.exists(), "a dead writer's temporary file was left");
    assert!(
        other.exists(),
        "only the state file's temporaries are removed"
    );
}

#[tokio::test]
async fn a_truncated_state_file_is_reported_not_replaced() {
    // A real state file, with a user in it.
    let emu = common::emu();
    emu.sign_up("truncated@example.com").await.ok();
    let whole = std::fs::read(emu.dir.path().join("state.json")).unwrap();
    assert!(whole.len() > 200);
    let dir = data_dir();
    for cut in [0, 1, whole.len() / 3, whole.len() / 2, whole.len() - 2] {
        assert_reported_untouched(dir.path(), &whole[..cut]);
    }
    // Zero bytes where the file was (a disk that lost its data blocks).
    assert_reported_untouched(dir.path(), &vec![0u8; whole.len()]);
    // The whole file still loads.
    std::fs::write(dir.path().join("state.json"), &whole).unwrap();
    AppState::new(Config::seed(), dir.path().to_owned(), BASE_URL.into())
        .expect("the whole file loads");
}

/// What `AppState::write` documents: a change whose write fails is answered
/// 500, yet it stays in memory (it is not rolled back), is served from
/// there, and the next successful write persists it.
#[tokio::test]
async fn a_failed_write_answers_500_but_keeps_the_change() {
    let emu = common::emu();
    let path = emu.dir.path().join("state.json");
    // A non-empty directory where the state file goes: renaming the new
    // state onto it fails, even for root.
    if path.exists() {
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::create_dir_all(path.join("in-the-way")).unwrap();
    let answer = emu.sign_up("unsaved@example.com").await;
    assert_eq!(answer.status, 500, "{}", answer.text);
    assert_eq!(answer.json()["__type"], "InternalErrorException");
    assert!(
        emu.state
            .user(common::POOL_ID, "unsaved@example.com")
            .is_some(),
        "the change whose write failed was rolled back"
    );

    std::fs::remove_dir_all(&path).unwrap();
    emu.sign_up("saved@example.com").await.ok();
    let (restarted, _) = emu.restart();
    for email in ["unsaved@example.com", "saved@example.com"] {
        assert!(
            restarted.user(common::POOL_ID, email).is_some(),
            "{email} is not in the state file"
        );
    }
}
