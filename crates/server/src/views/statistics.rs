//! Statistics as the API and the pages show them: a report of the
//! catalogue's indicators for a period and an area the caller may read
//! (see `haven_access::statistics`), computed from the records now.
//! Aggregates only; every request is in the access log.

use crate::case_access::{principal, today, write_log};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::AppState;
use haven_access::{statistics_scope, StatisticsScope};
use haven_report::dimension::Dimension;
use haven_report::{Area, Geography, Period, Report, Request};
use haven_store::access::AccessEntry;
use haven_store::UserAccount;
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ReportQuery {
    /// `2026-Q1`, `2026-H1`, `2026`, `2021-2025`, `2026-01-01..2026-03-31`; this year by default.
    pub period: Option<String>,
    /// `VN` for the country or a province's GSO code (`01`); the caller's own by default.
    pub area: Option<String>,
    /// `today` (34 provinces, default) or `legacy` (the 63 provinces of records made before July 2025).
    #[param(value_type = Option<String>)]
    pub geography: Option<Geography>,
}

/// What the caller may read: the country, their province, or nothing.
pub fn scope_of(state: &AppState, user: &UserAccount) -> StatisticsScope {
    let national = state.settings.national_agencies.contains(&user.agency_code);
    statistics_scope(
        &principal(state, user),
        user.agency_unit_today.as_deref(),
        national,
    )
}

/// The area a request names, or the caller's own.
pub fn area_for(scope: &StatisticsScope, requested: Option<&str>) -> String {
    match (requested.map(str::trim).filter(|a| !a.is_empty()), scope) {
        (Some(area), _) => area.to_owned(),
        (None, StatisticsScope::Province(own)) => own.clone(),
        (None, _) => "VN".into(),
    }
}

pub async fn report(
    state: &AppState,
    user: &UserAccount,
    query: &ReportQuery,
) -> Result<Report, ApiError> {
    let scope = scope_of(state, user);
    let area = area_for(&scope, query.area.as_deref());
    let allowed = scope.allows(&area);
    write_log(
        state,
        AccessEntry {
            user_id: user.id,
            agency_id: user.agency_id,
            action: "read_statistics",
            case_number: None,
            allowed,
            detail: (!allowed).then_some(if scope == StatisticsScope::None {
                "missing_permission"
            } else {
                "not_in_scope"
            }),
            account_user_id: None,
        },
    )
    .await;
    if !allowed {
        return Err(ApiError::forbidden());
    }
    check_area(state, &area).await?;
    let period = parse_period(query.period.as_deref())?;
    let mut report = compute_report_in(
        state,
        period,
        Area::parse(&area),
        query.geography.unwrap_or_default(),
    )
    .await?;
    report.narrative =
        crate::views::submissions::narrative_shown(state, user, &report.area, &period).await?;
    Ok(report)
}

/// An area a report can be made of: the country, one of today's provinces
/// or one of their communes; a report of zeros for a code that names
/// nothing would look official.
async fn check_area(state: &AppState, area: &str) -> Result<(), ApiError> {
    if area == "VN" {
        return Ok(());
    }
    let known = area.len() <= 16
        && area.bytes().all(|b| b.is_ascii_digit() || b == b'/')
        && match area.split_once('/') {
            None => state
                .store
                .admin_unit(&format!("2025/{area}"))
                .await?
                .is_some_and(|u| u.level == "province"),
            Some(_) => state
                .store
                .admin_unit(&format!("2025/{area}"))
                .await?
                .is_some_and(|u| u.level == "commune"),
        };
    if known {
        return Ok(());
    }
    Err(ApiError::invalid(haven_domain::Violations(vec![
        haven_domain::Violation::new(
            "area",
            "known_area",
            "Không có địa bàn với mã này: dùng VN cho toàn quốc, mã tỉnh (01) hoặc mã xã (01/00070).",
            "No area has this code: VN for the country, a province's code (01) or a commune's (01/00070).",
        ),
    ])))
}

