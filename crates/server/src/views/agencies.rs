//! Finding an agency by name or code, within a province, for the pickers:
//! a national installation registers thousands (every commune's People's
//! Committee), so forms search them instead of listing them all. Agencies
//! are not personal data: every logged-in user may search them.

use crate::error::ApiError;
use crate::AppState;
use haven_domain::matching::fold_name;
use haven_store::organisation::Agency;
use serde::Deserialize;
use utoipa::IntoParams;

/// The most agencies one search answers.
pub const MAX_FOUND: usize = 50;

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct AgencySearch {
    /// Words of the name, in any order (accents and letter case set
    /// aside), or part of the code.
    pub q: Option<String>,
    /// A 2025 province's unit id (`2025/01`): its agencies only.
    pub province: Option<String>,
    /// At most this many, 50 at most; all agencies when neither `q` nor
    /// `province` is given and no limit is.
    pub limit: Option<usize>,
}

impl AgencySearch {
    /// Whether the request asks a search at all (the API lists every agency otherwise).
    pub fn is_search(&self) -> bool {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
        given(&self.q) || given(&self.province) || self.limit.is_some()
    }
}

/// Active agencies matching the search, by name, at most `limit` (50).
pub async fn find(state: &AppState, search: &AgencySearch) -> Result<Vec<Agency>, ApiError> {
    let wanted = fold_name(search.q.as_deref().unwrap_or_default());
    let code = search
        .q
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    let province = search.province.as_deref().unwrap_or_default().trim();
    let mut found: Vec<Agency> = state
        .store
        .agencies()
        .await?
        .into_iter()
        .filter(|a| a.active)
        .filter(|a| province.is_empty() || within(&a.admin_unit_id, province))
        .filter(|a| {
            // Each word typed, wherever it stands: "cong an nghe" finds
            // "Công an tỉnh Nghệ An".
            let name = fold_name(&a.name);
            wanted.split_whitespace().all(|word| name.contains(word))
                || (!code.is_empty() && a.code.to_lowercase().contains(&code))
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found.truncate(search.limit.unwrap_or(MAX_FOUND).clamp(1, MAX_FOUND));
    Ok(found)
}

/// Whether `unit` is `area` or lies in it.
pub fn within(unit: &str, area: &str) -> bool {
    unit == area
        || unit
            .strip_prefix(area)
            .is_some_and(|rest| rest.starts_with('/'))
}
