//! `cognito-emulator [--port 9229] [--data-dir DIR] [--config FILE]
//! [--lambda-endpoint URL]`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use cognito_emulator::{bind, serve, AppState, Config, Error};

/// A local Amazon Cognito User Pools emulator (127.0.0.1 only).
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 9229)]
    port: u16,
    /// Where users, codes and signing keys are kept.
    #[arg(long, default_value = "./.local/cognito")]
    data_dir: PathBuf,
    /// TOML configuration; without it the built-in seed.toml is used.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Where Lambda triggers named by function ARN are invoked: the base URL
    /// of a Lambda Invoke API, e.g. http://127.0.0.1:3001 for
    /// `sam local start-lambda`. Overrides `lambda_endpoint` in the config.
    #[arg(long, value_name = "URL")]
    lambda_endpoint: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cognito-emulator: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Error> {
    let mut config = match &args.config {
        Some(path) => Config::from_file(path)?,
        None => Config::seed(),
    };
    if let Some(endpoint) = &args.lambda_endpoint {
        config.lambda_endpoint = Some(endpoint.clone());
    }
    let listener = bind(args.port).await?;
    let addr = listener.local_addr().map_err(|source| Error::Bind {
        addr: format!("127.0.0.1:{}", args.port),
        source,
    })?;
    let base_url = format!("http://{addr}");
    let state = AppState::new(config, args.data_dir.clone(), base_url.clone())?;
    // Scripts wait for this exact line, so print it only once we can serve;
    // everything meant for people goes to stderr.
    println!("listening on {base_url}");
    let _ = std::io::stdout().flush();
    eprintln!("mailbox: {base_url}/_local/mailbox");
    eprintln!("hosted UI (user pool domain): {base_url}/oauth2/authorize");
    eprintln!("data dir: {}", args.data_dir.display());
    if let Some(endpoint) = &state.config().lambda_endpoint {
        eprintln!("Lambda triggers (function ARNs): invoked at {endpoint}");
    }
    serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(Error::Serve)
}