/// A period code as typed, or this year; a clear error otherwise.
pub fn parse_period(code: Option<&str>) -> Result<Period, ApiError> {
    match code.map(str::trim).filter(|p| !p.is_empty()) {
        Some(code) => Period::parse(code).map_err(|e| {
            ApiError::invalid(haven_domain::Violations(vec![
                haven_domain::Violation::new(
                    "period",
                    "period",
                    format!(
                        "Kỳ báo cáo không hợp lệ: {} (ví dụ 2026-Q1, 2026-H1, 2026, 2021-2025).",
                        e.0
                    ),
                    e.to_string(),
                ),
            ]))
        }),
        None => Ok(Period::Year {
            year: chrono::Datelike::year(&today()),
        }),
    }
}

/// The report of an area in today's units, computed from the records now.
/// The caller has checked that it may be read.
pub async fn compute_report(
    state: &AppState,
    period: Period,
    area: Area,
) -> Result<Report, ApiError> {
    compute_report_in(state, period, area, Geography::Today).await
}

/// Only the totals of `codes` (no breakdowns, no targets), for a dashboard
/// that shows a few figures over many periods. The caller has checked
/// that the area may be read.
pub async fn compute_totals(
    state: &AppState,
    period: Period,
    area: Area,
    catalogue: &haven_report::Catalogue,
) -> Result<Report, ApiError> {
    compute_with(state, period, area, Geography::Today, catalogue).await
}

async fn compute_report_in(
    state: &AppState,
    period: Period,
    area: Area,
    geography: Geography,
) -> Result<Report, ApiError> {
    let mut report =
        compute_with(state, period, area, geography, &state.settings.catalogue).await?;
    report.programme = programme_part(state, period, &report.area).await?;
    Ok(report)
}

/// The hotline's section: the contacts taken in the period about persons
/// in the area (the whole country's include those with no place).
async fn hotline_section(
    state: &AppState,
    period: Period,
    area_code: &str,
) -> Result<Option<haven_report::programme_report::ProgrammeSection>, ApiError> {
    use haven_report::hotline::{section, ContactFact};
    let vietnam = crate::case_access::vietnam();
    let moment = |day: chrono::NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .and_then(|d| d.and_local_timezone(vietnam).single())
            .map(|d| d.to_utc())
    };
    let (Some(from), Some(until)) = (
        moment(period.from()),
        period.to().succ_opt().and_then(moment),
    ) else {
        return Ok(None);
    };
    let prefix = haven_store::programme::unit_prefix_of_area(area_code);
    let contacts = state
        .store
        .hotline()
        .taken_between(from, until, &prefix)
        .await?;
    let facts: Vec<ContactFact<'_>> = contacts
        .iter()
        .map(|c| ContactFact {
            contact: &c.contact,
            became_case: c.case_number.is_some(),
            dispatched: !c.dispatches.is_empty(),
            answered_in_time: c
                .dispatches
                .iter()
                .any(|d| d.answered_at.is_some_and(|at| at <= d.due_at)),
        })
        .collect();
    let mut names = haven_report::programme_report::Names::new();
    let mut label = |list: &str, key: &str, code: &str| {
        let key = format!("{key}-{}", code.replace('_', "-"));
        names.insert(
            format!("{list}:{code}"),
            (Lang::Vi.t(&key), Lang::En.t(&key)),
        );
    };
    use haven_domain::hotline::{CallerRelation, ContactCategory, ContactChannel, Urgency};
    for c in ContactChannel::ALL {
        label("contact_channel", "contact-channel", c.code());
    }
    for c in ContactCategory::ALL {
        label("contact_category", "contact-category", c.code());
    }
    for c in Urgency::ALL {
        label("contact_urgency", "contact-urgency", c.code());
    }
    for c in CallerRelation::ALL {
        label("contact_relation", "contact-relation", c.code());
    }
    names.insert(
        "province:unknown".into(),
        (
            Lang::Vi.t("contact-place-unknown"),
            Lang::En.t("contact-place-unknown"),
        ),
    );
    for province in state.store.admin_units_under("2025", None).await? {
        names.insert(
            format!("province:{}", province.id),
            (province.name.clone(), province.name),
        );
    }
    Ok(section(&facts, &names))
}

