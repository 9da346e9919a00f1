//! The policy's rules, role by role and scope by scope.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::NaiveDate;
use haven_access::*;
use haven_domain::case::command::ConsentScope;
use haven_domain::case::consent::ConsentGiver;
use haven_domain::case::person::{Person, Residence, Sex};
use haven_domain::case::person_fields::PersonField;
use haven_domain::case::{Case, Command, Reception};
use haven_domain::role::Role;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 8, d).unwrap()
}

fn case_led_by(agency: i64, child: bool) -> Case {
    Case::open(&Reception {
        receiving_agency_id: agency,
        received_by_user_id: 10,
        from_contact: None,
        imported: None,
        child,
        ..Reception::new("rescue", day(1))
    })
}

fn who(user: i64, agency: i64, role: Role, unit: Option<&str>) -> Principal {
    Principal::new(
        user,
        agency,
        vec![role],
        &PermissionTable::default(),
        unit.map(str::to_owned),
    )
}

fn facts(case: &Case) -> CaseFacts<'_> {
    CaseFacts {
        case,
        held_in_unit: Some("2025/01/00070".into()),
        emergency_grant: false,
    }
}

fn person() -> Person {
    Person {
        full_name: "Giả Lập Thị Hoa".into(),
        other_names: vec![],
        sex: Sex::Female,
        birth: None,
        ethnicity: Some("01".into()),
        nationality: Some("VN".into()),
        identity_papers: vec![],
        permanent_residence: Residence::default(),
        current_residence: Residence::default(),
        languages: vec![],
        disability: None,
        contact: Some("0900000000".into()),
        relatives: vec![],
    }
}

/// Consent to share with agency `to`, given by `by` (the person herself for
/// an adult, a parent or guardian for a child).
fn consent(to: i64, by: ConsentGiver) -> Command {
    Command::RecordConsent {
        scope: ConsentScope::ShareWith { agency_id: to },
        given: true,
        given_by: by,
        on: day(2),
    }
}

fn referral(to: i64, shared: &[&str]) -> Command {
    Command::SendReferral {
        to_agency_id: to,
        to_facility_id: None,
        reason: "hỗ trợ".into(),
        shared_fields: shared.iter().map(|s| s.to_string()).collect(),
        shared_with_roles: vec![],
        best_interest_reason: None,
        transfer_lead: false,
        sent_on: day(2),
    }
}

#[test]
fn scope_follows_lead_referral_jurisdiction_and_emergency() {
    let mut case = case_led_by(1, false);
    let outsider = who(20, 2, Role::SocialWorker, None);
    assert_eq!(scope_of(&outsider, &facts(&case)), Scope::Unrelated);
    assert_eq!(
        decide(&outsider, Action::ReadCase, Scope::Unrelated),
        Decision::Deny(DenyReason::NotInScope)
    );
    assert_eq!(
        decide(&outsider, Action::BreakTheGlass, Scope::Unrelated),
        Decision::Allow
    );
    let emergency = CaseFacts {
        emergency_grant: true,
        ..facts(&case)
    };
    assert_eq!(scope_of(&outsider, &emergency), Scope::Emergency);
    assert_eq!(
        decide(&outsider, Action::ReadCase, Scope::Emergency),
        Decision::Allow
    );
    assert_eq!(
        decide(
            &outsider,
            Action::Record(&Command::AddNote { text: "x".into() }),
            Scope::Emergency
        ),
        Decision::Deny(DenyReason::NotInScope),
        "an emergency opens reading only"
    );

    case.apply(&referral(2, &["full_name"]), 1);
    assert_eq!(
        scope_of(&outsider, &facts(&case)),
        Scope::Offered,
        "offered until it answers"
    );
    assert_eq!(
        decide(&outsider, Action::ReadCase, Scope::Offered),
        Decision::Allow,
        "it reads what it needs to decide"
    );
    for (action, what) in [
        (Action::ReadHistory, "the history"),
        (Action::ReadAttachment, "the documents"),
        (
            Action::Record(&Command::AddNote { text: "x".into() }),
            "a step",
        ),
    ] {
        assert_eq!(
            decide(&outsider, action, Scope::Offered),
            Decision::Deny(DenyReason::NotInScope),
            "{what} waits for its acceptance"
        );
    }
    let accept = Command::AcceptReferral {
        referral_no: 1,
        answered_on: day(3),
    };
    assert_eq!(
        decide(&outsider, Action::Record(&accept), Scope::Offered),
        Decision::Allow
    );
    let mut accepted = case.clone();
    accepted.apply(&accept, 2);
    assert_eq!(scope_of(&outsider, &facts(&accepted)), Scope::Referred);
    case.apply(
        &Command::DeclineReferral {
            referral_no: 1,
            reason: "không phù hợp".into(),
            answered_on: day(3),
        },
        2,
    );
    assert_eq!(
        scope_of(&outsider, &facts(&case)),
        Scope::Unrelated,
        "a declined referral ends access"
    );

    let province_supervisor = who(30, 3, Role::Supervisor, Some("2025/01"));
    assert_eq!(
        scope_of(&province_supervisor, &facts(&case)),
        Scope::Supervised
    );
    let other_province = who(31, 4, Role::Supervisor, Some("2025/15"));
    assert_eq!(scope_of(&other_province, &facts(&case)), Scope::Unrelated);
    let not_a_supervisor = who(32, 3, Role::SocialWorker, Some("2025/01"));
    assert_eq!(
        scope_of(&not_a_supervisor, &facts(&case)),
        Scope::Unrelated,
        "jurisdiction comes with the supervisor role"
    );
    assert!(unit_within("2025/01/00070", "2025/01") && !unit_within("2025/011", "2025/01"));
    assert_eq!(
        decide(&province_supervisor, Action::ReadCase, Scope::Supervised),
        Decision::Allow
    );
    assert_eq!(
        decide(
            &province_supervisor,
            Action::Record(&Command::AddNote { text: "x".into() }),
            Scope::Supervised
        ),
        Decision::Deny(DenyReason::MissingPermission)
    );
}

