//! Haven's HTTP server: the JSON API under `/api/v1`, the web pages, health
//! checks and sessions. Routes that need a logged-in user are mounted behind
//! one login layer, so a new route cannot forget the check.

mod api;
mod auth;
mod case_access;
mod client_address;
mod csrf;
mod error;
mod escalation;
mod extract;
pub mod files;
mod health;
mod i18n;
pub mod imports;
pub mod load;
pub mod notifier;
mod openapi;
mod pages;
mod security;
mod upload_form;
mod views;
pub mod webhooks;

pub use views::backups::BackupSchedule;

use axum::extract::{MatchedPath, Request};
use axum::Router;
use haven_access::PermissionTable;
use haven_store::throttle::ThrottlePolicy;
use haven_store::{SessionPolicy, Store};
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use auth::SESSION_COOKIE;
pub use csrf::HEADER as CSRF_HEADER;
pub use views::microdata::MAX_K as MAX_MICRODATA_K;

/// How the server behaves, decided by the binary from configuration.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// The address users reach Haven at; an `https://` URL marks cookies `Secure`.
    pub public_url: String,
    pub session: SessionPolicy,
    /// Demo mode lists the demo users and their password on the login page.
    pub demo_mode: bool,
    /// What each role may do.
    pub permissions: PermissionTable,
    /// How long a break-the-glass grant lasts.
    pub emergency_access_hours: i64,
    /// Hours an agency has to answer a dispatched contact before it is
    /// escalated to the agency above.
    pub hotline_answer_hours: u32,
    /// Where notices' emails go out; none: notices stay in the inbox.
    pub mail: Option<notifier::MailSettings>,
    /// Days before a case's deadline that its notice comes.
    pub deadline_notice_days: u32,
    /// The hour (Vietnam time) after which the daily digest goes out.
    pub digest_hour: u32,
    /// When repeated failed logins lock an account name or an address.
    pub throttle: ThrottlePolicy,
    /// Users whose roles may see identities must log in with a second factor.
    pub require_second_factor: bool,
    /// Agencies (by code) whose statistics readers see the whole country:
    /// the ministry, the national steering committee.
    pub national_agencies: Vec<String>,
    /// The least k of the anonymised victim-level export (CTDC).
    pub microdata_k: u32,
    /// The indicator catalogue reports are made from.
    pub catalogue: Arc<haven_report::Catalogue>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (for throttling).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The agency that runs this installation, named in every page's footer.
    pub operator: String,
    /// How long a client may take to send a request's headers: a
    /// connection that never finishes them (a slow or broken client, or one
    /// holding connections open on purpose) is closed, not kept for ever.
    pub header_read_timeout: std::time::Duration,
    /// `[backups]` as configured, shown to administrators; none: no schedule.
    pub backup_schedule: Option<BackupSchedule>,
    /// How many requests are served at once, and how long others wait.
    pub load: load::LoadLimits,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".into(),
            session: SessionPolicy::default(),
            demo_mode: false,
            permissions: PermissionTable::default(),
            emergency_access_hours: 4,
            hotline_answer_hours: haven_domain::hotline::DEFAULT_ANSWER_HOURS,
            mail: None,
            deadline_notice_days: 3,
            digest_hour: 7,
            throttle: ThrottlePolicy::default(),
            require_second_factor: true,
            national_agencies: Vec::new(),
            microdata_k: haven_report::ctdc::anonymity::DEFAULT_K,
            catalogue: Arc::new(haven_report::Catalogue::built_in()),
            trusted_proxies: Vec::new(),
            operator: String::new(),
            header_read_timeout: std::time::Duration::from_secs(30),
            backup_schedule: None,
            load: load::LoadLimits::default(),
        }
    }
}

impl ServerSettings {
    fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: ServerSettings,
}

impl AppState {
    pub fn new(store: Store, settings: ServerSettings) -> AppState {
        AppState { store, settings }
    }
}

/// Room for a multipart form's other fields around the file itself.
const UPLOAD_MARGIN_BYTES: usize = 1024 * 1024;
/// The longest a request may take, body included: a 20 MiB upload on a slow commune link.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

pub fn router(state: AppState) -> Router {
    let (api, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(api::protected_routes())
        .split_for_parts();
    let (session_routes, session_doc) = auth::public_routes().split_for_parts();
    let mut doc = doc;
    doc.merge(session_doc);
    openapi::document_error_answers(&mut doc);
    let doc = Arc::new(doc);
    let protected = Router::new()
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .merge(pages::protected_routes())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_login,
        ));
    let app = Router::new()
        .merge(health::routes())
        .merge(session_routes)
        .merge(pages::public_routes())
        .merge(protected)
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn(csrf::check));
    // Uploads may be as large as the attachment limit plus the form's other
    // parts; everything else is bounded tighter by the extractors (2 MiB).
    let body_limit = usize::try_from(state.store.attachment_limits().max_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(UPLOAD_MARGIN_BYTES)
        .max(2 * 1024 * 1024);
    let app = app
        .layer(axum::middleware::from_fn_with_state(
            load::Turns::new(state.settings.load),
            load::take_turn,
        ))
        .layer(axum::middleware::from_fn(load::watch))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            REQUEST_TIMEOUT,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    security::with_headers(app, state.settings.secure_cookies())
        // Spans carry the route pattern, never the concrete path or query,
        // which could one day hold something personal.
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_else(|| "unmatched".into());
                tracing::info_span!("http", method = %request.method(), route = %route)
            }),
        )
        .with_state(state)
}

/// The notices' worker as configured; without a usable mail server it
/// still keeps the inbox (and says why there is no email).
pub fn notifier_of(state: &AppState) -> notifier::Notifier {
    let mailer = state.settings.mail.as_ref().and_then(|mail| {
        notifier::Mailer::new(mail)
            .inspect_err(
                |error| tracing::error!(%error, "no email: the mail settings are not usable"),
            )
            .ok()
            .map(Arc::new)
    });
    notifier::Notifier::new(
        state.store.clone(),
        state.settings.permissions.clone(),
        state.settings.public_url.clone(),
        mailer,
        state.settings.deadline_notice_days,
        state.settings.digest_hour,
    )
}

/// How long the requests in flight may take to finish once shutdown starts.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(30);

/// Serves until `shutdown` completes, then finishes the requests in flight
/// (for at most [`SHUTDOWN_GRACE`]).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let header_read_timeout = state.settings.header_read_timeout;
    let escalations = tokio::spawn(escalation::run(
        state.store.clone(),
        state.settings.hotline_answer_hours,
    ));
    let notices = tokio::spawn(notifier::run(notifier_of(&state)));
    let webhooks =
        match webhooks::Dispatcher::new(state.store.clone(), state.settings.public_url.clone()) {
            Ok(dispatcher) => Some(tokio::spawn(webhooks::run(dispatcher))),
            Err(error) => {
                tracing::error!(%error, "no webhooks: the HTTP client could not be made");
                None
            }
        };
    let app = router(state);
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, then go on.
                Err(error) => {
                    tracing::warn!(%error, "a connection could not be accepted");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // The peer address feeds login throttling.
        let service = app.clone().map_request(
            move |mut request: axum::extract::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                request
            },
        );
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = watched.await {
                tracing::debug!(%error, "a connection ended with an error");
            }
        });
    }
    drop(listener);
    escalations.abort();
    notices.abort();
    if let Some(webhooks) = webhooks {
        webhooks.abort();
    }
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still in flight when the shutdown grace ended");
        }
    }
    Ok(())
}