/// The programme's part of a report: the targets of the area's plans for
/// the period, and the activities held in the area during it.
async fn programme_part(
    state: &AppState,
    period: Period,
    area: &Area,
) -> Result<haven_report::programme_report::ProgrammeReport, ApiError> {
    use haven_report::programme_report::{compute, Names, TargetLine};
    let area_code = area.code();
    let programme = state.store.programme();
    let activities: Vec<_> = programme
        .activities_held(&area_code, period.from(), period.to())
        .await?
        .into_iter()
        .map(|a| a.activity)
        .collect();
    let mut targets = Vec::new();
    for plan in programme.plans().await? {
        if plan.area_code != area_code {
            continue;
        }
        let records = programme.targets_of(plan.id).await?;
        for view in crate::views::programme::plans::progress_of(state, &plan, records).await? {
            // Targets are set per year and for the whole plan: a report
            // shows them for a year of the plan, or over exactly its years.
            let progress = match period {
                Period::Year { year } if plan.plan.years().contains(year) => view
                    .progress
                    .years
                    .iter()
                    .find(|p| p.year == Some(year))
                    .cloned(),
                Period::Years { first, last }
                    if first == plan.plan.first_year && last == plan.plan.last_year =>
                {
                    Some(view.progress.whole_period.clone())
                }
                Period::Year { .. }
                | Period::Years { .. }
                | Period::Quarter { .. }
                | Period::HalfYear { .. }
                | Period::Custom { .. } => None,
            };
            let Some(progress) = progress else { continue };
            targets.push(TargetLine {
                code: format!("plan_target:{}", view.id),
                plan_number: plan.plan.number.clone(),
                definition: view.target.definition.clone(),
                unit_vi: match view.target.unit {
                    haven_domain::programme::TargetUnit::Percent => "%",
                    haven_domain::programme::TargetUnit::Count => "số lượng",
                    haven_domain::programme::TargetUnit::Vnd => "đồng",
                }
                .to_owned(),
                goal: progress.target,
                actual: progress.actual,
                hidden: progress.hidden,
                reached: progress.reached,
            });
        }
    }
    let mut names = Names::new();
    for list in [
        "communication_kind",
        "audience_group",
        "agency_sector",
        "funding_source",
        "inspection_violation",
        "sanction_kind",
    ] {
        for item in state.store.code_list(list).await? {
            names.insert(
                format!("{list}:{}", item.code),
                (item.label_vi, item.label_en),
            );
        }
    }
    for level in haven_domain::programme::TrainingLevel::ALL {
        let key = format!("training-level-{}", level.code());
        names.insert(
            format!("training_level:{}", level.code()),
            (Lang::Vi.t(&key), Lang::En.t(&key)),
        );
    }
    for kind in haven_domain::programme::MeetingKind::ALL {
        let key = format!("meeting-kind-{}", kind.code().replace('_', "-"));
        names.insert(
            format!("meeting_kind:{}", kind.code()),
            (Lang::Vi.t(&key), Lang::En.t(&key)),
        );
    }
    for activity in &activities {
        if let haven_domain::programme::ActivityDetails::Training(t) = &activity.details {
            for agency in t.trainee_groups.iter().filter_map(|g| g.agency_id) {
                let key = format!("agency:{agency}");
                if names.contains_key(&key) {
                    continue;
                }
                if let Some(found) = state.store.agency(agency.get()).await? {
                    names.insert(key, (found.name.clone(), found.name));
                }
            }
        }
    }
    let mut report = compute(&activities, period, &targets, &names);
    report
        .sections
        .extend(hotline_section(state, period, &area_code).await?);
    let (lines, entries) = programme.budgets_of_area(&area_code).await?;
    let in_area: Vec<_> = haven_report::source::facts_in(&state.store, area, period)
        .await?
        .into_iter()
        .filter(|f| area.holds(f))
        .collect();
    let span = haven_report::programme_budget::BudgetSpan { period };
    let table =
        haven_report::programme_budget::budget_table(span, &lines, &entries, &in_area, &names);
    report
        .sections
        .extend(haven_report::programme_budget::budget_section(&table));
    report.sections.extend(
        crate::views::agency_reports::consolidated_section(state, area, &period.code()).await?,
    );
    Ok(report)
}