#[test]
fn roles_without_case_work_never_open_a_case() {
    for role in [Role::Statistician, Role::SystemAdmin, Role::AgencyAdmin] {
        let p = who(1, 1, role, None);
        for action in [
            Action::ReadCase,
            Action::OpenCase,
            Action::ReadHistory,
            Action::ReadPerson,
            Action::BreakTheGlass,
        ] {
            assert_eq!(
                decide(&p, action, Scope::Lead),
                Decision::Deny(DenyReason::MissingPermission),
                "{role:?} {action:?}"
            );
        }
    }
    let auditor = who(1, 1, Role::Auditor, None);
    assert_eq!(
        decide(&auditor, Action::ReadCase, Scope::Lead),
        Decision::Deny(DenyReason::MissingPermission)
    );
    assert_eq!(
        decide(&auditor, Action::ReadHistory, Scope::Unrelated),
        Decision::Allow,
        "auditors read any history"
    );
    assert_eq!(
        decide(&auditor, Action::ReadAccessLog, Scope::Unrelated),
        Decision::Allow
    );
    let shelter = who(1, 1, Role::ShelterStaff, None);
    let identify = Command::RecordIdentification {
        outcome: haven_domain::case::command::Outcome::Victim,
        deciding_agency_id: Some(1),
        document_number: Some("1".into()),
        document_date: Some(day(5)),
    };
    assert_eq!(
        decide(&shelter, Action::Record(&identify), Scope::Lead),
        Decision::Deny(DenyReason::MissingPermission),
        "shelters do not identify"
    );
    assert_eq!(
        decide(
            &who(1, 1, Role::PoliceOfficer, None),
            Action::Record(&identify),
            Scope::Lead
        ),
        Decision::Allow
    );
}

