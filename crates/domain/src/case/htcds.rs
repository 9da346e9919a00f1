//! A case's standing in the Human Trafficking Case Data Standard (HTCDS 2.0):
//! `TraffickingStatus` and the case `Status`. Code lists map through the
//! store's `code_list_htcds` table; these two follow from the case's state.

use super::aggregate::Case;
use super::status::{Identification, Phase};

pub fn trafficking_status(identification: Identification) -> &'static str {
    match identification {
        Identification::Victim => "ActualVictimOfTrafficking",
        Identification::NotVictim => "NotAVictimOfTrafficking",
        Identification::NotStarted
        | Identification::UnderVerification
        | Identification::Unresolved => "PossibleVictimOfTrafficking",
    }
}

/// HTCDS case status: Active, FollowUp, Closed, ClosedReferred.
pub fn case_status(case: &Case) -> &'static str {
    match case.phase {
        Phase::ReturnedHome | Phase::Reintegration => "FollowUp",
        Phase::HandedBack => "ClosedReferred",
        Phase::Closed => "Closed",
        Phase::Received | Phase::InShelter | Phase::InCommunity | Phase::Reopened => "Active",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspected_victims_are_possible_victims() {
        assert_eq!(
            trafficking_status(Identification::UnderVerification),
            "PossibleVictimOfTrafficking"
        );
        assert_eq!(
            trafficking_status(Identification::Victim),
            "ActualVictimOfTrafficking"
        );
        assert_eq!(
            trafficking_status(Identification::NotVictim),
            "NotAVictimOfTrafficking"
        );
    }
}
