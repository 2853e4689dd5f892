//! The load benchmark behind `cargo xtask load`: N simulated users at once,
//! each signing up, confirming with the code from the mailbox, signing in
//! (`USER_PASSWORD_AUTH`), refreshing (`REFRESH_TOKEN_AUTH`) and signing out
//! (`GlobalSignOut`), against one emulator process on loopback. Then every
//! user's final state is checked, through the API and in the state file.
//!
//! `load [--users 200] [--emulator PATH]`: progress on stderr, the
//! BENCHMARKS.md section (Markdown) on stdout.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};

const CLIENT_ID: &str = "localclient";
const POOL_ID: &str = "ap-northeast-1_Local";
const PASSWORD: &str = "Correct-Horse-9!";
const OPS: [&str; 6] = [
    "SignUp",
    "mailbox",
    "ConfirmSignUp",
    "InitiateAuth (USER_PASSWORD_AUTH)",
    "InitiateAuth (REFRESH_TOKEN_AUTH)",
    "GlobalSignOut",
];

struct Args {
    users: usize,
    emulator: PathBuf,
}

fn args() -> Result<Args, String> {
    let mut users = 200;
    // Examples live in target/<profile>/examples/, the binary one level up.
    let mut emulator = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("cognito-emulator"))
        .ok_or("cannot find the target directory")?;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--users" => {
                users = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("--users takes a positive number")?;
            }
            "--emulator" => emulator = it.next().ok_or("--emulator takes a path")?.into(),
            other => {
                return Err(format!(
                    "unknown argument {other:?}; usage: load [--users N] [--emulator PATH]"
                ))
            }
        }
    }
    Ok(Args { users, emulator })
}

struct Api {
    client: reqwest::Client,
    url: String,
}

impl Api {
    /// One JSON API call: the answer, or the error type.
    async fn call(&self, op: &str, body: Value) -> Result<Value, String> {
        let response = self
            .client
            .post(&self.url)
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{op}"),
            )
            .header("content-type", "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| format!("{op}: {e}"))?;
        let ok = response.status().is_success();
        let text = response.text().await.map_err(|e| format!("{op}: {e}"))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{op}: {e}: {text}"))?;
        if ok {
            Ok(value)
        } else {
            Err(value["__type"].as_str().unwrap_or("?").to_owned())
        }
    }
}

/// One user's run: latencies per operation, and the refresh token.
struct UserRun {
    email: String,
    signed_up: bool,
    latencies: Vec<(usize, Duration)>,
    refresh_token: Option<String>,
    error: Option<String>,
}

async fn user(api: &Api, i: usize) -> UserRun {
    let email = format!("load{i}-{}@example.com", std::process::id());
    let mut run = UserRun {
        email: email.clone(),
        signed_up: false,
        latencies: Vec::new(),
        refresh_token: None,
        error: None,
    };
    if let Err(e) = steps(api, &email, &mut run).await {
        run.error = Some(e);
    }
    run
}

