//! A case's state has two independent parts, because support does not wait
//! for identification (Law 53/2024 Art. 37 covers persons being identified):
//! where identification stands, and which phase of the journey the case is in.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Identification {
    /// Received; verification not started (a suspected victim).
    NotStarted,
    UnderVerification,
    Victim,
    NotVictim,
    /// Verification ended without a decision; may be resumed.
    Unresolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Phase {
    Received,
    InShelter,
    InCommunity,
    ReturnedHome,
    Reintegration,
    /// A foreign victim handed back to their country (trao trả).
    HandedBack,
    Closed,
    Reopened,
}

impl Phase {
    pub const ALL: [Phase; 8] = [
        Phase::Received,
        Phase::InShelter,
        Phase::InCommunity,
        Phase::ReturnedHome,
        Phase::Reintegration,
        Phase::HandedBack,
        Phase::Closed,
        Phase::Reopened,
    ];

    /// Phases in which the journey's steps may still be recorded.
    pub fn is_active(self) -> bool {
        !matches!(self, Phase::HandedBack | Phase::Closed)
    }

    pub fn code(self) -> &'static str {
        match self {
            Phase::Received => "received",
            Phase::InShelter => "in_shelter",
            Phase::InCommunity => "in_community",
            Phase::ReturnedHome => "returned_home",
            Phase::Reintegration => "reintegration",
            Phase::HandedBack => "handed_back",
            Phase::Closed => "closed",
            Phase::Reopened => "reopened",
        }
    }
}

impl Identification {
    pub const ALL: [Identification; 5] = [
        Identification::NotStarted,
        Identification::UnderVerification,
        Identification::Victim,
        Identification::NotVictim,
        Identification::Unresolved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Identification::NotStarted => "not_started",
            Identification::UnderVerification => "under_verification",
            Identification::Victim => "victim",
            Identification::NotVictim => "not_victim",
            Identification::Unresolved => "unresolved",
        }
    }

    /// Not yet decided either way: a suspected victim, entitled to support meanwhile.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            Identification::NotStarted
                | Identification::UnderVerification
                | Identification::Unresolved
        )
    }
}
