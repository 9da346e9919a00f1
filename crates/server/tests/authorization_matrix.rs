//! Every API route, for every default role, in scope and out of scope, on
//! both databases: the server must allow exactly what the pure policy allows,
//! and mask identities where it says so. A route served but missing from
//! `ROUTES` fails the test: a new route needs its policy entry here.
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
    identity_view, may_remove_second_factor, scope_of, statistics_scope, AccountFacts,
    AccountsVisible, Action, CaseFacts, ContactAction, ContactParties, Decision, DirectoryAction,
    Permission, PermissionTable, Principal, ProgrammeAction, Scope,
};
use haven_domain::case::Command;
use haven_domain::ids::{AgencyId, PlanId};
use haven_domain::role::Role;
use haven_store::attachments::Upload;
use haven_store::cases::Actor;
use haven_store::person_links::LinkAsk;
use haven_store::programme::Author;
use haven_store::Store;
use haven_testkit::fixtures::{add_user, day, person, reception, today, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// What a route needs, in the policy's terms.
#[derive(Clone, Copy)]
enum Needs {
    /// Any logged-in user.
    Login,
    /// Marking read the province's notice of the contact dispatched to it:
    /// its users who answer dispatches; anyone else finds no such notice.
    OnNotice,
    Permission(Permission),
    /// The anonymised victim-level export: statistics readers of a national
    /// agency only. The matrix's agencies are provincial, so no one here.
    NationalStatistics,
    /// An action on the shared case.
    OnCase(Action<'static>),
    /// An action on a fresh case (the request changes it).
    OnFreshCase(Action<'static>),
    /// An action on the person of the shared case.
    OnPerson(Action<'static>),
    BreakTheGlass,
    /// Listing accounts: system and agency administrators.
    ListAccounts,
    /// Creating an account in the lead agency.
    CreateAccount,
    /// An action on the account of the lead agency's worker.
    OnAccount,
    /// A document's content: reading attachments, and seeing identities on the case.
    DocumentContent,
    /// Removing that worker's second factor: system administrators only.
    RemoveSecondFactor,
    /// Correcting the person of a fresh case: the lead agency's users who see her whole.
    CorrectPerson,
    /// A programme action that needs no record (read, issue a plan, record
    /// an activity outside a plan).
    Programme(ProgrammeAction<'static>),
    /// Changing the plan the lead agency issued (its targets, its tasks).
    OnPlan,
    /// Copying the lead agency's plan down to one's own agency.
    CopyPlan,
    /// Changing the plan's task that the province leads.
    OnTask,
    /// Correcting the activity the lead agency recorded.
    OnActivity,
    /// Recording the budget of the plan the lead agency issued.
    OnBudget,
    /// Changing the working group the lead agency hosts.
    OnGroup,
    /// The progress of the action the province owns in that group.
    OnAction,
    /// A report sent up by an agency of the province (not one of the
    /// matrix's): its area's statistics readers read and review it.
    OnAgencyReport,
    /// Listing contacts: the hotline's staff (their own), an agency asked to act (those dispatched to it).
    ListContacts,
    /// An action on the contact the lead agency's hotline operator took and
    /// dispatched to the province.
    OnContact(ContactNeed),
    /// Keeping the lead agency's entry in the directory of services.
    OnDirectoryEntry,
}

/// What is asked of the matrix's contact.
#[derive(Clone, Copy)]
enum ContactNeed {
    Read,
    Keep,
    Answer,
}

const NOTE: Command = Command::AddNote {
    text: String::new(),
};

/// Every API route and what it needs. Paths use `{number}`, `{no}`, `{person}` and `{other}`.
const ROUTES: &[(&str, &str, Needs)] = &[
    ("GET", "/api/v1/me", Needs::Login),
    ("GET", "/api/v1/me/tokens", Needs::Login),
    ("POST", "/api/v1/me/tokens", Needs::Login),
    ("DELETE", "/api/v1/me/tokens/{id}", Needs::Login),
    ("GET", "/api/v1/agencies", Needs::Login),
    ("GET", "/api/v1/facilities", Needs::Login),
    (
        "GET",
        "/api/v1/admin/webhooks",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    (
        "POST",
        "/api/v1/admin/webhooks",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    // On a stale version: allowed callers are told so (409) and the endpoint stays.
    (
        "POST",
        "/api/v1/admin/webhooks/{id}/deactivate",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    (
        "GET",
        "/api/v1/admin/webhooks/deliveries",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    (
        "GET",
        "/api/v1/admin/backups",
        Needs::Permission(Permission::ManageOrganisation),
    ),
    ("GET", "/api/v1/reference/admin-units", Needs::Login),
    ("GET", "/api/v1/reference/ethnic-groups", Needs::Login),
    ("GET", "/api/v1/reference/countries", Needs::Login),
    ("GET", "/api/v1/reference/code-lists/{list}", Needs::Login),
    ("GET", "/api/v1/notifications", Needs::Login),
    ("POST", "/api/v1/notifications/{id}/read", Needs::OnNotice),
    ("POST", "/api/v1/notifications/read-all", Needs::Login),
    ("GET", "/api/v1/me/notification-settings", Needs::Login),
    ("PUT", "/api/v1/me/notification-settings", Needs::Login),
    ("POST", "/api/v1/me/second-factor", Needs::Login),
    ("POST", "/api/v1/me/second-factor/confirm", Needs::Login),
    ("POST", "/api/v1/me/password", Needs::Login),
    ("GET", "/api/v1/users", Needs::ListAccounts),
    ("POST", "/api/v1/users", Needs::CreateAccount),
    ("GET", "/api/v1/users/{id}", Needs::OnAccount),
    ("PATCH", "/api/v1/users/{id}", Needs::OnAccount),
    (
        "POST",
        "/api/v1/users/{id}/password-reset",
        Needs::OnAccount,
    ),
    ("DELETE", "/api/v1/users/{id}/sessions", Needs::OnAccount),
    (
        "DELETE",
        "/api/v1/users/{id}/second-factor",
        Needs::RemoveSecondFactor,
    ),
    (
        "GET",
        "/api/v1/cases",
        Needs::Permission(Permission::ReadCase),
    ),
    (
        "POST",
        "/api/v1/cases",
        Needs::Permission(Permission::OpenCase),
    ),
    (
        "POST",
        "/api/v1/cases/search",
        Needs::Permission(Permission::ReadCase),
    ),
    (
        "POST",
        "/api/v1/persons/duplicates",
        Needs::Permission(Permission::OpenCase),
    ),
    (
        "GET",
        "/api/v1/access-log",
        Needs::Permission(Permission::Audit),
    ),
    (
        "GET",
        "/api/v1/statistics/catalogue",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/api/v1/statistics/report",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/api/v1/statistics/report.xlsx",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/api/v1/statistics/report.csv",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/api/v1/statistics/report.pdf",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/api/v1/statistics/microdata",
        Needs::NationalStatistics,
    ),
    (
        "GET",
        "/api/v1/statistics/microdata.csv",
        Needs::NationalStatistics,
    ),
    (
        "GET",
        "/api/v1/statistics/submissions",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/api/v1/statistics/submission",
        Needs::Permission(Permission::ReadStatistics),
    ),
    // Each agency drafts its own unit's report (the first holder creates
    // it; the next, not naming the version, is told it is stale).
    (
        "POST",
        "/api/v1/statistics/submission/{action}",
        Needs::Permission(Permission::ReadStatistics),
    ),
    (
        "GET",
        "/api/v1/cases/{number}",
        Needs::OnCase(Action::ReadCase),
    ),
    (
        "GET",
        "/api/v1/cases/{number}/history",
        Needs::OnCase(Action::ReadHistory),
    ),
    (
        "GET",
        "/api/v1/cases/{number}/attachments",
        Needs::OnCase(Action::ReadAttachment),
    ),
    (
        "GET",
        "/api/v1/cases/{number}/attachments/{attachment_no}",
        Needs::DocumentContent,
    ),
    (
        "POST",
        "/api/v1/cases/{number}/commands",
        Needs::OnFreshCase(Action::Record(&NOTE)),
    ),
    (
        "POST",
        "/api/v1/cases/{number}/attachments",
        Needs::OnFreshCase(Action::Attach),
    ),
    (
        "POST",
        "/api/v1/cases/{number}/emergency-access",
        Needs::BreakTheGlass,
    ),
    (
        "GET",
        "/api/v1/persons/{id}",
        Needs::OnPerson(Action::ReadPerson),
    ),
    (
        "POST",
        "/api/v1/persons/{id}/merge",
        Needs::OnPerson(Action::MergePersons),
    ),
    ("PUT", "/api/v1/cases/{number}/person", Needs::CorrectPerson),
    (
        "GET",
        "/api/v1/person-links",
        Needs::Permission(Permission::ReadCase),
    ),
    (
        "POST",
        "/api/v1/cases/{number}/person-links",
        Needs::OnFreshCase(Action::RequestPersonLink),
    ),
    (
        "POST",
        "/api/v1/person-links/{id}/answer",
        Needs::OnCase(Action::AnswerPersonLink),
    ),
    (
        "GET",
        "/api/v1/plans",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "POST",
        "/api/v1/plans",
        Needs::Programme(ProgrammeAction::CreatePlan),
    ),
    (
        "GET",
        "/api/v1/plans/{id}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("PUT", "/api/v1/plans/{id}", Needs::OnPlan),
    ("POST", "/api/v1/plans/{id}/copies", Needs::CopyPlan),
    (
        "GET",
        "/api/v1/plans/{id}/history",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "GET",
        "/api/v1/plans/{id}/review",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "GET",
        "/api/v1/plans/{id}/review.xlsx",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("POST", "/api/v1/plans/{id}/targets", Needs::OnPlan),
    (
        "PUT",
        "/api/v1/plans/{id}/targets/{target_id}",
        Needs::OnPlan,
    ),
    ("POST", "/api/v1/plans/{id}/tasks", Needs::OnPlan),
    (
        "GET",
        "/api/v1/plans/{id}/documents",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("POST", "/api/v1/plans/{id}/documents", Needs::OnPlan),
    (
        "GET",
        "/api/v1/plans/{id}/documents/{document_id}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "POST",
        "/api/v1/plans/{id}/documents/{document_id}/withdraw",
        Needs::OnPlan,
    ),
    ("PUT", "/api/v1/plans/{id}/tasks/{task_id}", Needs::OnTask),
    (
        "GET",
        "/api/v1/plans/{id}/budget",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("POST", "/api/v1/plans/{id}/budget/lines", Needs::OnBudget),
    (
        "PUT",
        "/api/v1/plans/{id}/budget/lines/{line_id}",
        Needs::OnBudget,
    ),
    (
        "POST",
        "/api/v1/plans/{id}/budget/lines/{line_id}/entries",
        Needs::OnBudget,
    ),
    (
        "PUT",
        "/api/v1/plans/{id}/budget/entries/{entry_id}",
        Needs::OnBudget,
    ),
    (
        "GET",
        "/api/v1/agency-reports/own",
        Needs::Programme(ProgrammeAction::FileAgencyReport { authority: true }),
    ),
    (
        "POST",
        "/api/v1/agency-reports/own/{action}",
        Needs::Programme(ProgrammeAction::FileAgencyReport { authority: true }),
    ),
    (
        "GET",
        "/api/v1/agency-reports",
        Needs::Programme(ProgrammeAction::ReviewAgencyReport {
            filer: AgencyId(0),
            in_own_area: true,
            by_authority: true,
        }),
    ),
    ("GET", "/api/v1/agency-reports/{id}", Needs::OnAgencyReport),
    (
        "POST",
        "/api/v1/agency-reports/{id}/{action}",
        Needs::OnAgencyReport,
    ),
    (
        "GET",
        "/api/v1/working-groups",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "POST",
        "/api/v1/working-groups",
        Needs::Programme(ProgrammeAction::CreateWorkingGroup),
    ),
    (
        "GET",
        "/api/v1/working-groups/{id}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("PUT", "/api/v1/working-groups/{id}", Needs::OnGroup),
    (
        "GET",
        "/api/v1/activities/{id}/actions",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("PUT", "/api/v1/actions/{id}", Needs::OnAction),
    (
        "GET",
        "/api/v1/companies",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "POST",
        "/api/v1/companies",
        Needs::Programme(ProgrammeAction::KeepCompanyRegister),
    ),
    (
        "GET",
        "/api/v1/companies/{id}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "PUT",
        "/api/v1/companies/{id}",
        Needs::Programme(ProgrammeAction::KeepCompanyRegister),
    ),
    (
        "GET",
        "/api/v1/activities",
        Needs::Programme(ProgrammeAction::Read),
    ),
    (
        "POST",
        "/api/v1/activities",
        Needs::Programme(ProgrammeAction::RecordActivity {
            kind: haven_domain::programme::ActivityKind::Communication,
            task: None,
        }),
    ),
    (
        "GET",
        "/api/v1/activities/{id}",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("PUT", "/api/v1/activities/{id}", Needs::OnActivity),
    (
        "GET",
        "/api/v1/activities/{id}/history",
        Needs::Programme(ProgrammeAction::Read),
    ),
    ("GET", "/api/v1/contacts", Needs::ListContacts),
    (
        "POST",
        "/api/v1/contacts",
        Needs::Permission(Permission::RecordContacts),
    ),
    (
        "GET",
        "/api/v1/contacts/{number}",
        Needs::OnContact(ContactNeed::Read),
    ),
    (
        "PUT",
        "/api/v1/contacts/{number}",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "GET",
        "/api/v1/contacts/{number}/history",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "POST",
        "/api/v1/contacts/{number}/dispatches",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "POST",
        "/api/v1/contacts/{number}/dispatches/{dispatch_id}/answer",
        Needs::OnContact(ContactNeed::Answer),
    ),
    (
        "POST",
        "/api/v1/contacts/{number}/case",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "POST",
        "/api/v1/contacts/{number}/call-back-made",
        Needs::OnContact(ContactNeed::Keep),
    ),
    (
        "GET",
        "/api/v1/dispatches/waiting",
        Needs::Permission(Permission::AnswerDispatches),
    ),
    ("GET", "/api/v1/directory", Needs::Login),
    ("POST", "/api/v1/directory", Needs::OnDirectoryEntry),
    ("GET", "/api/v1/directory/{id}", Needs::Login),
    ("PUT", "/api/v1/directory/{id}", Needs::OnDirectoryEntry),
];

fn directory_entry_json(serial: usize) -> Value {
    json!({"name": "Cơ quan LEAD", "kind": "state_agency", "unit_id": "2025/01/00070", "services": ["legal_information"], "areas_served": ["2025/01/00070"], "note": format!("Ghi chú {serial}")})
}

/// The lead agency's entry in the directory: its id.
async fn directory_fixture(store: &Store) -> i64 {
    let lead = store.agency_by_code("LEAD").await.unwrap().unwrap().id;
    let admin = store
        .user_by_username("agency_admin_lead")
        .await
        .unwrap()
        .unwrap();
    let draft = serde_json::from_value(directory_entry_json(0)).unwrap();
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

/// A directory route's path and body, with the entry's version as it is now.
async fn directory_request(
    store: &Store,
    entry: i64,
    method: &str,
    template: &str,
    serial: usize,
) -> Option<(String, Option<Value>)> {
    if !template.starts_with("/api/v1/directory") {
        return None;
    }
    let lead = store.agency_by_code("LEAD").await.unwrap().unwrap().id;
    let path = template.replace("{id}", &entry.to_string());
    let version = store
        .directory()
        .entry(entry)
        .await
        .unwrap()
        .unwrap()
        .version;
    let body = match method {
        "POST" => Some(
            json!({"provider": {"kind": "agency", "id": lead}, "entry": directory_entry_json(serial)}),
        ),
        "PUT" => Some(json!({"version": version, "entry": directory_entry_json(serial)})),
        _ => None,
    };
    Some((path, body))
}

/// The caller's number on the matrix's contact: whole for its hotline only.
const CALLER_NUMBER: &str = "0912345678";

/// The contact the lead agency's hotline operator took, dispatched to the
/// province: its number, its dispatch, its keeper and the province.
struct ContactFixture {
    number: String,
    dispatch: i64,
    keeper: AgencyId,
    province: AgencyId,
}

fn contact_json(serial: usize) -> Value {
    json!({
        "channel": "phone_call",
        "started_at": (chrono::Utc::now() - chrono::Duration::minutes(30)).to_rfc3339(),
        "caller": {"relation": "parent", "consents_to_keep_number": true, "phone": CALLER_NUMBER},
        "concerned": {"sex": "female", "age_years": 15, "place_unit_id": "2025/01/00070"},
        "categories": ["missing_abroad"],
        "urgency": "urgent",
        "summary": format!("Mẹ báo con gái mất liên lạc ({serial})"),
        "outcome": "ongoing"
    })
}

async fn contact_fixture(store: &Store) -> ContactFixture {
    let keeper = store.agency_by_code("LEAD").await.unwrap().unwrap().id;
    let province = store.agency_by_code("PROVINCE").await.unwrap().unwrap().id;
    let operator = store
        .user_by_username("hotline_operator_lead")
        .await
        .unwrap()
        .unwrap();
    let draft: haven_domain::hotline::ContactDraft =
        serde_json::from_value(contact_json(0)).unwrap();
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
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    ContactFixture {
        number: record.number,
        dispatch: record.dispatches[0].id.get(),
        keeper: AgencyId(keeper),
        province: AgencyId(province),
    }
}

/// A contact route's path and body, with the contact's version as it is now.
async fn contact_request(
    store: &Store,
    fixture: &ContactFixture,
    shared_case: &str,
    method: &str,
    template: &str,
    serial: usize,
) -> Option<(String, Option<Value>)> {
    if !template.starts_with("/api/v1/contacts") {
        return None;
    }
    let path = template
        .replace("{number}", &fixture.number)
        .replace("{dispatch_id}", &fixture.dispatch.to_string());
    let version = store
        .hotline()
        .by_number(&fixture.number)
        .await
        .unwrap()
        .unwrap()
        .version;
    let body = match (method, template) {
        ("POST", "/api/v1/contacts") => Some(json!({"contact": contact_json(serial)})),
        ("PUT", "/api/v1/contacts/{number}") => {
            Some(json!({"version": version, "contact": contact_json(serial)}))
        }
        ("POST", "/api/v1/contacts/{number}/dispatches") => {
            Some(json!({"version": version, "agency_id": fixture.province}))
        }
        ("POST", "/api/v1/contacts/{number}/dispatches/{dispatch_id}/answer") => {
            Some(json!({"answer": format!("Đã xác minh ({serial})")}))
        }
        ("POST", "/api/v1/contacts/{number}/case") => {
            Some(json!({"version": version, "case_number": shared_case}))
        }
        ("POST", "/api/v1/contacts/{number}/call-back-made") => Some(json!({"version": version})),
        _ => None,
    };
    Some((path, body))
}

/// The lead agency's plan, its target, the province's task and a budget
/// estimate with an allocation in it, and an activity the lead agency
/// recorded.
struct ProgrammeFixture {
    plan: PlanId,
    target: i64,
    task: i64,
    activity: i64,
    budget_line: i64,
    budget_entry: i64,
    company: i64,
    group: i64,
    meeting: i64,
    action: i64,
    agency_report: i64,
    /// A document of the plan, and one to withdraw (once; then it is gone).
    document: i64,
    report_filer: AgencyId,
    lead: AgencyId,
    province: AgencyId,
}

fn plan_json(number: &str) -> Value {
    json!({"number": number, "issued_on": "2026-01-10", "title": "Kế hoạch phòng, chống mua bán người", "first_year": 2026, "last_year": 2030})
}

fn target_json() -> Value {
    json!({"definition": "Số buổi truyền thông", "unit": "count", "direction": "at_least", "whole_period": 60, "source": {"kind": "activities", "measure": "communication_sessions"}})
}

fn task_json(fixture: &ProgrammeFixture, status: &str) -> Value {
    json!({"title": "Truyền thông tại cộng đồng", "lead_agency_id": fixture.province, "cooperating_agency_ids": [], "starts_on": "2026-01-01", "ends_on": "2026-12-31", "status": status})
}

fn budget_line_json(estimate: usize) -> Value {
    json!({"year": 2026, "kind": "training", "funding_source": "state_budget_local", "estimate_vnd": 100_000_000 + estimate})
}

fn allocation_json(amount: usize) -> Value {
    json!({"kind": "allocation", "on": "2026-02-01", "amount_vnd": 1_000_000 + amount, "document": "QĐ 1"})
}

fn group_json(serial: usize) -> Value {
    json!({"name": format!("Tổ công tác {serial}"), "decision_number": format!("{serial}/QĐ"), "decision_date": "2026-01-05"})
}

fn company_json(serial: usize) -> Value {
    json!({"name": format!("Công ty Giả Lập {serial}"), "licence_number": format!("{serial}/GP"), "licence_status": "active", "unit_id": "2025/01"})
}

fn activity_json() -> Value {
    json!({"title": "Nói chuyện chuyên đề", "held_on": "2026-03-01", "unit_id": "2025/01/00070", "details": {"kind": "communication", "channel": "meeting_talk", "reached": {"total": 40}}})
}

async fn programme_fixture(store: &Store, lead_worker: Actor) -> ProgrammeFixture {
    let lead = AgencyId(lead_worker.agency_id);
    let province = AgencyId(store.agency_by_code("PROVINCE").await.unwrap().unwrap().id);
    let author = Author {
        user_id: lead_worker.user_id,
        agency_id: lead,
    };
    let programme = store.programme();
    let plan = programme
        .create_plan(
            author,
            "01/00070",
            &serde_json::from_value(plan_json("1/KH-UBND")).unwrap(),
        )
        .await
        .unwrap();
    let target = programme
        .add_target(
            author,
            plan.id,
            &serde_json::from_value(target_json()).unwrap(),
        )
        .await
        .unwrap();
    let mut fixture = ProgrammeFixture {
        plan: plan.id,
        target: target.id.get(),
        task: 0,
        activity: 0,
        budget_line: 0,
        budget_entry: 0,
        company: 0,
        group: 0,
        meeting: 0,
        action: 0,
        agency_report: 0,
        document: 0,
        report_filer: AgencyId(0),
        lead,
        province,
    };
    fixture.task = programme
        .add_task(
            author,
            plan.id,
            &serde_json::from_value(task_json(&fixture, "not_started")).unwrap(),
        )
        .await
        .unwrap()
        .id
        .get();
    fixture.activity = programme
        .record_activity(
            author,
            &serde_json::from_value(activity_json()).unwrap(),
            today(),
        )
        .await
        .unwrap()
        .id
        .get();
    let line = programme
        .add_budget_line(
            author,
            plan.id,
            &serde_json::from_value(budget_line_json(0)).unwrap(),
        )
        .await
        .unwrap();
    fixture.budget_line = line.id.get();
    fixture.document = programme
        .attach_plan_document(
            author,
            plan.id,
            Upload {
                file_name: "ke-hoach.txt",
                description: None,
                content: b"Ke hoach 1/KH-UBND",
            },
        )
        .await
        .unwrap()
        .id;
    let (filer, report) = common::matrix::province_agency_report(store).await;
    fixture.report_filer = filer;
    fixture.agency_report = report;
    let mut group_with_province = group_json(0);
    group_with_province["members"] =
        json!([{"name": "Thành viên", "agency_id": province, "role": "member"}]);
    let group = programme
        .create_working_group(
            author,
            "01/00070",
            &serde_json::from_value(group_with_province).unwrap(),
            today(),
        )
        .await
        .unwrap();
    fixture.group = group.id.get();
    let meeting = programme
        .record_activity(
            author,
            &serde_json::from_value(json!({"title": "Họp tổ công tác", "held_on": "2026-03-01", "unit_id": "2025/01/00070", "details": {
                "kind": "meeting", "meeting_kind": "working_group", "chair": "Tổ trưởng", "working_group_id": group.id,
                "follow_ups": [{"action": "Rà soát", "owner_agency_id": province, "due_on": "2026-04-01"}]
            }}))
            .unwrap(),
            today(),
        )
        .await
        .unwrap();
    fixture.meeting = meeting.id.get();
    fixture.action = programme.actions_of_meeting(meeting.id).await.unwrap()[0]
        .id
        .get();
    fixture.company = programme
        .register_company(
            author,
            &serde_json::from_value(company_json(0)).unwrap(),
            today(),
        )
        .await
        .unwrap()
        .id
        .get();
    fixture.budget_entry = programme
        .record_budget_entry(
            author,
            line.id,
            &serde_json::from_value(allocation_json(0)).unwrap(),
            today(),
        )
        .await
        .unwrap()
        .id
        .get();
    fixture
}

/// A programme route's path and body, with the versions as they are now.
async fn programme_request(
    store: &Store,
    fixture: &ProgrammeFixture,
    method: &str,
    template: &str,
    serial: usize,
) -> Option<(String, Option<Value>)> {
    let programme = store.programme();
    let path = if template.starts_with("/api/v1/plans/") {
        template
            .replace("{id}", &fixture.plan.to_string())
            .replace("{target_id}", &fixture.target.to_string())
            .replace("{task_id}", &fixture.task.to_string())
            .replace("{line_id}", &fixture.budget_line.to_string())
            .replace("{entry_id}", &fixture.budget_entry.to_string())
            .replace("{document_id}", &fixture.document.to_string())
    } else if template.starts_with("/api/v1/agency-reports") {
        template
            .replace("/own/{action}", "/own/draft")
            .replace("{id}", &fixture.agency_report.to_string())
            .replace("{action}", "approve")
    } else if template == "/api/v1/activities/{id}/actions" {
        template.replace("{id}", &fixture.meeting.to_string())
    } else if template.starts_with("/api/v1/activities/") {
        template.replace("{id}", &fixture.activity.to_string())
    } else if template.starts_with("/api/v1/working-groups/") {
        template.replace("{id}", &fixture.group.to_string())
    } else if template.starts_with("/api/v1/actions/") {
        template.replace("{id}", &fixture.action.to_string())
    } else if template.starts_with("/api/v1/companies/") {
        template.replace("{id}", &fixture.company.to_string())
    } else if template.starts_with("/api/v1/plans")
        || template.starts_with("/api/v1/activities")
        || template.starts_with("/api/v1/companies")
        || template.starts_with("/api/v1/working-groups")
    {
        template.to_owned()
    } else {
        return None;
    };
    let body = match (method, template) {
        ("POST", "/api/v1/plans") | ("POST", "/api/v1/plans/{id}/copies") => {
            Some(plan_json(&format!("{serial}/KH")))
        }
        ("PUT", "/api/v1/plans/{id}") => {
            let version = programme.plan(fixture.plan).await.unwrap().unwrap().version;
            Some(json!({"version": version, "plan": plan_json(&format!("1/KH-UBND ({serial})"))}))
        }
        ("POST", "/api/v1/plans/{id}/targets") => Some(target_json()),
        ("PUT", "/api/v1/plans/{id}/targets/{target_id}") => {
            let version = programme
                .target(haven_domain::ids::TargetId(fixture.target))
                .await
                .unwrap()
                .unwrap()
                .version;
            let mut target = target_json();
            target["definition"] = json!(format!("Số buổi truyền thông {serial}"));
            Some(json!({"version": version, "target": target}))
        }
        ("POST", "/api/v1/plans/{id}/tasks") => Some(task_json(fixture, "not_started")),
        ("PUT", "/api/v1/plans/{id}/tasks/{task_id}") => {
            let task = programme
                .task(haven_domain::ids::TaskId(fixture.task))
                .await
                .unwrap()
                .unwrap();
            // The other status each time: the same one again changes nothing.
            let status = if task.task.status == haven_domain::programme::TaskStatus::InProgress {
                "not_started"
            } else {
                "in_progress"
            };
            Some(json!({"version": task.version, "task": task_json(fixture, status)}))
        }
        ("POST", "/api/v1/plans/{id}/budget/lines") => Some(budget_line_json(serial)),
        ("PUT", "/api/v1/plans/{id}/budget/lines/{line_id}") => {
            let version = programme
                .budget_line(haven_domain::ids::BudgetLineId(fixture.budget_line))
                .await
                .unwrap()
                .unwrap()
                .version;
            Some(json!({"version": version, "line": budget_line_json(serial + 1)}))
        }
        ("POST", "/api/v1/plans/{id}/budget/lines/{line_id}/entries") => {
            Some(allocation_json(serial))
        }
        ("PUT", "/api/v1/plans/{id}/budget/entries/{entry_id}") => {
            let version = programme
                .budget_entry(haven_domain::ids::BudgetEntryId(fixture.budget_entry))
                .await
                .unwrap()
                .unwrap()
                .version;
            Some(json!({"version": version, "entry": allocation_json(serial + 1)}))
        }
        ("POST", "/api/v1/agency-reports/own/{action}") => {
            Some(json!({"period": "2026", "narrative": {"results": format!("Kết quả {serial}")}}))
        }
        ("POST", "/api/v1/agency-reports/{id}/{action}") => {
            let version = store
                .agency_reports()
                .by_id(fixture.agency_report)
                .await
                .unwrap()
                .unwrap()
                .version;
            Some(json!({"version": version}))
        }
        ("POST", "/api/v1/working-groups") => Some(group_json(serial)),
        ("PUT", "/api/v1/working-groups/{id}") => {
            let version = programme
                .working_group(haven_domain::ids::WorkingGroupId(fixture.group))
                .await
                .unwrap()
                .unwrap()
                .version;
            Some(json!({"version": version, "group": group_json(serial + 1)}))
        }
        ("PUT", "/api/v1/actions/{id}") => {
            let action = programme
                .action(haven_domain::ids::ActionId(fixture.action))
                .await
                .unwrap()
                .unwrap();
            // The other status each time: the same one again changes nothing.
            let status = if action.action.status == haven_domain::programme::TaskStatus::InProgress
            {
                "not_started"
            } else {
                "in_progress"
            };
            Some(json!({"version": action.version, "status": status}))
        }
        ("POST", "/api/v1/companies") => Some(company_json(serial + 1_000)),
        ("PUT", "/api/v1/companies/{id}") => {
            let version = programme
                .company(haven_domain::ids::CompanyId(fixture.company))
                .await
                .unwrap()
                .unwrap()
                .version;
            let mut company = company_json(0);
            company["note"] = json!(format!("Ghi chú {serial}"));
            Some(json!({"version": version, "company": company}))
        }
        ("POST", "/api/v1/activities") => Some(activity_json()),
        ("PUT", "/api/v1/activities/{id}") => {
            let version = programme
                .activity(haven_domain::ids::ActivityId(fixture.activity))
                .await
                .unwrap()
                .unwrap()
                .version;
            let mut activity = activity_json();
            activity["title"] = json!(format!("Nói chuyện chuyên đề {serial}"));
            Some(json!({"version": version, "activity": activity}))
        }
        _ => None,
    };
    Some((path, body))
}

/// What identifies the shared case's person, or may: no response to a caller
/// who may not see her whole may carry any of it.
const SECRET_NAME: &str = "Giả Lập Thị Ma Trận";
const SECRET_FILE: &str = "bien-ban-ma-tran.txt";
const SECRET_DESCRIPTION: &str = "Ảnh giấy tờ của chị Ma Trận";
const UPLOADED_FILE: &str = "giay-to-rieng.txt";

struct Fixture {
    lead_worker: Actor,
    shared_case: String,
    /// A link request from another agency that the lead agency answers.
    link_request_id: i64,
}

async fn fixture(store: &Store) -> Fixture {
    common::matrix::seed_every_role(store).await;
    let lead_worker = add_user(store, "lead_worker", "LEAD", Role::SocialWorker).await;
    let case = store
        .open_case(
            lead_worker,
            &person(SECRET_NAME, 1995),
            &reception("self_report", day(2025, 8, 1)),
            today(),
        )
        .await
        .unwrap();
    store
        .attach(
            lead_worker,
            &case.case_number,
            1,
            Upload {
                file_name: SECRET_FILE,
                description: Some(SECRET_DESCRIPTION),
                content: b"bien ban",
            },
            today(),
        )
        .await
        .unwrap();
    let elsewhere = add_user(store, "asker", "ELSEWHERE", Role::SocialWorker).await;
    let asking = store
        .open_case_asking_link(
            elsewhere,
            &person("Gia Lap Thi Ma Tran", 1995),
            &reception("rescue", day(2025, 9, 1)),
            today(),
            &LinkAsk {
                known_person_id: case.person_id,
                reason: "có thể là cùng người".into(),
            },
        )
        .await
        .unwrap();
    let link_request_id = store
        .person_links_of_case(asking.id)
        .await
        .unwrap()
        .first()
        .unwrap()
        .id;
    Fixture {
        lead_worker,
        shared_case: case.case_number,
        link_request_id,
    }
}

async fn fresh_case(store: &Store, fixture: &Fixture, name: &str) -> (String, i64) {
    let case = store
        .open_case(
            fixture.lead_worker,
            &person(name, 1990),
            &reception("self_report", day(2025, 8, 2)),
            today(),
        )
        .await
        .unwrap();
    (case.case_number, case.person_id)
}

async fn login(server: &TestServer, username: &str) -> (reqwest::Client, String) {
    login_with(server, username, PASSWORD).await
}

async fn login_with(
    server: &TestServer,
    username: &str,
    password: &str,
) -> (reqwest::Client, String) {
    let http = common::client();
    let r = http
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{username} logs in");
    let csrf = common::csrf_of(&r);
    (http, csrf)
}

fn fill(template: &str, number: &str, person: i64, account: i64) -> String {
    let id = if template.starts_with("/api/v1/users/") {
        account
    } else {
        person
    };
    template
        .replace("{number}", number)
        .replace("{attachment_no}", "1")
        .replace("{id}", &id.to_string())
        .replace("{list}", "reception_channel")
        .replace("{action}", "draft")
}

fn body_for(
    method: &str,
    template: &str,
    version: i64,
    other_person: i64,
    serial: usize,
) -> Option<Value> {
    match (method, template) {
        ("PUT", "/api/v1/me/notification-settings") => Some(
            json!({"version": 0, "email": format!("matrix{serial}@example.vn"), "choices": {"referral_received": "each"}}),
        ),
        ("POST", "/api/v1/me/password") => {
            Some(json!({"current_password": PASSWORD, "new_password": "the matrix changed me"}))
        }
        ("POST", "/api/v1/users") => Some(
            json!({"username": format!("matrix.{serial}"), "display_name": "Cán bộ mới", "agency_code": "LEAD", "roles": ["shelter_staff"]}),
        ),
        ("PATCH", "/api/v1/users/{id}") => {
            Some(json!({"version": version, "display_name": format!("Cán bộ {serial}")}))
        }
        ("POST", "/api/v1/me/tokens") => Some(json!({"name": "matrix"})),
        ("POST", "/api/v1/admin/webhooks") => Some(
            json!({"url": format!("https://matrix.example.vn/in/{serial}"), "events": ["case_opened"]}),
        ),
        ("POST", "/api/v1/admin/webhooks/{id}/deactivate") => Some(json!({"version": 0})),
        ("POST", "/api/v1/statistics/submission/{action}") => {
            Some(json!({"difficulties": "Khó khăn"}))
        }
        ("POST", "/api/v1/cases") => Some(
            json!({"person": {"full_name": "Giả Lập Thị Mới", "sex": "female", "birth": null, "nationality": "VN"}, "reception": {"channel": "rescue", "received_on": "2025-09-01"}}),
        ),
        ("POST", "/api/v1/cases/search") => Some(json!({"q": "Ma Tran"})),
        ("POST", "/api/v1/persons/duplicates") => Some(
            json!({"person": {"full_name": "Giả Lập Thị Ma Trận", "sex": "female", "birth": null, "nationality": "VN"}}),
        ),
        ("POST", "/api/v1/cases/{number}/commands") => {
            Some(json!({"version": version, "command": {"command": "add_note", "text": "ghi chú"}}))
        }
        ("POST", "/api/v1/cases/{number}/emergency-access") => {
            Some(json!({"reason": "Nạn nhân đang gặp nguy hiểm, cần liên hệ ngay"}))
        }
        ("PUT", "/api/v1/cases/{number}/person") => Some(
            json!({"version": 1, "person": {"full_name": format!("Giả Lập Thị Đã Sửa {serial}"), "sex": "female", "birth": {"kind": "year", "year": 1990}, "nationality": "VN"}}),
        ),
        ("POST", "/api/v1/persons/{id}/merge") => Some(
            json!({"version": 1, "merge_person_id": other_person, "merge_person_version": 1, "reason": "trùng hồ sơ"}),
        ),
        ("POST", "/api/v1/cases/{number}/person-links") => Some(
            json!({"version": version, "person_id": other_person, "reason": "có thể là cùng người"}),
        ),
        // An empty comment is refused after the policy: the request stays for the next role.
        ("POST", "/api/v1/person-links/{id}/answer") => {
            Some(json!({"version": 1, "decision": "decline", "comment": ""}))
        }
        _ => None,
    }
}

/// Programme records are no secret: a refusal is 403, never 404.
fn programme_expectation(decision: Decision) -> Result<(), &'static [StatusCode]> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::Deny(_) => Err(&[StatusCode::FORBIDDEN]),
    }
}

async fn send(
    (http, csrf): &(reqwest::Client, String),
    server: &TestServer,
    method: &str,
    path: &str,
    body: Option<Value>,
    upload_version: Option<i64>,
) -> (StatusCode, Value) {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http
        .request(method, server.url(path))
        .header(haven_server::CSRF_HEADER, csrf);
    if let Some(version) = upload_version {
        // A case's document may name its person; a plan's names no one.
        let name = if path.starts_with("/api/v1/plans/") {
            "ke-hoach.txt"
        } else {
            UPLOADED_FILE
        };
        let form = reqwest::multipart::Form::new()
            .text("version", version.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"bien ban".to_vec()).file_name(name),
            );
        request = request.multipart(form);
    } else if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

haven_testkit::backend_tests! {
    async fn every_route_allows_exactly_what_the_policy_allows_for_every_role(store) {
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let table = PermissionTable::default();
        let shared = store.case_by_number(&fixture.shared_case).await.unwrap().unwrap();
        let programme = programme_fixture(&store, fixture.lead_worker).await;
        let lead_agency_id = store.agency_by_code("LEAD").await.unwrap().unwrap().id;
        let contact = contact_fixture(&store).await;
        let directory_entry = directory_fixture(&store).await;
        let province_reader = haven_store::notices::Reader { user_id: 0, agency: contact.province, acts_on: vec![haven_domain::notice::NoticeKind::ContactDispatched] };
        let dispatched_notice = store.notices().inbox(&province_reader, false, 1, 0).await.unwrap().notices.first().expect("the dispatch told the province").id;
        let webhook = store.webhooks().register(&haven_domain::webhook::NewEndpoint { url: "https://matrix.example.vn/in".into(), events: vec![haven_domain::webhook::WebhookEvent::CaseOpened] }, fixture.lead_worker.user_id, chrono::Utc::now()).await.unwrap().endpoint.id;
        let mut checked = 0;
        for (agency_index, (code, unit)) in AGENCIES.into_iter().enumerate() {
            for role in Role::ALL {
                let username = format!("{}_{}", role.code(), code.to_lowercase());
                let account = store.user_by_username(&username).await.unwrap().unwrap();
                let http = login(&server, &username).await;
                let who = Principal::new(account.id, account.agency_id, vec![role], &table, Some(unit.to_owned()));
                let scope_on = |case: &haven_domain::case::Case| {
                    scope_of(&who, &CaseFacts { case, held_in_unit: Some(AGENCIES[0].1.into()), emergency_grant: false })
                };
                let scope = scope_on(&shared.state);
                let mut token_id = 0;
                for (method, template, needs) in ROUTES {
                    let target = store.user_account(fixture.lead_worker.user_id).await.unwrap().unwrap();
                    let mut fresh_name = None;
                    let (number, person_id, version) = match needs {
                        Needs::OnAccount | Needs::RemoveSecondFactor => (fixture.shared_case.clone(), shared.person_id, target.version),
                        Needs::OnFreshCase(_) | Needs::BreakTheGlass | Needs::OnPerson(Action::MergePersons) | Needs::CorrectPerson => {
                            let name = format!("Giả Lập {agency_index} {} {checked}", role.code());
                            let (n, p) = fresh_case(&store, &fixture, &name).await;
                            fresh_name = Some(name);
                            (n, p, 1)
                        }
                        _ => (fixture.shared_case.clone(), shared.person_id, shared.version),
                    };
                    let other_person = if matches!(needs, Needs::OnPerson(Action::MergePersons) | Needs::OnFreshCase(Action::RequestPersonLink)) {
                        fresh_case(&store, &fixture, &format!("Giả Lập Khác {agency_index} {} {checked}", role.code())).await.1
                    } else { 0 };
                    let path = if *template == "/api/v1/me/tokens/{id}" {
                        format!("/api/v1/me/tokens/{token_id}")
                    } else if *template == "/api/v1/notifications/{id}/read" {
                        format!("/api/v1/notifications/{dispatched_notice}/read")
                    } else if *template == "/api/v1/admin/webhooks/{id}/deactivate" {
                        format!("/api/v1/admin/webhooks/{webhook}/deactivate")
                    } else if *template == "/api/v1/person-links/{id}/answer" {
                        format!("/api/v1/person-links/{}/answer", fixture.link_request_id)
                    } else {
                        fill(template, &number, person_id, target.id)
                    };
                    let upload = (*method == "POST" && (template.ends_with("/attachments") || template.ends_with("/documents"))).then_some(version);
                    let (path, request_body) = match programme_request(&store, &programme, method, template, checked).await {
                        Some((path, body)) => (path, body),
                        None => match contact_request(&store, &contact, &fixture.shared_case, method, template, checked).await {
                            Some((path, body)) => (path, body),
                            None => match directory_request(&store, directory_entry, method, template, checked).await {
                                Some((path, body)) => (path, body),
                                None => (path, body_for(method, template, version, other_person, checked)),
                            },
                        },
                    };
                    let (status, body) = send(&http, &server, method, &path, request_body, upload).await;
                    if *template == "/api/v1/me/tokens" && *method == "POST" {
                        token_id = body["id"].as_i64().unwrap_or(0);
                    }
                    let expected: Result<(), &[StatusCode]> = match needs {
                        Needs::Login => Ok(()),
                        Needs::OnNotice => if AgencyId(account.agency_id) == contact.province && who.can(Permission::AnswerDispatches) { Ok(()) } else { Err(&[StatusCode::NOT_FOUND]) },
                        Needs::Permission(p) => if who.can(*p) { Ok(()) } else { Err(&[StatusCode::FORBIDDEN]) },
                        Needs::NationalStatistics => match statistics_scope(&who, Some(unit), false) {
                            haven_access::StatisticsScope::National => Ok(()),
                            haven_access::StatisticsScope::Province(_) | haven_access::StatisticsScope::None => Err(&[StatusCode::FORBIDDEN]),
                        },
                        Needs::OnCase(action) | Needs::OnFreshCase(action) | Needs::OnPerson(action) => match decide(&who, *action, scope) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(haven_access::DenyReason::MissingPermission) => Err(&[StatusCode::FORBIDDEN]),
                            Decision::Deny(haven_access::DenyReason::NotInScope) => Err(&[StatusCode::NOT_FOUND]),
                        },
                        Needs::ListAccounts => if accounts_visible(&who) == AccountsVisible::None { Err(&[StatusCode::FORBIDDEN]) } else { Ok(()) },
                        Needs::CreateAccount => match decide_account(&who, &AccountFacts { agency_id: lead_agency_id, roles: &[], new_roles: &[Role::ShelterStaff] }, &table) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(_) => Err(&[StatusCode::FORBIDDEN]),
                        },
                        Needs::OnAccount => match decide_account(&who, &AccountFacts { agency_id: lead_agency_id, roles: &target.roles, new_roles: &[] }, &table) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(haven_access::DenyReason::MissingPermission) => Err(&[StatusCode::FORBIDDEN]),
                            Decision::Deny(haven_access::DenyReason::NotInScope) => Err(&[StatusCode::NOT_FOUND]),
                        },
                        Needs::RemoveSecondFactor => match decide_account(&who, &AccountFacts { agency_id: lead_agency_id, roles: &target.roles, new_roles: &[] }, &table) {
                            Decision::Allow if may_remove_second_factor(&who) => Ok(()),
                            Decision::Allow | Decision::Deny(haven_access::DenyReason::MissingPermission) => Err(&[StatusCode::FORBIDDEN]),
                            Decision::Deny(haven_access::DenyReason::NotInScope) => Err(&[StatusCode::NOT_FOUND]),
                        },
                        Needs::DocumentContent => match decide(&who, Action::ReadAttachment, scope) {
                            Decision::Allow if identity_view(&who, &CaseFacts { case: &shared.state, held_in_unit: Some(AGENCIES[0].1.into()), emergency_grant: false }, scope).reads_documents() => Ok(()),
                            Decision::Allow | Decision::Deny(haven_access::DenyReason::MissingPermission) => Err(&[StatusCode::FORBIDDEN]),
                            Decision::Deny(haven_access::DenyReason::NotInScope) => Err(&[StatusCode::NOT_FOUND]),
                        },
                        Needs::CorrectPerson => match decide(&who, Action::CorrectPerson, scope) {
                            Decision::Allow if identity_view(&who, &CaseFacts { case: &shared.state, held_in_unit: Some(AGENCIES[0].1.into()), emergency_grant: false }, scope).is_whole() => Ok(()),
                            Decision::Allow | Decision::Deny(haven_access::DenyReason::MissingPermission) => Err(&[StatusCode::FORBIDDEN]),
                            Decision::Deny(haven_access::DenyReason::NotInScope) => Err(&[StatusCode::NOT_FOUND]),
                        },
                        Needs::Programme(action) => programme_expectation(decide_programme(&who, *action)),
                        Needs::OnPlan => programme_expectation(decide_programme(&who, ProgrammeAction::EditPlan { issuer: programme.lead })),
                        Needs::CopyPlan => match (decide_programme(&who, ProgrammeAction::Read), decide_programme(&who, ProgrammeAction::CreatePlan)) {
                            (Decision::Allow, Decision::Allow) => Ok(()),
                            (Decision::Allow | Decision::Deny(_), _) => Err(&[StatusCode::FORBIDDEN]),
                        },
                        Needs::OnTask => programme_expectation(decide_programme(&who, ProgrammeAction::UpdateTask { issuer: programme.lead, lead: programme.province })),
                        Needs::OnActivity => programme_expectation(decide_programme(&who, ProgrammeAction::EditActivity { kind: haven_domain::programme::ActivityKind::Communication, recorded_by: programme.lead })),
                        Needs::OnBudget => programme_expectation(decide_programme(&who, ProgrammeAction::RecordBudget { issuer: programme.lead })),
                        Needs::OnGroup => programme_expectation(decide_programme(&who, ProgrammeAction::EditWorkingGroup { host: programme.lead })),
                        Needs::OnAgencyReport => programme_expectation(decide_programme(&who, ProgrammeAction::ReviewAgencyReport { filer: programme.report_filer, in_own_area: unit == "2025/01", by_authority: true })),
                        Needs::OnAction => programme_expectation(decide_programme(&who, ProgrammeAction::UpdateAction { host: programme.lead, owner: programme.province })),
                        Needs::OnDirectoryEntry => match decide_directory(&who, DirectoryAction::Keep { keeper: Some(AgencyId(lead_agency_id)) }) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(_) => Err(&[StatusCode::FORBIDDEN]),
                        },
                        Needs::ListContacts => if who.can(Permission::RecordContacts) || who.can(Permission::AnswerDispatches) { Ok(()) } else { Err(&[StatusCode::FORBIDDEN]) },
                        Needs::OnContact(need) => {
                            let dispatched = [contact.province];
                            let parties = ContactParties { keeper: contact.keeper, dispatched_to: &dispatched };
                            let action = match need {
                                ContactNeed::Read => ContactAction::Read(parties),
                                ContactNeed::Keep => ContactAction::Keep(parties),
                                ContactNeed::Answer => ContactAction::Answer { parties, to: AgencyId(account.agency_id) },
                            };
                            match decide_contact(&who, action) {
                                Decision::Allow => Ok(()),
                                Decision::Deny(haven_access::DenyReason::MissingPermission) => Err(&[StatusCode::FORBIDDEN]),
                                Decision::Deny(haven_access::DenyReason::NotInScope) => Err(&[StatusCode::NOT_FOUND]),
                            }
                        }
                        Needs::BreakTheGlass => match decide(&who, Action::BreakTheGlass, scope) {
                            Decision::Allow => Ok(()),
                            Decision::Deny(haven_access::DenyReason::MissingPermission) => Err(&[StatusCode::FORBIDDEN]),
                            Decision::Deny(haven_access::DenyReason::NotInScope) => Err(&[StatusCode::CONFLICT]),
                        },
                    };
                    match expected {
                        Ok(()) => assert!(
                            !matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) && !status.is_server_error(),
                            "{role:?} at {code} ({scope:?}) must be allowed {method} {template}: {status} {body}"
                        ),
                        Err(statuses) => assert!(
                            statuses.contains(&status),
                            "{role:?} at {code} ({scope:?}) must be refused {method} {template} with {statuses:?}: got {status} {body}"
                        ),
                    }
                    // Every answer, on every route: nothing that identifies the
                    // person of a case the caller may not see whole. (Fresh cases
                    // are led by the same agency as the shared one: the same view.)
                    let identity = identity_view(&who, &CaseFacts { case: &shared.state, held_in_unit: Some(AGENCIES[0].1.into()), emergency_grant: false }, scope);
                    if status.is_success() && !identity.is_whole() {
                        let text = body.to_string();
                        let secrets = [Some(SECRET_NAME), Some(SECRET_FILE), Some(SECRET_DESCRIPTION), Some(UPLOADED_FILE), fresh_name.as_deref()];
                        for secret in secrets.into_iter().flatten() {
                            assert!(!text.contains(secret), "{role:?} at {code} ({identity:?}): {method} {template} answers with «{secret}»: {text}");
                        }
                    }
                    // The caller's number, whole, reaches its hotline's staff only
                    // (a hotline's own new contact is its own).
                    let own_contact = body["sight"] == "kept" && body["keeper"]["id"] == account.agency_id;
                    if status.is_success() && !own_contact && !(who.can(Permission::RecordContacts) && account.agency_id == contact.keeper.get()) {
                        assert!(!body.to_string().contains(CALLER_NUMBER), "{role:?} at {code}: {method} {template} answers with the caller's number: {body}");
                    }
                    if *method == "GET" && *template == "/api/v1/cases/{number}" && status == StatusCode::OK {
                        let masked = body["person"]["masked_fields"].as_array().map(Vec::len).unwrap_or(0);
                        let sees_identity = who.can(Permission::ViewIdentity) && scope == Scope::Lead;
                        assert_eq!(masked == 0, sees_identity, "{role:?} at {code}: masked fields {}", body["person"]["masked_fields"]);
                        if !sees_identity {
                            assert!(body["person"]["person"]["full_name"].is_null() && body["person"]["person"]["contact"].is_null());
                            assert!(!body.to_string().contains("Ma Trận"), "no name anywhere in a masked response");
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, ROUTES.len() * Role::ALL.len() * AGENCIES.len());

        // A route served but not in ROUTES fails here.
        // (Every role's password was changed through the matrix's own call.)
        let (admin, _) = login_with(&server, "social_worker_lead", "the matrix changed me").await;
        let doc: Value = admin.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        let mut served: Vec<(String, String)> = doc["paths"].as_object().unwrap().iter()
            .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
            .filter(|(_, path)| path != "/api/v1/session")
            .collect();
        served.sort();
        let mut listed: Vec<(String, String)> = ROUTES.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
        listed.sort();
        assert_eq!(served, listed, "every API route needs an entry in ROUTES");
        server.stop().await;
    }
}
