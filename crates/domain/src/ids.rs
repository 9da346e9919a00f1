//! Identities of records as types, so a plan's id cannot be passed where an
//! agency's is wanted. New code takes these rather than bare `i64`s.

use serde::{Deserialize, Serialize};

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name(pub i64);

        impl $name {
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

record_id!(
    /// An agency (cơ quan, đơn vị).
    AgencyId
);
record_id!(
    /// An address another system receives webhooks at.
    WebhookEndpointId
);
record_id!(
    /// One event's delivery to one webhook endpoint.
    WebhookDeliveryId
);
record_id!(
    /// A plan (kế hoạch) of an issuing agency.
    PlanId
);
record_id!(
    /// A target (chỉ tiêu) of a plan.
    TargetId
);
record_id!(
    /// A task (nhiệm vụ) of a plan.
    TaskId
);
record_id!(
    /// An activity an agency held: communication, training, meeting, inspection.
    ActivityId
);
record_id!(
    /// An estimate (dự toán) of a plan's budget.
    BudgetLineId
);
record_id!(
    /// An allocation or a payment against a budget estimate.
    BudgetEntryId
);
record_id!(
    /// A labour-export company in the register of licensed companies.
    CompanyId
);
record_id!(
    /// An inter-agency working group (tổ công tác liên ngành).
    WorkingGroupId
);
record_id!(
    /// A follow-up action decided at a meeting, owned by an agency.
    ActionId
);
record_id!(
    /// A contact with the hotline: one conversation.
    ContactId
);
record_id!(
    /// An urgent contact sent to an agency to act, with a deadline.
    DispatchId
);
record_id!(
    /// A notice (thông báo) in someone's inbox.
    NoticeId
);
record_id!(
    /// A list imported from the page: its file, mapping, decisions and progress.
    ImportJobId
);
