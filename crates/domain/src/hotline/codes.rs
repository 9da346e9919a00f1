//! The hotline's code lists. The codes are stable (API, database, reports);
//! the words people read are in the server's locales, under
//! `contact-<list>-<code>`.

use crate::code_list::code_list;

code_list!(
    /// How the conversation came.
    ContactChannel {
        PhoneCall => "phone_call",
        Sms => "sms",
        /// Zalo or another chat application.
        Chat => "chat",
        Email => "email",
        WalkIn => "walk_in",
        Letter => "letter",
    }
);

code_list!(
    /// Who the caller is to the person concerned.
    CallerRelation {
        /// The person concerned calls herself.
        Herself => "self",
        Parent => "parent",
        Relative => "relative",
        Friend => "friend",
        Neighbour => "neighbour",
        Teacher => "teacher",
        Official => "official",
        Unknown => "unknown",
    }
);

code_list!(
    /// What the contact is about (several may apply).
    ContactCategory {
        /// A tip-off about a recruiter or a place.
        RecruiterTipOff => "recruiter_tip_off",
        MissingAbroad => "missing_abroad",
        VictimAsksHelp => "victim_asks_help",
        RescueRequest => "rescue_request",
        SafeMigration => "safe_migration",
        LegalQuestion => "legal_question",
        /// Another child-protection issue.
        ChildProtection => "child_protection",
        /// A prank or a silent call.
        PrankOrSilent => "prank_or_silent",
    }
);

code_list!(
    /// How soon someone must act.
    Urgency {
        /// Someone is in danger now: dispatched to the agency of the place.
        ImmediateDanger => "immediate_danger",
        Urgent => "urgent",
        NotUrgent => "not_urgent",
    }
);

code_list!(
    /// What the operator did during the contact (several may apply).
    ContactStep {
        InformationGiven => "information_given",
        Counselling => "counselling",
        /// Told the caller which agency to go to.
        Referral => "referral",
        /// Put the call through to an agency.
        Transfer => "transfer",
        /// A call back is planned: it becomes the operator's task.
        FollowUpPlanned => "follow_up_planned",
    }
);

code_list!(
    /// Where the contact stands when the conversation ends.
    ContactOutcome {
        Resolved => "resolved",
        /// Waiting for a call back or an agency's answer.
        Ongoing => "ongoing",
        /// Handed to another agency.
        Referred => "referred",
        /// The line dropped before anything could be done.
        Disconnected => "disconnected",
        NoActionNeeded => "no_action_needed",
    }
);

code_list!(
    /// The person concerned's age when not known in years.
    AgeGroup {
        /// Under 16: a child in Vietnamese law.
        Under16 => "under_16",
        From16To17 => "16_17",
        Adult => "adult",
        Unknown => "unknown",
    }
);

impl AgeGroup {
    /// The group an age in years falls in.
    pub fn of_years(years: u8) -> AgeGroup {
        match years {
            0..=15 => AgeGroup::Under16,
            16 | 17 => AgeGroup::From16To17,
            18..=u8::MAX => AgeGroup::Adult,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for c in ContactCategory::ALL {
            assert_eq!(ContactCategory::from_code(c.code()), Some(*c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        }
        for r in CallerRelation::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
        for g in AgeGroup::ALL {
            assert_eq!(serde_json::to_value(g).unwrap(), g.code());
        }
        assert_eq!(ContactChannel::from_code("fax"), None);
    }

    #[test]
    fn ages_fall_in_their_group() {
        assert_eq!(AgeGroup::of_years(15), AgeGroup::Under16);
        assert_eq!(AgeGroup::of_years(16), AgeGroup::From16To17);
        assert_eq!(AgeGroup::of_years(18), AgeGroup::Adult);
    }
}
