//! Shared server state: configuration, persisted data, signing keys, clock.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::clock::Clock;
use crate::config::Config;
use crate::error::Error;
use crate::hosted::memory::HostedState;
use crate::keys::PoolKeys;
use crate::metrics::Span;
use crate::pool_settings::{self, PoolSettings};
use crate::provision;
use crate::srp::pending::PendingChallenges;
use crate::store::{self, Db, Message, SecretKey};
use crate::triggers::Invoker;

/// Applies the pools' settings from the state file to `config` (see
/// [`pool_settings`]), keeping the configured ones where the file changed.
/// Stored triggers that name Lambda functions while this start has no
/// Lambda endpoint are kept (so `UpdateUserPool` can still change them)
/// with a warning: they fail with `UnexpectedLambdaException` until then.
fn restore_pool_settings(config: &mut Config, db: &mut Db, now: i64) {
    let mut settings: BTreeMap<_, _> = db
        .pools
        .iter()
        .filter_map(|(id, p)| Some((id.clone(), p.settings.clone()?)))
        .collect();
    for line in pool_settings::restore(config, &mut settings, now) {
        eprintln!("{line}");
    }
    for (id, s) in settings {
        db.pools.entry(id).or_default().settings = Some(s);
    }
    for pool in &config.pools {
        if let Err(e) = pool
            .lambda_config
            .validate(config.lambda_endpoint.is_some())
        {
            eprintln!(
                "warning: pool {}: a Lambda trigger UpdateUserPool set cannot run: {e}; until \
                 then it fails with UnexpectedLambdaException (UpdateUserPool can change it)",
                pool.id
            );
        }
    }
}

/// A change could not be persisted; the request that made it fails, though
/// the change itself stays in memory (see `AppState::write`).
#[derive(Debug, thiserror::Error)]
#[error("The emulator could not save its state: {0}")]
pub struct SaveError(#[source] std::io::Error);

/// The state and how many changes it has had since start-up.
struct Versioned {
    db: Db,
    generation: u64,
}

/// Everything the handlers share. Cheap to clone (an `Arc` inside).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// The configuration with each pool's `UpdateUserPool` and each app
    /// client's `UpdateUserPoolClient` settings. A request reads it once and
    /// keeps that view; either operation puts a new one in place. Earlier
    /// ones are never freed (a few kilobytes per update, an operation called
    /// a handful of times), so every
    /// `&Config` handed out stays valid without a guard.
    config: RwLock<&'static Config>,
    /// Calls the pools' Lambda triggers.
    invoker: Invoker,
    base_url: String,
    data_dir: PathBuf,
    state_path: PathBuf,
    db: Mutex<Versioned>,
    /// The generation last written to the state file. Held while writing
    /// it, so one writer at a time; never taken while holding `db`.
    durable: Mutex<u64>,
    keys: BTreeMap<String, PoolKeys>,
    clock: Clock,
    /// Short-lived hosted-UI state (pending authorizations, codes, the
    /// session cookie's sessions), kept in memory only. Lock order: this
    /// before `db`, never the other way round.
    hosted: Mutex<HostedState>,
    /// `PASSWORD_VERIFIER` challenges in flight (memory only; own lock,
    /// never held while taking `db`).
    srp_challenges: PendingChallenges,
}

