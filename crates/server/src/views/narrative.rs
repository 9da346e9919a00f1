//! What a report's author writes, as the API takes and answers it: the four
//! parts of `haven_report::narrative`, for the area's report and the member
//! agencies' alike.

use haven_report::narrative::Narrative;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Results, limitations and their causes, difficulties, proposals.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct NarrativeInput {
    #[serde(default)]
    pub results: String,
    #[serde(default)]
    pub limitations: String,
    #[serde(default)]
    pub difficulties: String,
    #[serde(default)]
    pub proposals: String,
}

impl From<NarrativeInput> for Narrative {
    fn from(n: NarrativeInput) -> Self {
        let NarrativeInput {
            results,
            limitations,
            difficulties,
            proposals,
        } = n;
        Narrative {
            results,
            limitations,
            difficulties,
            proposals,
        }
    }
}

impl From<Narrative> for NarrativeInput {
    fn from(n: Narrative) -> Self {
        let Narrative {
            results,
            limitations,
            difficulties,
            proposals,
        } = n;
        NarrativeInput {
            results,
            limitations,
            difficulties,
            proposals,
        }
    }
}
