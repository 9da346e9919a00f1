//! The pages' own path and query extractors: a parameter of the wrong form
//! (`?page=-1`, `/handovers/abc/print`) answers a page in the user's
//! language naming the parameter, never the API's raw JSON.

use super::context::Page;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use serde::de::DeserializeOwned;

pub struct Path<T>(pub T);

pub struct Query<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for Path<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let error = match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => return Ok(Path(value)),
            Err(rejection) => ApiError::from(rejection),
        };
        Err(refused(parts, state, error).await)
    }
}

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for Query<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let error = match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => return Ok(Query(value)),
            Err(rejection) => ApiError::from(rejection),
        };
        Err(refused(parts, state, error).await)
    }
}

async fn refused(parts: &mut Parts, state: &AppState, error: ApiError) -> Response {
    match Page::from_request_parts(parts, state).await {
        Ok(page) => super::error_page(&page, error),
        Err(login) => login,
    }
}
