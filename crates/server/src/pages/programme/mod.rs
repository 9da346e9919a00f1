//! The programme's pages: the plans, one plan with its targets' progress
//! and its tasks (and the forms its issuer and its lead agencies use), its
//! budget, the register of labour-export companies, the working groups
//! with the actions decided at meetings, and the activities with their list and a form per kind.

mod activities;
mod activity_form;
mod activity_page;
mod budget_edit;
mod budget_page;
mod companies;
mod follow_up_form;
mod form_kit;
mod inspection_form;
mod plan_documents;
mod plan_forms;
mod plan_page;
mod plans;
mod review;
mod working_groups;

use crate::i18n::Lang;
use axum::routing::{get, post};
use axum::Router;
use haven_domain::programme::{
    ActivityKind, ActivityMeasure, AreaFlag, Direction, MeetingKind, TargetUnit, TaskStanding,
    TaskStatus, TrainingLevel,
};

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/plans", get(plans::list).post(plan_forms::create))
        .route("/plans/new", get(plan_forms::new_plan))
        .route(
            "/plans/{id}",
            get(plan_page::page).post(plan_forms::change_plan),
        )
        .route("/plans/{id}/copies", post(plan_forms::copy))
        .route("/plans/{id}/review", get(review::page))
        .route("/plans/{id}/budget", get(budget_page::page))
        .route("/plans/{id}/budget/lines", post(budget_page::add_line))
        .route(
            "/plans/{id}/budget/lines/{line_id}/edit",
            get(budget_edit::line_page).post(budget_edit::change_line),
        )
        .route(
            "/plans/{id}/budget/entries/{entry_id}/edit",
            get(budget_edit::entry_page).post(budget_edit::change_entry),
        )
        .route(
            "/plans/{id}/budget/lines/{line_id}/entries",
            post(budget_page::record_entry),
        )
        .route("/plans/{id}/targets", post(plan_forms::add_target))
        .route("/plans/{id}/edit", get(plan_forms::edit_plan_page))
        .route(
            "/plans/{id}/targets/{target_id}",
            post(plan_forms::change_target),
        )
        .route(
            "/plans/{id}/targets/{target_id}/edit",
            get(plan_forms::edit_target_page),
        )
        .route(
            "/plans/{id}/targets/{target_id}/actual",
            post(plan_forms::record_actual),
        )
        .route(
            "/plans/{id}/documents",
            post(plan_documents::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/plans/{id}/documents/{document_id}/withdraw",
            post(plan_documents::withdraw),
        )
        .route("/plans/{id}/tasks", post(plan_forms::add_task))
        .route("/plans/{id}/tasks/{task_id}", post(plan_forms::update_task))
        .route(
            "/plans/{id}/tasks/{task_id}/edit",
            get(plan_forms::edit_task_page).post(plan_forms::edit_task),
        )
        .route(
            "/working-groups",
            get(working_groups::list).post(working_groups::create),
        )
        .route(
            "/working-groups/{id}",
            get(working_groups::page).post(working_groups::change),
        )
        .route("/actions/{id}", post(working_groups::update_action))
        .route("/companies", get(companies::list).post(companies::register))
        .route(
            "/companies/{id}",
            get(companies::page).post(companies::change),
        )
        .route(
            "/activities",
            get(activities::list).post(activity_form::record),
        )
        .route("/activities/new", get(activity_form::new_activity))
        .route(
            "/activities/{id}",
            get(activity_page::page).post(activity_form::correct),
        )
        .route("/activities/{id}/edit", get(activity_form::edit))
}

pub fn task_status(lang: Lang, status: TaskStatus) -> String {
    lang.t(&format!("task-status-{}", status.code().replace('_', "-")))
}

pub fn task_standing(lang: Lang, standing: TaskStanding) -> String {
    lang.t(&format!(
        "task-standing-{}",
        standing.code().replace('_', "-")
    ))
}

pub fn activity_kind(lang: Lang, kind: ActivityKind) -> String {
    lang.t(&format!("activity-kind-{}", kind.code()))
}

pub fn measure(lang: Lang, measure: ActivityMeasure) -> String {
    lang.t(&format!("measure-{}", measure.code().replace('_', "-")))
}

pub fn area_flag(lang: Lang, flag: AreaFlag) -> String {
    lang.t(&format!("area-flag-{}", flag.code().replace('_', "-")))
}

pub fn training_level(lang: Lang, level: TrainingLevel) -> String {
    lang.t(&format!("training-level-{}", level.code()))
}

pub fn meeting_kind(lang: Lang, kind: MeetingKind) -> String {
    lang.t(&format!("meeting-kind-{}", kind.code().replace('_', "-")))
}

