//! Haven's access policy as pure functions of who asks, what they want to do
//! and how they stand to the case. Nothing here reads a database: the caller
//! states the facts, the policy decides, and says which fields stay masked.
//!
//! - [`permission`]: what each role may do (a table configuration may replace);
//! - [`scope`]: lead, referred, supervised (jurisdiction), emergency or unrelated;
//! - [`decide`]: allow or deny an action in a scope;
//! - [`accounts`]: who may manage whose account;
//! - [`masking`]: identity fields shown or masked, children's stricter rule,
//!   and what a referral shares;
//! - [`person_view`]: a person as one viewer may see them, as a type;
//! - [`programme`]: who reads and writes plans, tasks and activities;
//! - [`hotline`]: who reads, keeps and answers the hotline's contacts;
//! - [`directory`]: who keeps the directory of services;
//! - [`notice`]: which users of an agency are told of what.

pub mod accounts;
pub mod decide;
pub mod directory;
pub mod hotline;
pub mod masking;
pub mod notice;
pub mod permission;
pub mod person_view;
pub mod programme;
pub mod scope;
pub mod statistics;

pub use accounts::{
    accounts_visible, decide_account, is_national_role, may_remove_second_factor,
    role_outside_sector, AccountFacts, AccountsVisible,
};
pub use decide::{decide, permission_for, permission_needed, Action, Decision, DenyReason};
pub use directory::{decide_directory, DirectoryAction};
pub use hotline::{
    contact_sight, decide_contact, permission_for_contact, ContactAction, ContactParties,
    ContactSight,
};
pub use masking::{
    identity_view, is_code_like, is_identifying, redact_free_text, HiddenBecause, IdentityView,
    WholeBecause, IDENTITY_FIELDS, REDACTED,
};
pub use permission::{Permission, PermissionTable};
pub use person_view::{mask_person, MaskedPerson, PersonView, Seen};
pub use programme::{
    decide_programme, permission_for_programme, permission_to_record, ProgrammeAction, TaskParties,
};
pub use scope::{scope_of, unit_within, CaseFacts, Principal, Scope};
pub use statistics::{
    parent_area, reporting_area, statistics_scope, submission_rights, StatisticsScope,
    SubmissionRights,
};