impl AppState {
    /// Loads (or creates) the state file and signing keys in `data_dir`.
    /// `base_url` (e.g. `http://127.0.0.1:9229`) makes up token issuers.
    pub fn new(mut config: Config, data_dir: PathBuf, base_url: String) -> Result<AppState, Error> {
        config.validate().map_err(|message| Error::Config {
            source_name: "the emulator configuration".into(),
            message,
        })?;
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| Error::io(&data_dir, "create the data directory", e))?;
        let state_path = data_dir.join("state.json");
        let mut db = store::load(&state_path)?;
        store::remove_stale_temporaries(&state_path);
        db.format = store::FORMAT;
        db.user_existence_key.get_or_insert_with(SecretKey::random);
        let mut keys = BTreeMap::new();
        for pool in &config.pools {
            db.pools.entry(pool.id.clone()).or_default();
            let dir = data_dir.join("keys").join(&pool.id);
            keys.insert(pool.id.clone(), PoolKeys::load_or_generate(&dir)?);
        }
        let clock = Clock::default();
        restore_pool_settings(&mut config, &mut db, clock.now());
        provision::apply(&config, &mut db, clock.now());
        // Writing once now reports an unwritable data dir at start-up rather
        // than on the first sign-up.
        store::save(&state_path, &db)
            .map_err(|e| Error::io(&state_path, "write the state file", e))?;
        let invoker = Invoker::new(config.lambda_endpoint.as_deref());
        Ok(AppState {
            inner: Arc::new(Inner {
                config: RwLock::new(Box::leak(Box::new(config))),
                invoker,
                base_url: base_url.trim_end_matches('/').to_owned(),
                data_dir,
                state_path,
                db: Mutex::new(Versioned { db, generation: 0 }),
                durable: Mutex::new(0),
                keys,
                clock,
                hosted: Mutex::new(HostedState::default()),
                srp_challenges: PendingChallenges::default(),
            }),
        })
    }

    /// The configuration, with the pools' and app clients' settings as
    /// `UpdateUserPool` and `UpdateUserPoolClient` last left them.
    pub fn config(&self) -> &Config {
        *self.inner.config.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts `settings` in force for the pool `pool_id` and its app clients
    /// (`UpdateUserPool`, `UpdateUserPoolClient`).
    /// Requests already running keep the configuration they started with.
    pub(crate) fn set_pool_settings(&self, pool_id: &str, settings: &PoolSettings) {
        let mut slot = self.inner.config.write().unwrap_or_else(|e| e.into_inner());
        let mut config = (*slot).clone();
        if let Some(pool) = config.pools.iter_mut().find(|p| p.id == pool_id) {
            settings.apply_to(pool);
        }
        *slot = Box::leak(Box::new(config));
    }

    /// Calls Lambda triggers.
    pub(crate) fn invoker(&self) -> &Invoker {
        &self.inner.invoker
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The data directory: `state.json` and the pools' signing keys.
    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// The clock every expiry is measured with; tests may freeze or advance it.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    pub(crate) fn now(&self) -> i64 {
        self.inner.clock.now()
    }

    /// The `iss` of the pool's tokens: `<base_url>/<pool id>`, mirroring
    /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`.
    pub fn issuer(&self, pool_id: &str) -> String {
        format!("{}/{pool_id}", self.inner.base_url)
    }

    /// The signing keys of pool `pool_id`; `None` for an unknown pool.
    pub fn pool_keys(&self, pool_id: &str) -> Option<&PoolKeys> {
        self.inner.keys.get(pool_id)
    }

    /// Every message in the local mailbox, oldest first.
    pub fn messages(&self) -> Vec<Message> {
        self.read(|db| db.messages.clone())
    }

    /// A copy of the stored user `name` (internal username, or a name the
    /// pool signs users in with) of `pool_id`, for tests and tools.
    pub fn user(&self, pool_id: &str, name: &str) -> Option<store::User> {
        let sign_in = self.config().pool(pool_id)?.sign_in();
        self.read(|db| db.pools.get(pool_id)?.find_user(sign_in, name).cloned())
    }

    /// The in-memory hosted-UI state. Take it before [`AppState::write`] /
    /// [`AppState::read`] when both are needed.
    pub(crate) fn hosted(&self) -> MutexGuard<'_, HostedState> {
        self.inner.hosted.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `PASSWORD_VERIFIER` challenges waiting for their answer.
    pub(crate) fn srp_challenges(&self) -> &PendingChallenges {
        &self.inner.srp_challenges
    }

    fn lock(&self) -> MutexGuard<'_, Versioned> {
        // A panic in another handler must not take the whole emulator down.
        self.inner.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn read<R>(&self, f: impl FnOnce(&Db) -> R) -> R {
        f(&self.lock().db)
    }

    /// Runs `f` on the state and persists the result before answering, so an
    /// acknowledged change survives a crash (`kill -9`, or power loss: the
    /// file and its directory are fsynced).
    ///
    /// Group commit: the change is made in memory under the state lock, then
    /// the state file is written outside it, by one writer at a time. A
    /// writer that finds its change already in the file (a concurrent
    /// writer's snapshot included it) returns at once, so under load one
    /// write and fsync covers many requests. Measured with 200 concurrent
    /// users: writing the whole file per change under the lock was the
    /// bottleneck (6.6 users/s); with group commit Argon2id is (17 users/s
    /// back to back with that run; BENCHMARKS.md has the latest).
    /// A JSON file was kept over SQLite: a commit there is an fsync too, and
    /// it would save only the serialisation (~3 ms at 580 kB). Figures and
    /// reasoning: BENCHMARKS.md, "The state file: measured, and the choice".
    ///
    /// This is not a database transaction. The change is visible in memory
    /// as soon as `f` returns: another request can read it, answer from it
    /// or build on it before it is on disk (and lose it with a crash). Only
    /// the request that made it waits for the write. If the write fails,
    /// the caller gets [`SaveError`] (a 500) but the change stays in memory
    /// and is served from there, and the next successful write of any
    /// request persists it. It is not rolled back: later changes, made and
    /// possibly acknowledged on top of it, would have to be undone too.
    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut Db) -> R) -> Result<R, SaveError> {
        let (out, generation) = {
            let mut state = crate::metrics::time(Span::StateLockWait, || self.lock());
            let out = f(&mut state.db);
            state.generation += 1;
            (out, state.generation)
        };
        // The write blocks on fsync; on a multi-threaded runtime, let the
        // worker's other tasks move to another thread meanwhile
        // (a current-thread runtime, as in tests, just waits).
        let multi_thread = tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
        if multi_thread {
            tokio::task::block_in_place(|| self.commit(generation))?;
        } else {
            self.commit(generation)?;
        }
        Ok(out)
    }

    /// Makes sure the state file holds generation `generation` or later.
    fn commit(&self, generation: u64) -> Result<(), SaveError> {
        let mut durable = crate::metrics::time(Span::CommitWait, || {
            self.inner.durable.lock().unwrap_or_else(|e| e.into_inner())
        });
        if *durable >= generation {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let (bytes, snapshot) = {
            let state = self.lock();
            (store::serialise(&state.db), state.generation)
        };
        crate::metrics::record(Span::StateSerialise, started.elapsed());
        let started = std::time::Instant::now();
        let written = bytes.and_then(|bytes| store::write_atomic(&self.inner.state_path, &bytes));
        crate::metrics::record(Span::StateWrite, started.elapsed());
        written.map_err(|e| {
            eprintln!(
                "cognito-emulator: cannot write {}: {e}",
                self.inner.state_path.display()
            );
            SaveError(e)
        })?;
        *durable = snapshot;
        Ok(())
    }
}