async fn compute_with(
    state: &AppState,
    period: Period,
    area: Area,
    geography: Geography,
    catalogue: &haven_report::Catalogue,
) -> Result<Report, ApiError> {
    let places = match &area {
        Area::National => state
            .store
            .admin_units_under("2025", None)
            .await?
            .into_iter()
            .map(|u| u.gso_code)
            .collect(),
        // Communes below a province appear as found (a province has a hundred).
        Area::Province(_) => Vec::new(),
        Area::Commune(c) => vec![c.clone()],
    };
    let facts = haven_report::source::facts_in(&state.store, &area, period).await?;
    let request = Request {
        catalogue,
        period,
        area,
        geography,
        as_of: today(),
        follow_up_months: state.store.rules().deadlines.follow_up_months.clone(),
        places,
    };
    Ok(haven_report::compute(&request, &facts))
}

/// Names of the categories a table may show, in the user's language.
pub struct CategoryNames {
    pub lang: Lang,
    pub provinces: HashMap<String, String>,
    /// The 63 provinces before July 2025, by their own codes.
    pub legacy_provinces: HashMap<String, String>,
    /// Code list → code → label.
    pub lists: HashMap<&'static str, HashMap<String, String>>,
    pub countries: HashMap<String, String>,
    pub ethnic_groups: HashMap<String, String>,
}

impl CategoryNames {
    fn code(&self, list: &str, key: &str) -> Option<String> {
        self.lists
            .get(list)
            .and_then(|labels| labels.get(key))
            .cloned()
    }

    /// Names for a report of `area`: provinces (today's and legacy), the
    /// area's communes, code lists, countries, ethnic groups.
    pub async fn load(
        state: &AppState,
        lang: Lang,
        area: &Area,
    ) -> Result<CategoryNames, ApiError> {
        let mut provinces: HashMap<String, String> = HashMap::new();
        if let Some(province) = area.province() {
            for unit in state
                .store
                .admin_units_under("2025", Some(&format!("2025/{province}")))
                .await?
            {
                provinces.insert(unit.id.trim_start_matches("2025/").to_owned(), unit.name);
            }
        }
        // Today's provinces by their code; the legacy ones apart, as their
        // codes are the same numbers naming other provinces ("15" is Lào Cai
        // today, Yên Bái before 2025).
        let mut legacy_provinces: HashMap<String, String> = HashMap::new();
        for generation in ["2025", "legacy"] {
            for unit in state.store.admin_units_under(generation, None).await? {
                if generation == "2025" {
                    provinces.insert(unit.gso_code.clone(), unit.name.clone());
                } else {
                    legacy_provinces.insert(
                        unit.id.trim_start_matches("legacy/").to_owned(),
                        unit.name.clone(),
                    );
                }
                provinces.insert(format!("{generation}/{}", unit.gso_code), unit.name);
            }
        }
        let mut lists = HashMap::new();
        for list in [
            "support_service_type",
            "protection_measure",
            "trafficking_purpose",
            "funding_source",
        ] {
            let labels = state
                .store
                .code_list(list)
                .await?
                .into_iter()
                .map(|i| {
                    (
                        i.code,
                        if lang == Lang::Vi {
                            i.label_vi
                        } else {
                            i.label_en
                        },
                    )
                })
                .collect();
            lists.insert(list, labels);
        }
        let countries = state
            .store
            .countries()
            .await?
            .into_iter()
            .map(|c| {
                (
                    c.code,
                    if lang == Lang::Vi {
                        c.name_vi
                    } else {
                        c.name_en
                    },
                )
            })
            .collect();
        let ethnic_groups = state
            .store
            .ethnic_groups()
            .await?
            .into_iter()
            .map(|g| {
                (
                    g.code,
                    if lang == Lang::Vi {
                        g.name_vi
                    } else {
                        g.name_en
                    },
                )
            })
            .collect();
        Ok(CategoryNames {
            lang,
            provinces,
            legacy_provinces,
            lists,
            countries,
            ethnic_groups,
        })
    }

