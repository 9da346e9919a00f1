//! Every rule of the journey that configuration may change, in one place:
//! entitlements, deadlines and the working-day calendar.

use super::deadlines::DeadlineRules;
use super::entitlements::EntitlementRules;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseRules {
    pub entitlements: EntitlementRules,
    pub deadlines: DeadlineRules,
}
