//! The hotline's work (Tổng đài 111 and the police lines): every contact,
//! most of which never become a case — a mother asking how to bring her
//! daughter home, an anonymous tip about a recruiter, a counselling call —
//! and the urgent ones dispatched to the agency of the place, with an
//! answer deadline and escalation to the agency above when it passes.
//! Pure: what a contact, a dispatch and an answer must be; the store
//! checks what refers to other records (places, agencies, cases).

mod codes;
pub mod contact;
pub mod dispatch;
pub mod phone;

pub use codes::{
    AgeGroup, CallerRelation, ContactCategory, ContactChannel, ContactOutcome, ContactStep, Urgency,
};
pub use contact::{Caller, ContactDraft, PersonConcerned};
pub use dispatch::{escalation_due, AnswerDraft, DispatchDraft, DEFAULT_ANSWER_HOURS};
pub use phone::PhoneNumber;

/// The longest summary of a conversation or an answer.
pub const MAX_SUMMARY: usize = 5_000;
/// The longest outcome or note.
pub const MAX_NOTE: usize = 1_000;
/// The longest a contact lasts (a walk-in may take a morning).
pub const MAX_CONTACT_HOURS: i64 = 12;