    pub fn of(&self, dimension: Option<Dimension>, key: &str) -> String {
        let lang = self.lang;
        if key == "unknown" || key == "unspecified" || key == haven_report::table::TOTAL {
            return lang.t(&format!("statistics-{key}"));
        }
        let found = match dimension {
            Some(Dimension::LegacyProvince) => self
                .legacy_provinces
                .get(key)
                .or_else(|| self.provinces.get(key))
                .cloned(),
            Some(Dimension::Province | Dimension::HomeProvince | Dimension::Commune) => {
                self.provinces.get(key).cloned()
            }
            Some(Dimension::ServiceType) => self.code("support_service_type", key),
            Some(Dimension::ProtectionMeasure) => self.code("protection_measure", key),
            Some(Dimension::FundingSource) => self.code("funding_source", key),
            Some(Dimension::Purpose) => self.code("trafficking_purpose", key),
            Some(Dimension::DestinationCountry) => self.countries.get(key).cloned(),
            Some(Dimension::Ethnicity) => self.ethnic_groups.get(key).cloned(),
            Some(Dimension::Sex) => Some(lang.t(&format!("statistics-sex-{key}"))),
            Some(Dimension::ChannelGroup) => {
                Some(lang.t(&format!("statistics-channel-{}", key.replace('_', "-"))))
            }
            Some(Dimension::ProceedingsStage) => Some(lang.t(&format!("option-stage-{key}"))),
            Some(Dimension::AgeGroup) => {
                Some(lang.t_with("statistics-age", &[("band", key.to_owned().into())]))
            }
            _ => None,
        };
        // A key no list names is shown as it is only when it is a code: a
        // category is never free text typed into a record.
        found.unwrap_or_else(|| {
            if haven_access::is_code_like(key) && key.len() <= 64 {
                key.to_owned()
            } else {
                lang.t("statistics-unspecified")
            }
        })
    }
}

/// Files are in Vietnamese, as official reports are.
impl haven_report::export::Labels for CategoryNames {
    fn category(&self, dimension: Option<Dimension>, key: &str) -> String {
        self.of(dimension, key)
    }
    fn breakdown(&self, dimension: Dimension) -> String {
        self.lang.t(&format!(
            "statistics-by-{}",
            dimension.code().replace('_', "-")
        ))
    }
}

/// The letterhead of a report the caller's agency issues: its name, a
/// number left for the agency's register, its province as the place, today.
pub async fn letterhead(
    state: &AppState,
    user: &UserAccount,
    report: &Report,
) -> Result<haven_report::export::Letterhead, ApiError> {
    let names = CategoryNames::load(state, Lang::Vi, &report.area).await?;
    let province = user
        .agency_unit_today
        .as_deref()
        .and_then(|u| u.strip_prefix("2025/"))
        .and_then(|u| u.split('/').next())
        .map(|p| names.of(Some(Dimension::Province), p))
        .unwrap_or_default();
    let place = province
        .trim_start_matches("Thành phố ")
        .trim_start_matches("Tỉnh ")
        .to_owned();
    Ok(haven_report::export::Letterhead {
        issuing_body: user.agency_name.clone(),
        number: format!("      /BC-{}", user.agency_code),
        place,
        date: today(),
        title: "Kết quả công tác tiếp nhận, xác minh, bảo vệ, hỗ trợ nạn nhân bị mua bán".into(),
        area_name: area_name(&names, &report.area),
    })
}

/// "Toàn quốc", a province's name, or a commune's with its province's.
pub fn area_name(names: &CategoryNames, area: &Area) -> String {
    match area {
        Area::National => names.lang.t("statistics-national"),
        Area::Province(p) => names.of(Some(Dimension::Province), p),
        Area::Commune(c) => {
            let province = c.split('/').next().unwrap_or_default();
            format!(
                "{}, {}",
                names.of(Some(Dimension::Commune), c),
                names.of(Some(Dimension::Province), province)
            )
        }
    }
}
