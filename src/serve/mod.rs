//! `newsdex serve`: a read-only web page and JSON API over the index. This module owns the server itself: its
//! configuration, the shared state (one index reader, reloaded when an ingest commits), the routes, the security
//! headers every response carries, startup (the URL printed on stderr) and a clean stop on Ctrl-C. The endpoints
//! are in [`api`], the article view's entity marks in [`article`], the page's
//! files in [`assets`].

pub mod api;
pub mod article;
mod assets;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tantivy::{IndexReader, ReloadPolicy};
use tokio::sync::Semaphore;

use crate::error::Error;
use crate::index::Fields;
use crate::search::Searcher;
use crate::search::short_names::FullNamesCache;

/// The address served when `--addr` is not given: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7700";

/// How long a stop waits for requests in flight before it closes their connections.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// Everything `serve` needs, gathered once from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    pub index_dir: PathBuf,
    pub addr: SocketAddr,
    /// `Access-Control-Allow-Origin` for the API; none unless asked for.
    pub cors_origin: Option<String>,
    /// Log every request on stderr.
    pub verbose: bool,
    /// Threads one request's search may use over the index's segments (shared by all requests).
    pub search_threads: usize,
}

/// What every request shares.
pub struct AppState {
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    /// Searches run on blocking threads, at most this many at once (so memory stays bounded under load).
    searches: Semaphore,
    /// The full names of short forms in the last commit, shared by every request's facets.
    full_names: Arc<FullNamesCache>,
    cors_origin: Option<HeaderValue>,
    /// Set when bound to loopback: the `Host` names accepted (a page on another site cannot reach the API through
    /// DNS rebinding).
    loopback_port: Option<u16>,
    verbose: bool,
}

impl AppState {
    /// Run `work` with a searcher over the last commit, on a blocking thread, within the concurrency bound.
    async fn with_searcher<T, F>(self: &Arc<Self>, work: F) -> Result<T, api::ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Searcher) -> Result<T, Error> + Send + 'static,
    {
        let _permit = self
            .searches
            .acquire()
            .await
            .map_err(|_| api::ApiError::internal("the server is stopping"))?;
        let state = Arc::clone(self);
        let joined = tokio::task::spawn_blocking(move || {
            let searcher = Searcher::from_reader(&state.reader, state.fields, &state.dir, &state.full_names);
            work(&searcher)
        })
        .await;
        match joined {
            Ok(result) => result.map_err(api::ApiError::from),
            Err(e) => Err(api::ApiError::internal(&format!("search task failed: {e}"))),
        }
    }
}

/// Open the index and serve until Ctrl-C (or SIGTERM). Returns the exit code.
pub fn run(config: Config) -> Result<i32, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the server's runtime: {e}")))?;
    let served = runtime.block_on(serve(config));
    // A search still running on a blocking thread does not hold up the exit for long.
    runtime.shutdown_timeout(STOP_GRACE);
    served?;
    eprintln!("newsdex serve: stopped");
    Ok(crate::error::exit::OK)
}

fn open_state(config: &Config, index: &tantivy::Index, local: SocketAddr) -> Result<AppState, Error> {
    let dir = &config.index_dir;
    let fields = Fields::from_schema(&index.schema()).map_err(|e| Error::index(dir, e))?;
    // Reloads by itself shortly after an ingest commits: searches see the last commit, as the CLI's do.
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::OnCommitWithDelay)
        .try_into()
        .map_err(|e| Error::index(dir, e))?;
    let cors_origin = match &config.cors_origin {
        Some(origin) => Some(
            HeaderValue::from_str(origin)
                .map_err(|_| Error::Usage(format!("--cors `{origin}`: not a header value")))?,
        ),
        None => None,
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Ok(AppState {
        reader,
        fields,
        dir: dir.clone(),
        searches: Semaphore::new(cores * 2),
        full_names: Arc::default(),
        cors_origin,
        loopback_port: local.ip().is_loopback().then_some(local.port()),
        verbose: config.verbose,
    })
}

async fn serve(config: Config) -> Result<(), Error> {
    // The index first, so that a missing one is reported before anything listens.
    let mut index = crate::index::open(&config.index_dir)?;
    // Not capped by today's segments: an ingest may add more while the server runs.
    crate::index::search_in_parallel(&mut index, config.search_threads);
    let addr = config.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::Usage(format!("--addr {addr}: cannot listen: {e}")))?;
    // With port 0 the system picks the port: the state needs the real one.
    let local = listener
        .local_addr()
        .map_err(|e| Error::Other(format!("--addr {addr}: {e}")))?;
    let state = Arc::new(open_state(&config, &index, local)?);
    if !local.ip().is_loopback() {
        eprintln!(
            "newsdex serve: warning: listening on {local}, not loopback: anyone who can reach this address can read the index"
        );
    }
    let articles = state.reader.searcher().num_docs();
    eprintln!(
        "newsdex serve: http://{local}/ (index {}, {articles} articles); Ctrl-C stops",
        config.index_dir.display()
    );
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router(state)).with_graceful_shutdown(async {
        let _ = stop_rx.await;
    });
    let mut server = std::pin::pin!(server.into_future());
    tokio::select! {
        result = &mut server => return result.map_err(|e| Error::Other(format!("server: {e}"))),
        () = stop_signal() => {}
    }
    eprintln!("newsdex serve: stopping");
    let _ = stop_tx.send(());
    // Requests in flight may finish; connections still open after the grace period are dropped with the runtime.
    let _ = tokio::time::timeout(STOP_GRACE, server).await;
    Ok(())
}

/// Ctrl-C, or SIGTERM (what `kill` and service managers send).
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// Every route. Files are served only from the compiled-in list and articles only by id: no path reaches the
/// file system.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/favicon.svg", get(assets::icon))
        .route("/api/health", get(api::health))
        .route("/api/search", get(api::search))
        .route("/api/entities", get(api::entities))
        .route("/api/article/{id}", get(api::article))
        .fallback(api::not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .with_state(state)
}

/// Around every request: the `Host` check on loopback, the security headers, CORS when asked for, the log line.
async fn guard(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let is_api = path.starts_with("/api/");
    let mut response = if host_allowed(&state, &request) {
        next.run(request).await
    } else {
        api::ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers only to its loopback address",
        )
        .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if is_api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(origin) = &state.cors_origin {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        }
    }
    let status = response.status();
    if state.verbose || status.is_server_error() {
        eprintln!(
            "newsdex serve: {method} {path} {} {:.1} ms",
            status.as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    response
}

/// Scripts only from the server's own files (no inline script, no `javascript:` URL, no other site), no plugins,
/// no framing, requests only to the server itself.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// On loopback, only requests addressed to a loopback name: `127.0.0.1`, `localhost`, `[::1]` (with the port).
fn host_allowed(state: &AppState, request: &Request) -> bool {
    let Some(port) = state.loopback_port else {
        return true;
    };
    let Some(host) = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()) else {
        // HTTP/1.0 clients may send none; they cannot be a browser page on another site.
        return true;
    };
    let name = match host.rsplit_once(':') {
        Some((name, p)) if !host.ends_with(']') => {
            if p.parse::<u16>().ok() != Some(port) {
                return false;
            }
            name
        }
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
