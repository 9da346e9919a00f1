//! The OpenAPI 3 description of the JSON API, assembled from the same
//! registrations that mount the routes, and served at `/api/v1/openapi.json`.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Haven API",
        description = "Reception, verification, protection, support, referral and reintegration of victims of human trafficking. Errors carry a stable code and messages in Vietnamese and English."
    ),
    modifiers(&SecuritySchemes),
    security(("session_cookie" = []), ("api_token" = []))
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "api_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every operation documents the error answers Haven's layers can give it,
/// whatever its handler says: a malformed path, query or body (400), no
/// login (401), the policy (403, 404), the request timeout (408), a body too
/// large (413) or not JSON (415), a rule broken (422). A client generated
/// from the document, or a fuzzer checking it, meets no undocumented status.
pub fn document_error_answers(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let answer = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
    };
    for item in doc.paths.paths.values_mut() {
        for operation in [
            item.get.as_mut(),
            item.post.as_mut(),
            item.put.as_mut(),
            item.patch.as_mut(),
            item.delete.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            let mut statuses = vec![
                (
                    "400",
                    "The path, query or body is malformed (`bad_path`, `bad_query`, `bad_json`).",
                ),
                ("401", "Not logged in."),
                ("403", "The user's roles do not allow this."),
                ("404", "Not found, or outside the user's scope."),
                ("408", "The request took too long."),
                (
                    "422",
                    "A rule was broken; `violations` name each field and rule.",
                ),
            ];
            if operation.request_body.is_some() {
                statuses.push(("413", "The body is too large."));
                statuses.push((
                    "415",
                    "The body is not of the media type the operation reads.",
                ));
            }
            for (status, description) in statuses {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| answer(description).into());
            }
        }
    }
}
