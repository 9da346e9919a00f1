//! Every web page and page form, for every default role, in the lead
//! agency, another province and the supervising province, on both
//! databases: a page opens exactly when the pure policy allows what it
//! shows, and a form changes something exactly when the policy allows it.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::matrix::AGENCIES;
use common::TestServer;
use haven_access::{
    accounts_visible, decide, decide_account, decide_contact, decide_directory, decide_programme,
    identity_view, scope_of, AccountFacts, AccountsVisible, Action, CaseFacts, ContactAction,
    ContactParties, Decision, DenyReason, DirectoryAction, Permission, PermissionTable, Principal,
    ProgrammeAction,
};
use haven_domain::case::Command;
use haven_domain::ids::{AgencyId, PlanId, TaskId};
use haven_domain::role::Role;
use haven_store::cases::Actor;
use haven_store::programme::Author;
use haven_store::Store;
use haven_testkit::fixtures::{add_user, day, person, reception, today};
use reqwest::StatusCode;

#[derive(Clone, Copy)]
enum Needs {
    Login,
    Permission(Permission),
    /// Any administration permission.
    Administers,
    OnCase(Action<'static>),
    /// A form that changes a fresh case.
    OnFreshCase(Action<'static>),
    ListAccounts,
    CreateAccount,
    OnAccount,
    /// Correcting the person: the lead agency's users who see her whole.
    CorrectPerson,
    /// The correction sent, on a fresh case.
    CorrectFreshPerson,
    /// A programme action that needs no record.
    Programme(ProgrammeAction<'static>),
    /// A form changing the plan the lead agency issued.
    OnPlan,
    /// Starting one's own plan from it.
    CopyPlan,
    /// The status of its task the province leads.
    OnTask,
    /// Correcting the activity the lead agency recorded.
    OnActivity,
    /// Recording the budget of the plan the lead agency issued.
    OnBudget,
    /// Changing the working group the lead agency hosts.
    OnGroup,
    /// The progress of the action the province owns in that group.
    OnAction,
    /// The periodic reports' page: filers and statistics readers.
    AgencyReportsPage,
    /// A report sent up by an agency of the province: its area's
    /// statistics readers read and review it.
    OnAgencyReport,
    /// The contacts list: the hotline's staff, and agencies asked to act.
    ListContacts,
    /// The contact the lead agency's hotline took and dispatched to the
    /// province (`{contact}`), or a fresh one like it (`{fresh_contact}`).
    OnContact(ContactNeed),
    /// Keeping a directory entry: the lead agency's (`Some`), or a
    /// provider's outside Haven (`None`).
    OnDirectory(Option<()>),
}

#[derive(Clone, Copy)]
enum ContactNeed {
    Read,
    Keep,
    Answer,
    OpenCaseFrom,
}

const NOTE: Command = Command::AddNote {
    text: String::new(),
};

/// Every page route and form; `{number}` and `{id}` are filled in.
const PAGES: &[(&str, &str, Needs)] = &[
    ("GET", "/", Needs::Login),
    ("GET", "/tasks", Needs::Permission(Permission::ReadCase)),
    ("GET", "/audit", Needs::Permission(Permission::Audit)),
    ("GET", "/agencies/pick", Needs::Login),
    ("GET", "/cases", Needs::Permission(Permission::ReadCase)),
    (
        "POST",
        "/cases/export.csv",
        Needs::Permission(Permission::ReadCase),
    ),
    (
        "POST",
        "/cases/export.xlsx",
        Needs::Permission(Permission::ReadCase),
    ),
    ("GET", "/cases/new", Needs::Permission(Permission::OpenCase)),
    ("GET", "/cases/{number}", Needs::OnCase(Action::ReadCase)),
    (
        "GET",
        "/cases/{number}/print",
        Needs::OnCase(Action::ReadCase),
    ),
    (
        "GET",
        "/cases/{number}/referrals/1/print",
        Needs::OnCase(Action::ReadCase),
    ),
    (
        "GET",
        "/cases/{number}/handovers/3/print",
        Needs::OnCase(Action::ReadCase),
    ),
    ("GET", "/cases/{number}/person", Needs::CorrectPerson),
    ("POST", "/cases/{number}/person", Needs::CorrectFreshPerson),
    (
        "POST",
        "/cases/{number}/actions/add_note",
        Needs::OnFreshCase(Action::Record(&NOTE)),
    ),
    (
        "POST",
        "/cases/{number}/documents",
        Needs::OnFreshCase(Action::Attach),
    ),
    ("GET", "/referrals", Needs::Permission(Permission::ReadCase)),
    ("GET", "/facilities", Needs::Login),
    ("GET", "/facilities/{facility}", Needs::Login),
    ("GET", "/profile", Needs::Login),
    (
        "GET",
        "/reports",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/reports/submissions",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/reports/submission",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "POST",
        "/reports/submission/step",
        Needs::Permission(Permission::ReadStatistics),
    ),
    ("GET", "/admin/users", Needs::ListAccounts),
    ("POST", "/admin/users", Needs::CreateAccount),
    ("GET", "/admin/users/{id}", Needs::OnAccount),
    ("POST", "/admin/users/{id}", Needs::OnAccount),
    ("POST", "/admin/users/{id}/password-reset", Needs::OnAccount),
    ("POST", "/admin/users/{id}/revoke", Needs::OnAccount),
    ("GET", "/admin/organisation", Needs::Administers),
    (
        "POST",
        "/admin/agencies",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    (
        "POST",
        "/admin/facilities",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    ("GET", "/admin/roles", Needs::Administers),
    ("GET", "/admin/code-lists", Needs::Administers),
    (
        "GET",
        "/admin/webhooks",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    (
        "POST",
        "/admin/webhooks",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    (
        "POST",
        "/admin/webhooks/{webhook}/deactivate",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    (
        "GET",
        "/admin/backups",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    (
        "GET",
        "/admin/import",
        Needs::Permission(Permission::OpenCase),
    ),
    (
        "POST",
        "/admin/import",
        Needs::Permission(Permission::OpenCase),
    ),
    (
        "GET",
        "/admin/import/template.xlsx",
        Needs::Permission(Permission::OpenCase),
    ),
    ("GET", "/plans", Needs::Programme(ProgrammeAction::Read)),
    (
        "GET",
        "/plans/new",
        Needs::Permission(Permission::ManagePlans),
    ),
    (
        "GET",
        "/plans/{plan}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "GET",
        "/plans/{plan}/review",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("POST", "/plans/{plan}/targets", Needs::OnPlan),
    ("POST", "/plans/{plan}/tasks", Needs::OnPlan),
    (
        "POST",
        "/plans/{plan}/targets/{target}/actual",
        Needs::OnPlan,
    ),
    ("POST", "/plans/{plan}/tasks/{task}", Needs::OnTask),
    ("GET", "/plans/{plan}/edit", Needs::OnPlan),
    ("POST", "/plans/{plan}", Needs::OnPlan),
    ("GET", "/plans/{plan}/targets/{target}/edit", Needs::OnPlan),
    ("POST", "/plans/{plan}/targets/{target}", Needs::OnPlan),
    ("GET", "/plans/{plan}/tasks/{task}/edit", Needs::OnPlan),
    ("POST", "/plans/{plan}/tasks/{task}/edit", Needs::OnPlan),
    ("POST", "/plans/{plan}/copies", Needs::CopyPlan),
    ("POST", "/plans/{plan}/documents", Needs::OnPlan),
    (
        "POST",
        "/plans/{plan}/documents/{document}/withdraw",
        Needs::OnPlan,
    ),
    (
        "GET",
        "/plans/{plan}/budget",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("POST", "/plans/{plan}/budget/lines", Needs::OnBudget),
    (
        "GET",
        "/plans/{plan}/budget/lines/{line}/edit",
        Needs::OnBudget,
    ),
    (
        "POST",
        "/plans/{plan}/budget/lines/{line}/edit",
        Needs::OnBudget,
    ),
    (
        "GET",
        "/plans/{plan}/budget/entries/{entry}/edit",
        Needs::OnBudget,
    ),
    (
        "POST",
        "/plans/{plan}/budget/entries/{entry}/edit",
        Needs::OnBudget,
    ),
    (
        "POST",
        "/plans/{plan}/budget/lines/{line}/entries",
        Needs::OnBudget,
    ),
    (
        "GET",
        "/agency-reports?period=2026",
        Needs::AgencyReportsPage,
    ),
    (
        "POST",
        "/agency-reports",
        Needs::Programme(ProgrammeAction::FileAgencyReport { authority: true }),
    ),
    ("GET", "/agency-reports/{report}", Needs::OnAgencyReport),
    ("POST", "/agency-reports/{report}", Needs::OnAgencyReport),
    (
        "GET",
        "/working-groups",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "POST",
        "/working-groups",
        Needs::Programme(ProgrammeAction::CreateWorkingGroup),
    ),
    (
        "GET",
        "/working-groups/{group}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("POST", "/working-groups/{group}", Needs::OnGroup),
    ("POST", "/actions/{action}", Needs::OnAction),
    ("GET", "/companies", Needs::Programme(ProgrammeAction::Read)),
    (
        "POST",
        "/companies",
        Needs::Programme(ProgrammeAction::KeepCompanyRegister),
    ),
    (
        "GET",
        "/companies/{company}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "POST",
        "/companies/{company}",
        Needs::Programme(ProgrammeAction::KeepCompanyRegister),
    ),
    (
        "GET",
        "/activities/new?kind=inspection",
        Needs::Permission(Permission::Inspect),
    ),
    (
        "GET",
        "/activities",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "GET",
        "/activities/new?kind=communication",
        Needs::Permission(Permission::RecordActivities),
    ),
    (
        "POST",
        "/activities",
        Needs::Programme(ProgrammeAction::RecordActivity {
            kind: haven_domain::programme::ActivityKind::Communication,
            task: None,
        }),
    ),
    (
        "GET",
        "/activities/{activity}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("GET", "/activities/{activity}/edit", Needs::OnActivity),
    ("POST", "/activities/{activity}", Needs::OnActivity),
    ("GET", "/contacts", Needs::ListContacts),
    (
        "GET",
        "/contacts/new",
        Needs::Permission(Permission::RecordContacts),
    ),
    (
        "POST",
        "/contacts",
        Needs::Permission(Permission::RecordContacts),
    ),
    (
        "GET",
        "/contacts/{contact}",
        Needs::OnContact(ContactNeed::Read),
    ),
    (
        "GET",
        "/cases/new?contact={contact}",
        Needs::OnContact(ContactNeed::OpenCaseFrom),
    ),
    (
        "GET",
        "/contacts/{contact}/edit",
        Needs::OnContact(ContactNeed::Keep),
    ),
    // Before the correction below, which leaves no call back planned.
    (
        "POST",
        "/contacts/{contact}/call-back-made",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "POST",
        "/contacts/{contact}",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "POST",
        "/contacts/{contact}/dispatch",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "POST",
        "/contacts/{contact}/case",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "POST",
        "/contacts/{fresh_contact}/answer",
        Needs::OnContact(ContactNeed::Answer),
    ),
    ("GET", "/notifications", Needs::Login),
    ("GET", "/notifications?unread=true&page=2", Needs::Login),
    ("POST", "/notifications/read-all", Needs::Login),
    ("GET", "/notifications/settings", Needs::Login),
    ("POST", "/notifications/settings", Needs::Login),
    ("GET", "/directory", Needs::Login),
    ("GET", "/directory/print?province=2025/01", Needs::Login),
    ("GET", "/directory/new", Needs::Administers),
    ("POST", "/directory", Needs::OnDirectory(None)),
    (
        "GET",
        "/directory/{entry_of_lead}/edit",
        Needs::OnDirectory(Some(())),
    ),
    (
        "POST",
        "/directory/{entry_of_lead}",
        Needs::OnDirectory(Some(())),
    ),
];

/// The lead agency's entry in the directory of services: its id.
async fn directory_entry_of_lead(store: &Store) -> i64 {
    let lead = store.agency_by_code("LEAD").await.unwrap().unwrap().id;
    let admin = store
        .user_by_username("agency_admin_lead")
        .await
        .unwrap()
        .unwrap();
    let draft = serde_json::from_value(serde_json::json!({"name": "Cơ quan LEAD", "kind": "state_agency", "unit_id": "2025/01/00070", "services": ["legal_information"], "areas_served": ["2025/01"]})).unwrap();
    store
        .directory()
        .add(
            Author {
                user_id: admin.id,
                agency_id: AgencyId(lead),
            },
            haven_store::directory::Provider::Agency(AgencyId(lead)),
            &draft,
        )
        .await
        .unwrap()
        .id
}

/// A contact the lead agency's hotline operator took, with a call back
/// planned, dispatched to the province: its number and its dispatch.
async fn contact_dispatched_to_province(store: &Store) -> (String, i64) {
    let keeper = store.agency_by_code("LEAD").await.unwrap().unwrap().id;
    let province = store.agency_by_code("PROVINCE").await.unwrap().unwrap().id;
    let operator = store
        .user_by_username("hotline_operator_lead")
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let draft: haven_domain::hotline::ContactDraft = serde_json::from_value(serde_json::json!({
        "channel": "phone_call",
        "started_at": (now - chrono::Duration::minutes(30)).to_rfc3339(),
        "caller": {"relation": "parent", "consents_to_keep_number": true, "phone": "0912345678"},
        "concerned": {"sex": "female", "age_years": 15},
        "categories": ["missing_abroad"],
        "urgency": "urgent",
        "summary": "Mẹ báo con gái mất liên lạc",
        "steps": ["follow_up_planned"],
        "follow_up_at": (now + chrono::Duration::days(1)).to_rfc3339(),
        "outcome": "ongoing"
    }))
    .unwrap();
    let record = store
        .hotline()
        .record(
            Author {
                user_id: operator.id,
                agency_id: AgencyId(keeper),
            },
            &draft,
            Some(&haven_domain::hotline::DispatchDraft {
                agency_id: AgencyId(province),
                note: String::new(),
            }),
            2,
            now,
        )
        .await
        .unwrap();
    (record.number, record.dispatches[0].id.get())
}

/// A national plan the lead agency issued (any agency may implement it),
/// with a task the province leads.
async fn programme_fixture(
    store: &Store,
    lead_worker: Actor,
) -> (
    PlanId,
    TaskId,
    AgencyId,
    haven_domain::ids::TargetId,
    haven_domain::ids::ActivityId,
    haven_domain::ids::BudgetLineId,
    haven_domain::ids::CompanyId,
    haven_domain::ids::WorkingGroupId,
    haven_domain::ids::ActionId,
) {
    let author = Author {
        user_id: lead_worker.user_id,
        agency_id: AgencyId(lead_worker.agency_id),
    };
    let province = AgencyId(store.agency_by_code("PROVINCE").await.unwrap().unwrap().id);
    let programme = store.programme();
    let plan = programme
        .create_plan(author, "VN", &serde_json::from_value(serde_json::json!({"number": "1/KH", "issued_on": "2026-01-10", "title": "Kế hoạch", "first_year": 2026, "last_year": 2030})).unwrap())
        .await
        .unwrap();
    let task = programme
        .add_task(author, plan.id, &serde_json::from_value(serde_json::json!({"title": "Truyền thông", "lead_agency_id": province, "starts_on": "2026-01-01", "ends_on": "2026-12-31", "status": "not_started"})).unwrap())
        .await
        .unwrap();
    let manual = programme
        .add_target(author, plan.id, &serde_json::from_value(serde_json::json!({"definition": "Văn bản được phổ biến", "unit": "percent", "direction": "at_least", "whole_period": 100, "source": {"kind": "manual", "source": "Báo cáo của Sở Tư pháp"}})).unwrap())
        .await
        .unwrap();
    let activity = programme
        .record_activity(author, &serde_json::from_value(serde_json::json!({"title": "Nói chuyện", "held_on": "2026-03-01", "unit_id": "2025/01/00070", "details": {"kind": "communication", "channel": "meeting_talk", "reached": {"total": 40}}})).unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        .await
        .unwrap();
    let line = programme
        .add_budget_line(author, plan.id, &serde_json::from_value(serde_json::json!({"year": 2026, "kind": "training", "funding_source": "state_budget_local", "estimate_vnd": 100_000_000})).unwrap())
        .await
        .unwrap();
    let company = programme
        .register_company(author, &serde_json::from_value(serde_json::json!({"name": "Công ty Giả Lập", "licence_number": "1/GP", "licence_status": "active", "unit_id": "2025/01"})).unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        .await
        .unwrap();
    let group = programme
        .create_working_group(author, "VN", &serde_json::from_value(serde_json::json!({"name": "Tổ công tác", "decision_number": "1/QĐ", "decision_date": "2026-01-05", "members": [{"name": "Thành viên", "agency_id": province, "role": "member"}]})).unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        .await
        .unwrap();
    let meeting = programme
        .record_activity(author, &serde_json::from_value(serde_json::json!({"title": "Họp tổ", "held_on": "2026-03-01", "unit_id": "2025/01/00070", "details": {"kind": "meeting", "meeting_kind": "working_group", "chair": "Tổ trưởng", "working_group_id": group.id, "follow_ups": [{"action": "Rà soát", "owner_agency_id": province, "due_on": "2026-04-01"}]}})).unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        .await
        .unwrap();
    let action = programme.actions_of_meeting(meeting.id).await.unwrap()[0].id;
    (
        plan.id,
        task.id,
        province,
        manual.id,
        activity.id,
        line.id,
        company.id,
        group.id,
        action,
    )
}

async fn fixture(store: &Store) -> (Actor, String) {
    common::matrix::seed_every_role(store).await;
    store
        .add_facility(&haven_domain::organisation::NewFacility {
            code: "LEAD-SHELTER".into(),
            name: "Nhà tạm lánh".into(),
            facility_type: "temporary_shelter".into(),
            operator_agency_code: "LEAD".into(),
            admin_unit_id: "2025/01/00070".into(),
            capacity: 5,
        })
        .await
        .unwrap();
    let lead_worker = add_user(store, "lead_worker", "LEAD", Role::SocialWorker).await;
    let case = store
        .open_case(
            lead_worker,
            &person("Giả Lập Thị Trang", 1995),
            &reception("self_report", day(2025, 8, 1)),
            today(),
        )
        .await
        .unwrap();
    // Papers to print: a handover record (seq 3) and a referral slip (referral 1).
    let facility_id = store.facilities().await.unwrap()[0].id;
    let steps = [
        Command::RecordFamilyContact {
            contacted_on: day(2025, 8, 2),
            contacted_by: "Cán bộ xã hội".into(),
            outcome: None,
        },
        Command::RecordReturn {
            returned_on: day(2025, 8, 3),
            handover_record: "BB-01".into(),
            escort: None,
            to_unit_id: None,
        },
        Command::SendReferral {
            to_agency_id: lead_worker.agency_id,
            to_facility_id: Some(facility_id),
            reason: "lưu trú".into(),
            shared_fields: vec![],
            shared_with_roles: vec![],
            best_interest_reason: None,
            transfer_lead: false,
            sent_on: day(2025, 8, 4),
        },
    ];
    for (version, step) in (1..).zip(steps) {
        store
            .execute(
                lead_worker,
                &case.case_number,
                version,
                &step,
                None,
                today(),
            )
            .await
            .unwrap();
    }
    (lead_worker, case.case_number)
}

/// The form a route's POST sends, with the session's token first.
fn form_for(path: &str, csrf: &str, version: i64, serial: usize) -> Vec<(String, String)> {
    let mut fields = vec![("csrf".to_owned(), csrf.to_owned())];
    if path == "/admin/webhooks" {
        fields.push((
            "url".into(),
            format!("https://matrix.example.vn/in/{serial}"),
        ));
        fields.push(("events".into(), "case_opened".into()));
        return fields;
    }
    if path == "/admin/webhooks/{webhook}/deactivate" {
        fields.push(("version".into(), "1".into()));
        fields.push(("confirm".into(), "yes".into()));
        return fields;
    }
    if path == "/notifications/settings" {
        fields.push(("version".into(), "0".into()));
        fields.push(("email".into(), String::new()));
        for kind in haven_domain::notice::NoticeKind::ALL {
            fields.push((kind.code().into(), "off".into()));
        }
        return fields;
    }
    let more: Vec<(&str, String)> = match path {
        "/admin/users" => vec![
            ("username", format!("page.matrix.{serial}")),
            ("display_name", "Cán bộ mới".into()),
            ("agency_code", "LEAD".into()),
            ("roles", "shelter_staff".into()),
        ],
        "/admin/agencies" => vec![
            ("code", format!("NEW-{serial}")),
            ("name", "Cơ quan mới".into()),
            ("sector", "police".into()),
            ("province", "01".into()),
        ],
        "/admin/facilities" => vec![
            ("code", format!("FAC-{serial}")),
            ("name", "Nhà tạm lánh mới".into()),
            ("facility_type", "temporary_shelter".into()),
            ("operator_agency_code", "LEAD".into()),
            ("province", "01".into()),
            ("capacity", "10".into()),
        ],
        "/agency-reports" => vec![
            ("version", version.to_string()),
            ("period", "2026".into()),
            ("action", "draft".into()),
            ("results", format!("Kết quả {serial}")),
        ],
        p if p.starts_with("/agency-reports/") => vec![
            ("version", version.to_string()),
            ("action", "approve".into()),
        ],
        "/working-groups" => vec![
            ("name", format!("Tổ công tác {serial}")),
            ("decision_number", format!("{serial}/QĐ")),
            ("decision_date", "2026-01-05".into()),
        ],
        p if p.starts_with("/working-groups/") => vec![
            ("version", version.to_string()),
            ("name", format!("Tổ công tác đổi tên {serial}")),
            ("decision_number", "1/QĐ".into()),
            ("decision_date", "2026-01-05".into()),
        ],
        p if p.starts_with("/actions/") => vec![
            ("version", version.to_string()),
            ("status", "{next_action_status}".into()),
        ],
        "/companies" => vec![
            ("name", format!("Công ty {serial}")),
            ("licence_number", format!("{serial}/GP")),
            ("licence_status", "active".into()),
            ("unit_id", "2025/01".into()),
        ],
        p if p.starts_with("/companies/") => vec![
            ("version", version.to_string()),
            ("name", "Công ty Giả Lập".into()),
            ("licence_number", "1/GP".into()),
            ("licence_status", "active".into()),
            ("unit_id", "2025/01".into()),
            ("note", format!("Ghi chú {serial}")),
        ],
        p if p.ends_with("/withdraw") => vec![("confirm", "yes".into())],
        p if p.ends_with("/budget/lines/{line}/edit") => vec![
            ("version", version.to_string()),
            ("year", "2026".into()),
            ("kind", "training".into()),
            ("funding_source", "state_budget_local".into()),
            ("estimate_vnd", (100_000_000 + serial).to_string()),
        ],
        p if p.ends_with("/budget/entries/{entry}/edit") => vec![
            ("version", version.to_string()),
            ("kind", "allocation".into()),
            ("on", "2026-02-01".into()),
            ("amount_vnd", (2_000 + serial).to_string()),
        ],
        p if p.ends_with("/budget/lines") => vec![
            ("year", "2026".into()),
            ("kind", "training".into()),
            ("funding_source", "state_budget_local".into()),
            ("estimate_vnd", (1_000 + serial).to_string()),
        ],
        p if p.ends_with("/entries") => vec![
            ("kind", "allocation".into()),
            ("on", "2026-02-01".into()),
            ("amount_vnd", (1_000 + serial).to_string()),
        ],
        p if p.ends_with("/actual") => vec![
            ("version", version.to_string()),
            ("year", "2026".into()),
            ("value", (serial % 100).to_string()),
        ],
        p if p.ends_with("/targets") => vec![
            ("definition", format!("Chỉ tiêu {serial}")),
            ("unit", "count".into()),
            ("direction", "at_least".into()),
            ("whole_period", "10".into()),
            ("source_kind", "activities".into()),
            ("measure", "communication_sessions".into()),
        ],
        p if p.ends_with("/tasks") => vec![
            ("title", format!("Nhiệm vụ {serial}")),
            ("lead_agency_id", "{province}".into()),
            ("starts_on", "2026-01-01".into()),
            ("ends_on", "2026-12-31".into()),
            ("status", "not_started".into()),
        ],
        "/plans/{plan}" => vec![
            ("version", version.to_string()),
            ("number", "1/KH".into()),
            ("issued_on", "2026-01-10".into()),
            ("title", format!("Kế hoạch {serial}")),
            ("first_year", "2026".into()),
            ("last_year", "2030".into()),
        ],
        "/plans/{plan}/targets/{target}" => vec![
            ("version", version.to_string()),
            ("definition", format!("Văn bản được phổ biến {serial}")),
            ("unit", "percent".into()),
            ("direction", "at_least".into()),
            ("whole_period", "100".into()),
            ("source_kind", "manual".into()),
            ("manual_source", "Báo cáo của Sở Tư pháp".into()),
        ],
        "/plans/{plan}/tasks/{task}/edit" => vec![
            ("version", version.to_string()),
            ("title", format!("Truyền thông {serial}")),
            ("lead_agency_id", "{province}".into()),
            ("starts_on", "2026-01-01".into()),
            ("ends_on", "2026-12-31".into()),
            ("status", "{next_status}".into()),
        ],
        p if p.starts_with("/plans/") && p.contains("/tasks/") => vec![
            ("version", version.to_string()),
            ("status", "{next_status}".into()),
        ],
        p if p.ends_with("/copies") => vec![
            ("number", format!("C-{serial}")),
            ("issued_on", "2026-02-01".into()),
            ("title", "Kế hoạch của đơn vị".into()),
            ("first_year", "2026".into()),
            ("last_year", "2026".into()),
        ],
        p if p.starts_with("/activities/") => vec![
            ("version", version.to_string()),
            ("kind", "communication".into()),
            ("title", format!("Nói chuyện {serial}")),
            ("held_on", "2026-03-01".into()),
            ("place_province", "2025/01".into()),
            ("channel", "meeting_talk".into()),
            ("reached_total", "10".into()),
        ],
        "/activities" => vec![
            ("kind", "communication".into()),
            ("title", format!("Nói chuyện {serial}")),
            ("held_on", "2026-03-01".into()),
            ("place_province", "2025/01".into()),
            ("channel", "meeting_talk".into()),
            ("reached_total", "10".into()),
        ],
        "/contacts" | "/contacts/{contact}" => vec![
            ("version", version.to_string()),
            ("channel", "phone_call".into()),
            (
                "started_at",
                (chrono::Utc::now() - chrono::Duration::hours(1))
                    .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
                    .format("%Y-%m-%dT%H:%M")
                    .to_string(),
            ),
            ("caller_relation", "neighbour".into()),
            ("categories", "recruiter_tip_off".into()),
            ("urgency", "not_urgent".into()),
            ("summary", format!("Báo tin về đối tượng môi giới {serial}")),
            ("outcome", "resolved".into()),
        ],
        "/contacts/{contact}/call-back-made"
        | "/contacts/{contact}/dispatch"
        | "/contacts/{contact}/case" => vec![
            ("version", version.to_string()),
            ("agency_id", "{police}".into()),
            ("case_number", "{case}".into()),
        ],
        "/directory" | "/directory/{entry_of_lead}" => vec![
            ("version", version.to_string()),
            ("provider", "outside".into()),
            ("name", format!("Tổ chức {serial}")),
            ("kind", "ngo".into()),
            ("unit_province", "2025/01".into()),
            ("services", "legal_aid".into()),
            ("areas_served", "2025/01".into()),
            ("note", format!("Ghi chú {serial}")),
            ("active", "on".into()),
        ],
        "/contacts/{fresh_contact}/answer" => vec![
            ("dispatch_id", "{dispatch}".into()),
            ("answer", format!("Đã xác minh {serial}")),
        ],
        "/reports/submission/step" => {
            vec![("action", "draft".into()), ("version", version.to_string())]
        }
        p if p.ends_with("/person") => vec![
            ("version", version.to_string()),
            ("full_name", format!("Giả Lập Thị Đã Sửa {serial}")),
            ("sex", "female".into()),
            ("birth_kind", "year".into()),
            ("birth_year", "1990".into()),
            ("step", "save".into()),
        ],
        p if p.ends_with("/add_note") => {
            vec![("version", version.to_string()), ("text", "Ghi chú".into())]
        }
        p if p.starts_with("/admin/users/") && !p.contains("password") && !p.contains("revoke") => {
            vec![
                ("version", version.to_string()),
                ("display_name", format!("Cán bộ {serial}")),
                ("roles", "social_worker".into()),
                ("active", "on".into()),
            ]
        }
        _ => vec![],
    };
    fields.extend(more.into_iter().map(|(k, v)| (k.to_owned(), v)));
    fields
}

fn programme_expectation(decision: Decision) -> Result<(), StatusCode> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::Deny(_) => Err(StatusCode::FORBIDDEN),
    }
}

haven_testkit::backend_tests! {
    async fn every_page_opens_exactly_when_the_policy_allows_it_for_every_role(store) {
        let (lead_worker, shared_case) = fixture(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let table = PermissionTable::default();
        let shared = store.case_by_number(&shared_case).await.unwrap().unwrap();
        let lead_agency_id = store.agency_by_code("LEAD").await.unwrap().unwrap().id;
        let facility_id = store.facilities().await.unwrap()[0].id;
        let (plan, task, province, manual, activity, line, company, group, action) = programme_fixture(&store, lead_worker).await;
        let (report_filer, agency_report) = common::matrix::province_agency_report(&store).await;
        let lead = AgencyId(lead_agency_id);
        let (contact, _) = contact_dispatched_to_province(&store).await;
        let entry_of_lead = directory_entry_of_lead(&store).await;
        let contact_keeper = lead;
        let contact_province = AgencyId(store.agency_by_code("PROVINCE").await.unwrap().unwrap().id);
        let mut checked = 0;
        for (code, unit) in AGENCIES {
            for role in Role::ALL {
                let username = format!("{}_{}", role.code(), code.to_lowercase());
                let account = store.user_by_username(&username).await.unwrap().unwrap();
                let agent = common::Agent::login(&server, &username).await;
                let who = Principal::new(account.id, account.agency_id, vec![role], &table, Some(unit.to_owned()));
                let scope = scope_of(&who, &CaseFacts { case: &shared.state, held_in_unit: Some(AGENCIES[0].1.into()), emergency_grant: false });
                for (method, template, needs) in PAGES {
                    let target = store.user_account(lead_worker.user_id).await.unwrap().unwrap();
                    let (number, version) = match needs {
                        Needs::OnFreshCase(_) | Needs::CorrectFreshPerson => {
                            let case = store.open_case(lead_worker, &person(&format!("Giả Lập {code} {} {checked}", role.code()), 1990), &reception("self_report", day(2025, 8, 2)), today()).await.unwrap();
                            (case.case_number, 1)
                        }
                        Needs::OnAccount => (shared_case.clone(), target.version),
                        Needs::OnTask => (shared_case.clone(), store.programme().task(task).await.unwrap().unwrap().version),
                        Needs::OnActivity => (shared_case.clone(), store.programme().activity(activity).await.unwrap().unwrap().version),
                        _ if template.starts_with("/companies/") => (shared_case.clone(), store.programme().company(company).await.unwrap().unwrap().version),
                        Needs::OnGroup => (shared_case.clone(), store.programme().working_group(group).await.unwrap().unwrap().version),
                        Needs::OnAgencyReport => {
                            // Sent up again before each try, so each reviewer finds it to review.
                            let current = store.agency_reports().by_id(agency_report).await.unwrap().unwrap();
                            let current = if current.status == "submitted" { current } else {
                                store.agency_reports().save(haven_store::agency_reports::AgencyReportWrite {
                                    agency_id: current.agency_id, area_code: "01", period_code: "2026", expected_version: Some(current.version),
                                    status: "submitted", action: "submit", user_id: lead_worker.user_id, narrative: None, snapshot: None, submits: true, review_comment: None,
                                }).await.unwrap()
                            };
                            (shared_case.clone(), current.version)
                        }
                        // One's own agency's report, at the version it is at (none yet: 0).
                        _ if *template == "/agency-reports" => (shared_case.clone(), store.agency_reports().of_agency(AgencyId(account.agency_id), "2026").await.unwrap().map_or(0, |r| r.version)),
                        Needs::OnAction => (shared_case.clone(), store.programme().action(action).await.unwrap().unwrap().version),
                        Needs::OnContact(_) => (shared_case.clone(), store.hotline().by_number(&contact).await.unwrap().unwrap().version),
                        Needs::OnDirectory(_) => (shared_case.clone(), store.directory().entry(entry_of_lead).await.unwrap().unwrap().version),
                        Needs::OnPlan if template.ends_with("/actual") || *template == "/plans/{plan}/targets/{target}" => (shared_case.clone(), store.programme().target(manual).await.unwrap().unwrap().version),
                        Needs::OnPlan if *template == "/plans/{plan}" => (shared_case.clone(), store.programme().plan(plan).await.unwrap().unwrap().version),
                        Needs::OnPlan if *template == "/plans/{plan}/tasks/{task}/edit" => (shared_case.clone(), store.programme().task(task).await.unwrap().unwrap().version),
                        // The unit's own report for this year, on the version it is at.
                        _ if template.starts_with("/reports/submission/") => {
                            let area = unit.trim_start_matches("2025/");
                            let year = chrono::Datelike::year(&today()).to_string();
                            let seen = store.report_submission(area, &year).await.unwrap().map_or(0, |r| r.version);
                            (shared_case.clone(), seen)
                        }
                        _ => (shared_case.clone(), shared.version),
                    };
                    let path = template.replace("{number}", &number).replace("{id}", &target.id.to_string()).replace("{facility}", &facility_id.to_string())
                        .replace("{plan}", &plan.to_string()).replace("{task}", &task.to_string()).replace("{target}", &manual.to_string()).replace("{activity}", &activity.to_string()).replace("{line}", &line.to_string()).replace("{company}", &company.to_string()).replace("{group}", &group.to_string()).replace("{action}", &action.to_string()).replace("{report}", &agency_report.to_string()).replace("{entry_of_lead}", &entry_of_lead.to_string());
                    // An entry of its own to correct each time, at version 1.
                    let (path, version) = if path.contains("{entry}") {
                        let issuer = haven_store::programme::Author { user_id: lead_worker.user_id, agency_id: lead };
                        let draft = serde_json::from_value(serde_json::json!({"kind": "allocation", "on": "2026-02-01", "amount_vnd": 1_000, "document": "QĐ 1"})).unwrap();
                        let entry = store.programme().record_budget_entry(issuer, line, &draft, chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()).await.unwrap();
                        (path.replace("{entry}", &entry.id.to_string()), 1)
                    } else if template.ends_with("/budget/lines/{line}/edit") {
                        (path, store.programme().budget_line(line).await.unwrap().unwrap().version)
                    } else { (path, version) };
                    // A document of its own to withdraw each time: a withdrawn one is gone.
                    let path = if path.contains("{document}") {
                        let issuer = haven_store::programme::Author { user_id: lead_worker.user_id, agency_id: lead };
                        let upload = haven_store::attachments::Upload { file_name: "ke-hoach.txt", description: None, content: b"Ke hoach" };
                        let document = store.programme().attach_plan_document(issuer, plan, upload).await.unwrap();
                        path.replace("{document}", &document.id.to_string())
                    } else { path };
                    // An endpoint of its own to stop each time: a stopped one stays stopped.
                    let path = if path.contains("{webhook}") {
                        let new = haven_domain::webhook::NewEndpoint { url: format!("https://matrix.example.vn/stop/{checked}"), events: vec![haven_domain::webhook::WebhookEvent::CaseClosed] };
                        let endpoint = store.webhooks().register(&new, lead_worker.user_id, chrono::Utc::now()).await.unwrap().endpoint;
                        path.replace("{webhook}", &endpoint.id.to_string())
                    } else { path };
                    // A contact of its own to answer each time: a dispatch is answered once.
                    let (path, dispatch) = if path.contains("{fresh_contact}") {
                        let (fresh, dispatch) = contact_dispatched_to_province(&store).await;
                        (path.replace("{fresh_contact}", &fresh), dispatch)
                    } else { (path.replace("{contact}", &contact), 0) };
                    let before = store.case_by_number(&number).await.unwrap().unwrap().version;
                    let response = if *method == "GET" {
                        agent.http.get(server.url(&path)).send().await.unwrap()
                    } else if *template == "/admin/import" {
                        let form = reqwest::multipart::Form::new()
                            .text("csrf", agent.csrf.clone())
                            .part("file", reqwest::multipart::Part::bytes("Họ và tên;Ngày tiếp nhận;Hình thức trở về\nGiả Lập Thị Một;05/03/2021;Tự trở về\n".as_bytes().to_vec()).file_name("danh-sach.csv"));
                        agent.http.post(server.url(&path)).multipart(form).send().await.unwrap()
                    } else if template.ends_with("/documents") {
                        let form = reqwest::multipart::Form::new()
                            .text("csrf", agent.csrf.clone())
                            .text("version", version.to_string())
                            .part("file", reqwest::multipart::Part::bytes(b"bien ban".to_vec()).file_name("b.txt"));
                        agent.http.post(server.url(&path)).multipart(form).send().await.unwrap()
                    } else {
                        // A status change each time: the same one again changes nothing.
                        let current = store.programme().task(task).await.unwrap().unwrap().task.status;
                        let next_status = if current == haven_domain::programme::TaskStatus::InProgress { "not_started" } else { "in_progress" }.to_owned();
                        let action_now = store.programme().action(action).await.unwrap().unwrap().action.status;
                        let next_action_status = if action_now == haven_domain::programme::TaskStatus::InProgress { "not_started" } else { "in_progress" }.to_owned();
                        let form: Vec<(String, String)> = form_for(template, &agent.csrf, version, checked)
                            .into_iter()
                            .map(|(k, v)| (k, v.replace("{province}", &province.to_string()).replace("{next_status}", &next_status).replace("{next_action_status}", &next_action_status)
                                .replace("{police}", &report_filer.to_string()).replace("{case}", &shared_case).replace("{dispatch}", &dispatch.to_string())))
                            .collect();
                        agent.http.post(server.url(&path)).form(&form).send().await.unwrap()
                    };
                    let status = response.status();
                    let page = response.text().await.unwrap_or_default();
                    let refused_as = |reason: DenyReason| match reason {
                        DenyReason::MissingPermission => StatusCode::FORBIDDEN,
                        DenyReason::NotInScope => StatusCode::NOT_FOUND,
                    };
                    let expected: Result<(), StatusCode> = match needs {
                        Needs::Login => Ok(()),
                        Needs::Permission(p) => if who.can(*p) { Ok(()) } else { Err(StatusCode::FORBIDDEN) },
                        Needs::Administers => if who.can(Permission::ManageAgencyUsers) || who.can(Permission::ManageOrganisation) { Ok(()) } else { Err(StatusCode::FORBIDDEN) },
                        Needs::OnCase(action) | Needs::OnFreshCase(action) => match decide(&who, *action, scope) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(reason) => Err(refused_as(reason)),
                        },
                        Needs::CorrectPerson | Needs::CorrectFreshPerson => match decide(&who, Action::CorrectPerson, scope) {
                            Decision::Allow if identity_view(&who, &CaseFacts { case: &shared.state, held_in_unit: Some(AGENCIES[0].1.into()), emergency_grant: false }, scope).is_whole() => Ok(()),
                            Decision::Allow => Err(StatusCode::FORBIDDEN),
                            Decision::Deny(reason) => Err(refused_as(reason)),
                        },
                        Needs::ListAccounts => if accounts_visible(&who) == AccountsVisible::None { Err(StatusCode::FORBIDDEN) } else { Ok(()) },
                        Needs::CreateAccount => match decide_account(&who, &AccountFacts { agency_id: lead_agency_id, roles: &[], new_roles: &[Role::ShelterStaff] }, &table) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(_) => Err(StatusCode::FORBIDDEN),
                        },
                        Needs::OnAccount => match decide_account(&who, &AccountFacts { agency_id: lead_agency_id, roles: &target.roles, new_roles: &[Role::SocialWorker] }, &table) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(reason) => Err(refused_as(reason)),
                        },
                        // Programme records are no secret: a refusal is 403.
                        Needs::Programme(action) => programme_expectation(decide_programme(&who, *action)),
                        Needs::OnPlan => programme_expectation(decide_programme(&who, ProgrammeAction::EditPlan { issuer: lead })),
                        Needs::OnActivity => programme_expectation(decide_programme(&who, ProgrammeAction::EditActivity { kind: haven_domain::programme::ActivityKind::Communication, recorded_by: lead })),
                        Needs::OnBudget => programme_expectation(decide_programme(&who, ProgrammeAction::RecordBudget { issuer: lead })),
                        Needs::OnGroup => programme_expectation(decide_programme(&who, ProgrammeAction::EditWorkingGroup { host: lead })),
                        Needs::AgencyReportsPage => if who.can(Permission::ReadStatistics) { Ok(()) } else { Err(StatusCode::FORBIDDEN) },
                        Needs::OnAgencyReport => programme_expectation(decide_programme(&who, ProgrammeAction::ReviewAgencyReport { filer: report_filer, in_own_area: unit == "2025/01", by_authority: true })),
                        Needs::OnAction => programme_expectation(decide_programme(&who, ProgrammeAction::UpdateAction { host: lead, owner: province })),
                        Needs::OnTask => programme_expectation(decide_programme(&who, ProgrammeAction::UpdateTask { issuer: lead, lead: province })),
                        Needs::OnDirectory(of_lead) => match decide_directory(&who, DirectoryAction::Keep { keeper: of_lead.map(|()| lead) }) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(_) => Err(StatusCode::FORBIDDEN),
                        },
                        Needs::ListContacts => if who.can(Permission::RecordContacts) || who.can(Permission::AnswerDispatches) { Ok(()) } else { Err(StatusCode::FORBIDDEN) },
                        Needs::OnContact(need) => {
                            let dispatched = [contact_province];
                            let parties = ContactParties { keeper: contact_keeper, dispatched_to: &dispatched };
                            let asked = match need {
                                ContactNeed::Read => ContactAction::Read(parties),
                                ContactNeed::Keep => ContactAction::Keep(parties),
                                ContactNeed::Answer => ContactAction::Answer { parties, to: AgencyId(account.agency_id) },
                                ContactNeed::OpenCaseFrom => ContactAction::OpenCaseFrom(parties),
                            };
                            match decide_contact(&who, asked) {
                                Decision::Allow => Ok(()),
                                Decision::Deny(reason) => Err(refused_as(reason)),
                            }
                        }
                        Needs::CopyPlan => programme_expectation(match decide_programme(&who, ProgrammeAction::Read) {
                            Decision::Allow => decide_programme(&who, ProgrammeAction::CreatePlan),
                            refused @ Decision::Deny(_) => refused,
                        }),
                    };
                    match expected {
                        // Once the hotline attached its contact to the lead agency's
                        // case, an agency it was dispatched to is told so, not sent there.
                        Ok(()) if *template == "/cases/new?contact={contact}" && status == StatusCode::CONFLICT => {
                            assert!(page.contains("đã gắn với một hồ sơ do cơ quan khác quản lý"), "{role:?} at {code}: {page}");
                            assert!(!page.contains(&shared_case), "the case's number is not told to who may not open it");
                        }
                        Ok(()) => {
                            assert!(matches!(status, StatusCode::OK | StatusCode::SEE_OTHER), "{role:?} at {code} ({scope:?}) must be allowed {method} {template}: {status}");
                            assert!(!page.contains("field-error"), "{role:?} at {code}: {method} {template} was refused a field: {page}");
                        }
                        Err(refused) => {
                            assert_eq!(status, refused, "{role:?} at {code} ({scope:?}) must be refused {method} {template}");
                            assert!(!page.contains("Giả Lập"), "a refusal shows no name");
                        }
                    }
                    if matches!(needs, Needs::OnFreshCase(_) | Needs::CorrectFreshPerson) {
                        let after = store.case_by_number(&number).await.unwrap().unwrap().version;
                        assert_eq!(after > before, expected.is_ok(), "{role:?} at {code}: {template} changed the case only if allowed");
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, PAGES.len() * Role::ALL.len() * AGENCIES.len());
        // What the organisation forms did: one agency and one facility per system administrator.
        let created = store.agencies().await.unwrap().iter().filter(|a| a.code.starts_with("NEW-")).count();
        let admins = AGENCIES.len();
        assert_eq!(created, admins, "only system administrators added agencies");
        server.stop().await;
    }
}