pub fn unit(lang: Lang, unit: TargetUnit) -> String {
    lang.t(match unit {
        TargetUnit::Percent => "target-unit-percent",
        TargetUnit::Count => "target-unit-count",
        TargetUnit::Vnd => "target-unit-vnd",
    })
}

pub fn direction(lang: Lang, direction: Direction) -> String {
    lang.t(match direction {
        Direction::AtLeast => "target-direction-at-least",
        Direction::AtMost => "target-direction-at-most",
    })
}

/// A value in its unit: `85%`, `1.200`, `1.250.000 ₫`.
pub fn value_in(lang: Lang, unit: TargetUnit, value: f64) -> String {
    match unit {
        TargetUnit::Percent => lang.percent(value),
        TargetUnit::Count => {
            if value.fract() == 0.0 && value >= 0.0 {
                lang.grouped(value as u64)
            } else {
                format!("{value}")
            }
        }
        TargetUnit::Vnd => lang.vnd(value as i64),
    }
}

/// When something was recorded, in Vietnam's time: `30/11/2026 14:05`.
pub fn when(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    let local = chrono::FixedOffset::east_opt(7 * 3600)
        .map(|vietnam| at.with_timezone(&vietnam).naive_local())
        .unwrap_or_else(|| at.naive_utc());
    format!("{} {}", lang.date(local.date()), local.format("%H:%M"))
}

/// A plan's years as people write them: "2026–2030", "năm 2026".
pub fn years(lang: Lang, first: i32, last: i32, orientation: Option<i32>) -> String {
    let span = if first == last {
        lang.t_with("plan-one-year", &[("year", first.into())])
    } else {
        format!("{first}–{last}")
    };
    match orientation {
        Some(year) => format!(
            "{span} ({})",
            lang.t_with("plan-orientation", &[("year", year.into())])
        ),
        None => span,
    }
}

/// An area's name: the country, a province, a commune.
pub async fn area_name(state: &crate::AppState, lang: Lang, area: &str) -> String {
    if area == "VN" {
        return lang.t("statistics-national");
    }
    let id = format!("2025/{area}");
    super::labels::unit_names(state, std::slice::from_ref(&id))
        .await
        .remove(&id)
        .unwrap_or_else(|| area.to_owned())
}

/// A whole number as people type it: `1.250.000` (dots group thousands, as
/// in Vietnamese), `1 250 000`, `50`, `50,0`. A fraction (`5,5`, `5.5`) is
/// refused rather than read as 55: the figures are counted whole.
pub fn whole_number(raw: &str) -> Result<Option<i64>, ()> {
    let text: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if text.is_empty() {
        return Ok(None);
    }
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.as_str()),
    };
    let mut groups = digits.split('.');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let grouped = !rest.is_empty()
        && (1..=3).contains(&first.len())
        && rest.iter().all(|g| g.len() == 3)
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    let number = if grouped {
        digits.replace('.', "").parse::<i64>().map_err(|_| ())?
    } else {
        let value: f64 = digits.replace(',', ".").parse().map_err(|_| ())?;
        if !value.is_finite() || value.fract() != 0.0 || value.abs() > 9.0e15 {
            return Err(());
        }
        value as i64
    };
    Ok(Some(sign * number))
}

/// The fault of a number that is not whole, named by its field.
pub fn not_whole(field: &str) -> haven_domain::Violation {
    haven_domain::Violation::new(
        field,
        "whole_number",
        "Hãy nhập một số nguyên (không có phần thập phân), ví dụ 50 hoặc 1.250.000.",
        "Enter a whole number (no decimals), e.g. 50 or 1,250,000.",
    )
}

#[cfg(test)]
mod tests {
    use super::whole_number;

    #[test]
    fn numbers_are_read_whole_and_fractions_refused() {
        assert_eq!(whole_number("50"), Ok(Some(50)));
        assert_eq!(whole_number("50,0"), Ok(Some(50)));
        assert_eq!(whole_number("50.0"), Ok(Some(50)));
        assert_eq!(whole_number("1.250.000"), Ok(Some(1_250_000)));
        assert_eq!(whole_number("1 250 000"), Ok(Some(1_250_000)));
        assert_eq!(whole_number(" "), Ok(None));
        assert_eq!(whole_number("-3"), Ok(Some(-3)));
        assert_eq!(whole_number("5,5"), Err(()));
        assert_eq!(whole_number("5.5"), Err(()));
        assert_eq!(whole_number("abc"), Err(()));
        assert_eq!(whole_number("99999999999999999999"), Err(()));
    }
}