async fn steps(api: &Api, email: &str, run: &mut UserRun) -> Result<(), String> {
    let timed = Instant::now();
    api.call(
        "SignUp",
        json!({"ClientId": CLIENT_ID, "Username": email, "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": email}, {"Name": "name", "Value": "Load"}]}),
    )
    .await?;
    run.latencies.push((0, timed.elapsed()));
    run.signed_up = true;

    let timed = Instant::now();
    let messages: Value = serde_json::from_str(
        &api.client
            .get(format!("{}/_local/messages?to={email}", api.url))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .text()
            .await
            .map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let code = messages[0]["code"]
        .as_str()
        .ok_or("no code in the mailbox")?
        .to_owned();
    run.latencies.push((1, timed.elapsed()));

    let timed = Instant::now();
    api.call(
        "ConfirmSignUp",
        json!({"ClientId": CLIENT_ID, "Username": email, "ConfirmationCode": code}),
    )
    .await?;
    run.latencies.push((2, timed.elapsed()));

    let timed = Instant::now();
    let signed_in = api
        .call(
            "InitiateAuth",
            json!({"ClientId": CLIENT_ID, "AuthFlow": "USER_PASSWORD_AUTH",
                   "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}}),
        )
        .await?;
    run.latencies.push((3, timed.elapsed()));
    let refresh = signed_in["AuthenticationResult"]["RefreshToken"]
        .as_str()
        .ok_or("no refresh token")?
        .to_owned();
    run.refresh_token = Some(refresh.clone());

    let timed = Instant::now();
    let refreshed = api
        .call(
            "InitiateAuth",
            json!({"ClientId": CLIENT_ID, "AuthFlow": "REFRESH_TOKEN_AUTH",
                   "AuthParameters": {"REFRESH_TOKEN": refresh}}),
        )
        .await?;
    run.latencies.push((4, timed.elapsed()));
    let access = refreshed["AuthenticationResult"]["AccessToken"]
        .as_str()
        .ok_or("no access token from the refresh")?
        .to_owned();

    let timed = Instant::now();
    api.call("GlobalSignOut", json!({"AccessToken": access}))
        .await?;
    run.latencies.push((5, timed.elapsed()));
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(report) => {
            print!("{report}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<String, String> {
    let args = args()?;
    // On the same disk as the build, not a tmpfs: fsync must cost what it
    // costs on a developer's machine.
    let dir = args
        .emulator
        .parent()
        .ok_or("the emulator has no directory")?
        .join(format!("load-data-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut child = tokio::process::Command::new(&args.emulator)
        .args(["--port", "0", "--data-dir"])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", args.emulator.display()))?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().ok_or("no stdout")?)
        .read_line(&mut line)
        .await
        .map_err(|e| e.to_string())?;
    let url = line
        .trim_end()
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("the emulator said {line:?}"))?
        .to_owned();
    eprintln!(
        "load: {} users against {url} (data in {})",
        args.users,
        dir.display()
    );

    let api = std::sync::Arc::new(Api {
        client: reqwest::Client::builder()
            .pool_max_idle_per_host(args.users)
            .timeout(Duration::from_secs(300))
            .build()
            .map_err(|e| e.to_string())?,
        url: url.clone(),
    });
    let started = Instant::now();
    let tasks: Vec<_> = (0..args.users)
        .map(|i| {
            let api = api.clone();
            tokio::spawn(async move { user(&api, i).await })
        })
        .collect();
    let mut runs = Vec::new();
    for task in tasks {
        runs.push(task.await.map_err(|e| e.to_string())?);
    }
    let wall = started.elapsed();
    let metrics: Value = serde_json::from_str(
        &api.client
            .get(format!("{url}/_local/metrics"))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .text()
            .await
            .map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;

    // Afterwards: a signed-out refresh token must be refused ...
    let mut inconsistent = BTreeMap::new();
    for run in &runs {
        if let Some(token) = &run.refresh_token {
            let answer = api
                .call(
                    "InitiateAuth",
                    json!({"ClientId": CLIENT_ID, "AuthFlow": "REFRESH_TOKEN_AUTH",
                           "AuthParameters": {"REFRESH_TOKEN": token}}),
                )
                .await;
            if run.error.is_none() && answer != Err("NotAuthorizedException".into()) {
                inconsistent.insert(
                    run.email.clone(),
                    format!("refresh after sign-out: {answer:?}"),
                );
            }
        }
    }
    // ... and the state file, after a SIGKILL, holds every user confirmed
    // with every session revoked.
    child.start_kill().map_err(|e| e.to_string())?;
    let _ = child.wait().await;
    let state_bytes = std::fs::read(dir.join("state.json")).map_err(|e| e.to_string())?;
    let state: Value =
        serde_json::from_slice(&state_bytes).map_err(|e| format!("state.json: {e}"))?;
    let pool = &state["pools"][POOL_ID];
    let mut by_email = BTreeMap::new();
    for (username, user) in pool["users"].as_object().into_iter().flatten() {
        if let Some(email) = user["attributes"]["email"].as_str() {
            by_email.insert(email.to_owned(), (username.clone(), user));
        }
    }
    let mut lost = 0;
    for run in runs.iter().filter(|r| r.signed_up) {
        let Some((username, user)) = by_email.get(&run.email) else {
            lost += 1;
            continue;
        };
        if run.error.is_some() {
            continue;
        }
        if user["status"] != "CONFIRMED" {
            inconsistent.insert(run.email.clone(), format!("status {}", user["status"]));
        }
        let live = pool["sessions"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, s)| s["username"] == username.as_str() && s["revoked"] != true)
            .count();
        if live > 0 {
            inconsistent.insert(run.email.clone(), format!("{live} session(s) not revoked"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let failed: Vec<_> = runs
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| (&r.email, e)))
        .collect();
    for (email, e) in failed.iter().take(5) {
        eprintln!("load: {email} failed: {e}");
    }
    for (email, why) in inconsistent.iter().take(5) {
        eprintln!("load: {email} inconsistent: {why}");
    }

    let completed = runs.len() - failed.len();
    let requests: usize = runs.iter().map(|r| r.latencies.len()).sum();
    let mut rows = String::new();
    for (i, op) in OPS.iter().enumerate() {
        let mut sorted: Vec<Duration> = runs
            .iter()
            .flat_map(|r| r.latencies.iter().filter(|(o, _)| *o == i).map(|(_, d)| *d))
            .collect();
        sorted.sort();
        rows.push_str(&format!(
            "| {op} | {} | {} | {} | {} |\n",
            sorted.len(),
            ms(percentile(&sorted, 50.0)),
            ms(percentile(&sorted, 99.0)),
            ms(sorted.last().copied().unwrap_or_default()),
        ));
    }
    let mut spans = String::new();
    let wall_ms = wall.as_secs_f64() * 1000.0;
    for (name, what) in [
        ("password_hash", "Argon2id hash (sign-up)"),
        ("srp_verifier", "SRP verifier (sign-up)"),
        ("password_verify", "Argon2id check (sign-in)"),
        ("token_sign", "RS256 signature (2 per sign-in/refresh)"),
        ("state_lock_wait", "waiting for the state lock"),
        ("state_serialise", "serialising state.json"),
        (
            "state_write",
            "writing state.json (write, fsync, rename, fsync dir)",
        ),
        ("commit_wait", "waiting for another request's state write"),
    ] {
        let m = &metrics[name];
        let total = m["total_ms"].as_f64().unwrap_or(0.0);
        spans.push_str(&format!(
            "| {what} | {} | {:.2} | {:.0} | {:.0}% |\n",
            m["count"],
            m["mean_ms"].as_f64().unwrap_or(0.0),
            total,
            100.0 * total / wall_ms
        ));
    }
    let writes = metrics["state_write"]["count"].as_u64().unwrap_or(0);
    Ok(format!(
        "{} users at once, each: SignUp → code from the mailbox (`GET /_local/messages`) → \
         ConfirmSignUp → InitiateAuth `USER_PASSWORD_AUTH` → InitiateAuth `REFRESH_TOKEN_AUTH` → \
         GlobalSignOut; one emulator process, loopback, keep-alive connections.\n\n\
         * wall time {:.2} s; **{:.1} users/s**, {:.0} requests/s ({requests} requests)\n\
         * completed {completed}, failed {}, **lost {lost}**, **inconsistent {}** (checked \
         afterwards: the signed-out refresh token is refused, and after a SIGKILL `state.json` \
         holds every user `CONFIRMED` with no live session)\n\
         * state file: {writes} fsynced writes for {} changes (group commit), {} kB at the end\n\n\
         | operation | requests | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n{rows}\n\
         Where the emulator's time went (server-side spans from `GET /_local/metrics`; \
         the work runs on 2 cores and overlaps, so shares of wall time may add up to more \
         than 100%):\n\n\
         | work | count | mean ms | total ms | of wall time |\n|---|---:|---:|---:|---:|\n{spans}\n",
        args.users,
        wall.as_secs_f64(),
        completed as f64 / wall.as_secs_f64(),
        requests as f64 / wall.as_secs_f64(),
        failed.len(),
        inconsistent.len(),
        metrics["state_lock_wait"]["count"],
        state_bytes.len() / 1024,
    ))
}