#[test]
fn identity_is_masked_by_role_scope_referral_and_age() {
    let mut case = case_led_by(1, false);
    let lead_worker = who(10, 1, Role::SocialWorker, None);
    let colleague = who(11, 1, Role::SocialWorker, None);
    assert_eq!(
        identity_view(&lead_worker, &facts(&case), Scope::Lead),
        IdentityView::Whole(WholeBecause::LeadAgency)
    );
    assert_eq!(
        identity_view(&colleague, &facts(&case), Scope::Lead),
        IdentityView::Whole(WholeBecause::LeadAgency)
    );
    assert_eq!(
        identity_view(&who(1, 1, Role::Auditor, None), &facts(&case), Scope::Lead),
        IdentityView::Hidden(HiddenBecause::RoleSeesNoIdentities)
    );

    case.apply(&referral(2, &["full_name", "contact", "not_a_field"]), 1);
    assert_eq!(
        identity_view(
            &who(20, 2, Role::ShelterStaff, None),
            &facts(&case),
            Scope::Referred
        ),
        IdentityView::Shared(Default::default()),
        "without her consent to share with the shelter, nothing goes"
    );
    case.apply(&consent(2, ConsentGiver::Person), 1);
    case.apply(&referral(2, &["full_name", "contact", "not_a_field"]), 1);
    let shelter = who(20, 2, Role::ShelterStaff, None);
    let view = identity_view(&shelter, &facts(&case), Scope::Referred);
    let shown = mask_person(&person(), &view);
    assert_eq!(
        shown.person.full_name,
        Seen::Shown("Giả Lập Thị Hoa".to_owned())
    );
    assert_eq!(
        shown.person.contact,
        Seen::Shown(Some("0900000000".to_owned()))
    );
    assert!(shown.person.permanent_residence.is_hidden());
    assert_eq!(shown.masked_fields.len(), IDENTITY_FIELDS.len() - 2);
    assert_eq!(shown.hidden_because, Some(HiddenBecause::NotShared));
    assert_eq!(
        shown.person.ethnicity,
        Seen::Shown(Some("01".to_owned())),
        "non-identifying fields stay"
    );

    // A referral may share its fields with some of the receiving agency's roles only.
    let mut for_shelter_staff = case_led_by(1, false);
    let mut to_staff_only = referral(2, &["full_name"]);
    if let Command::SendReferral {
        shared_with_roles, ..
    } = &mut to_staff_only
    {
        *shared_with_roles = vec![Role::ShelterStaff];
    }
    for_shelter_staff.apply(&consent(2, ConsentGiver::Person), 1);
    for_shelter_staff.apply(&to_staff_only, 1);
    let hotline_there = who(21, 2, Role::HotlineOperator, None);
    assert_eq!(
        identity_view(&shelter, &facts(&for_shelter_staff), Scope::Referred),
        IdentityView::Shared([PersonField::FullName].into())
    );
    assert_eq!(
        identity_view(&hotline_there, &facts(&for_shelter_staff), Scope::Referred),
        IdentityView::Shared(Default::default()),
        "another role of the receiving agency sees nothing"
    );

    let child = case_led_by(1, true);
    assert_eq!(
        identity_view(&lead_worker, &facts(&child), Scope::Lead),
        IdentityView::Whole(WholeBecause::LeadAgency),
        "the assigned worker"
    );
    assert_eq!(
        identity_view(&colleague, &facts(&child), Scope::Lead),
        IdentityView::Hidden(HiddenBecause::ChildRecord),
        "a child: assigned workers only"
    );
    let mut child = child;
    child.apply(&Command::AssignWorker { user_id: 11 }, 1);
    assert_eq!(
        identity_view(&colleague, &facts(&child), Scope::Lead),
        IdentityView::Whole(WholeBecause::LeadAgency)
    );
    child.apply(&consent(2, ConsentGiver::Person), 1);
    child.apply(&referral(2, &["full_name"]), 1);
    assert_eq!(
        identity_view(&shelter, &facts(&child), Scope::Referred),
        IdentityView::Hidden(HiddenBecause::ChildRecord),
        "a child's own consent does not share her record"
    );
    let mut with_guardian = child.clone();
    with_guardian.apply(&consent(2, ConsentGiver::ParentOrGuardian), 1);
    with_guardian.apply(&referral(2, &["full_name"]), 1);
    assert_eq!(
        identity_view(&shelter, &facts(&with_guardian), Scope::Referred),
        IdentityView::Shared([PersonField::FullName].into()),
        "a guardian's consent does"
    );
    let police_elsewhere = who(40, 4, Role::PoliceOfficer, None);
    assert_eq!(
        identity_view(&police_elsewhere, &facts(&child), Scope::Emergency),
        IdentityView::Hidden(HiddenBecause::ChildRecord),
        "breaking the glass never opens a child's identity"
    );
    assert_eq!(
        identity_view(&police_elsewhere, &facts(&case), Scope::Emergency),
        IdentityView::Whole(WholeBecause::EmergencyGrant)
    );
    assert_eq!(
        identity_view(
            &who(30, 3, Role::Supervisor, Some("2025/01")),
            &facts(&case),
            Scope::Supervised
        ),
        IdentityView::Hidden(HiddenBecause::Supervision)
    );
    let masked = mask_person(&person(), &IdentityView::Hidden(HiddenBecause::Supervision));
    let json = serde_json::to_value(&masked).unwrap();
    assert!(IDENTITY_FIELDS.iter().all(|f| json["person"][*f].is_null()));
    // Languages and disability say more than a supervisor or a referred agency needs.
    assert!(masked.person.languages.is_hidden() && masked.person.disability.is_hidden());
    assert!(masked.masked_fields.contains(&PersonField::Disability));
    assert_eq!(json["person"]["sex"], "female", "what a case needs stays");
    assert_eq!(json["hidden_because"], "supervision");
}
