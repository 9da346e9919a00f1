//! Every rule of the journey that configuration may change, in one place:
//! entitlements, deadlines, the working-day calendar and the input limits.

use super::deadlines::DeadlineRules;
use super::entitlements::EntitlementRules;
use super::limits::InputLimits;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseRules {
    pub entitlements: EntitlementRules,
    pub deadlines: DeadlineRules,
    pub limits: InputLimits,
}
