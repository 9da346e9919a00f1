//! Names of codes in the user's language: code lists from the reference
//! data (official Vietnamese terms with their English), the journey's
//! phases and identification states from the message files.

use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::AppState;
use haven_domain::case::deadlines::{DueItem, DueKind};
use std::collections::HashMap;

/// One code list's labels in one language; an unknown code shows as itself.
pub struct CodeLabels(HashMap<String, String>);

impl CodeLabels {
    pub async fn load(state: &AppState, list: &str, lang: Lang) -> CodeLabels {
        let items = state.store.code_list(list).await.or_shown("code_list");
        CodeLabels(
            items
                .into_iter()
                .map(|i| {
                    let label = match lang {
                        Lang::Vi => i.label_vi,
                        Lang::En => i.label_en,
                    };
                    (i.code, label)
                })
                .collect(),
        )
    }

    pub fn of(&self, code: &str) -> String {
        self.0.get(code).cloned().unwrap_or_else(|| code.to_owned())
    }
}

pub fn phase(lang: Lang, code: &str) -> String {
    lang.t(&format!("phase-{}", code.replace('_', "-")))
}

pub fn identification(lang: Lang, code: &str) -> String {
    lang.t(&format!("identification-{}", code.replace('_', "-")))
}

pub fn scope(lang: Lang, scope: haven_access::Scope) -> String {
    let code = serde_json::to_value(scope)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    lang.t(&format!("scope-{code}"))
}

pub fn role(lang: Lang, role: haven_domain::role::Role) -> &'static str {
    match lang {
        Lang::Vi => role.name_vi(),
        Lang::En => role.name_en(),
    }
}

/// Agencies by id, for showing names instead of numbers.
pub async fn agency_names(state: &AppState) -> HashMap<i64, String> {
    state
        .store
        .agency_list()
        .await
        .or_shown("agencies")
        .iter()
        .map(|a| (a.id, a.name.clone()))
        .collect()
}

/// Units as the GSO writes them, with their province: "Xã Sa Pa, Tỉnh Lào Cai".
/// The countries a nationality or destination is chosen from, by name in
/// the user's language: those trafficking cases name most often first
/// (Việt Nam and its neighbours, the usual destinations), then the rest in
/// the alphabet's order, diacritics set aside.
/// The countries trafficking cases name most often, in that order.
pub const OFTEN: [&str; 10] = ["VN", "CN", "KH", "LA", "TH", "MY", "MM", "KR", "JP", "TW"];

pub async fn country_choices(state: &AppState, lang: Lang) -> Vec<(String, String)> {
    let mut countries: Vec<(String, String)> = state
        .store
        .countries()
        .await
        .or_shown("countries")
        .into_iter()
        .map(|c| match lang {
            Lang::Vi => (c.code, c.name_vi),
            Lang::En => (c.code, c.name_en),
        })
        .collect();
    countries.sort_by_cached_key(|(code, name)| {
        let often = OFTEN.iter().position(|o| o == code).unwrap_or(OFTEN.len());
        (often, alphabet_key(name), name.clone())
    });
    countries
}

/// A name's place in the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ …
/// u ư …), tones set aside: "Ấn Độ" after the A- names, "Đan Mạch" after
/// the D- ones.
pub fn alphabet_key(name: &str) -> String {
    const MODIFIED: [(&str, char); 7] = [
        ("ăằắẳẵặ", '1'),
        ("âầấẩẫậ", '2'),
        ("đ", '1'),
        ("êềếểễệ", '1'),
        ("ôồốổỗộ", '1'),
        ("ơờớởỡợ", '2'),
        ("ưừứửữự", '1'),
    ];
    let mut key = String::with_capacity(name.len() * 2);
    for c in name.to_lowercase().chars() {
        if c == '-' || c.is_whitespace() {
            key.push_str("  ");
            continue;
        }
        let base = deunicode::deunicode_char(c).unwrap_or("");
        let modifier = MODIFIED
            .iter()
            .find(|(letters, _)| letters.contains(c))
            .map_or('0', |(_, m)| *m);
        key.push_str(base);
        key.push(modifier);
    }
    key
}

pub async fn unit_names(state: &AppState, ids: &[String]) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for id in ids {
        let Ok(Some(unit)) = state.store.admin_unit(id).await else {
            continue;
        };
        let mut name = unit.name.clone();
        let mut parent = unit.parent_id.clone();
        while let Some(parent_id) = parent {
            match state.store.admin_unit(&parent_id).await {
                Ok(Some(above)) => {
                    name = format!("{name}, {}", above.name);
                    parent = above.parent_id;
                }
                _ => break,
            }
        }
        names.insert(id.clone(), name);
    }
    names
}

/// What a person's codes are called: units, countries, ethnic groups, papers.
pub struct PersonNames {
    pub units: HashMap<String, String>,
    pub countries: HashMap<String, String>,
    pub ethnic_groups: HashMap<String, String>,
    pub papers: CodeLabels,
}

impl PersonNames {
    /// The names a person's fields need, for the person as the viewer sees her.
    pub async fn of_person(
        state: &AppState,
        lang: Lang,
        person: Option<&haven_access::MaskedPerson>,
    ) -> PersonNames {
        let unit_ids = person
            .map(|p| super::case_page::residence_units(&p.person))
            .unwrap_or_default();
        PersonNames::load(state, lang, &unit_ids).await
    }

    pub async fn load(state: &AppState, lang: Lang, unit_ids: &[String]) -> PersonNames {
        let pick = |vi: String, en: String| match lang {
            Lang::Vi => vi,
            Lang::En => en,
        };
        PersonNames {
            units: unit_names(state, unit_ids).await,
            countries: state
                .store
                .countries()
                .await
                .or_shown("countries")
                .into_iter()
                .map(|c| (c.code, pick(c.name_vi, c.name_en)))
                .collect(),
            ethnic_groups: state
                .store
                .ethnic_groups()
                .await
                .or_shown("ethnic_groups")
                .into_iter()
                .map(|g| (g.code, pick(g.name_vi, g.name_en)))
                .collect(),
            papers: CodeLabels::load(state, "identity_document_type", lang).await,
        }
    }
}

/// A due item of the journey by what is due, in the user's language.
pub fn deadline_name(lang: Lang, item: &DueItem, agencies: &HashMap<i64, String>) -> String {
    match &item.kind {
        DueKind::ForwardSelfReport => lang.t("deadline-forward-self-report"),
        DueKind::VerifyInitialInformation => lang.t("deadline-verify-initial-information"),
        DueKind::ShelterMealsLimit { .. } => lang.t("deadline-shelter-meals-limit"),
        DueKind::HardshipAllowanceApplication => lang.t("deadline-hardship-allowance-application"),
        DueKind::ForwardHardshipApplication => lang.t("deadline-forward-hardship-application"),
        DueKind::AnswerReferral { to_agency_id, .. } => lang.t_with(
            "deadline-answer-referral",
            &[(
                "agency",
                agencies
                    .get(to_agency_id)
                    .cloned()
                    .unwrap_or_default()
                    .into(),
            )],
        ),
        DueKind::FollowUp { month } => {
            lang.t_with("deadline-follow-up", &[("month", (*month).into())])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::alphabet_key;

    #[test]
    fn names_sort_in_the_vietnamese_alphabet() {
        let mut names = vec![
            "Ấn Độ",
            "Áo",
            "Ăng-gô-la",
            "Đan Mạch",
            "Dô-mi-ni-ca",
            "Ê-ti-ô-pi-a",
            "E-cu-a-đo",
            "Bỉ",
            "Ai Cập",
        ];
        names.sort_by_key(|n| alphabet_key(n));
        assert_eq!(
            names,
            [
                "Ai Cập",
                "Áo",
                "Ăng-gô-la",
                "Ấn Độ",
                "Bỉ",
                "Dô-mi-ni-ca",
                "Đan Mạch",
                "E-cu-a-đo",
                "Ê-ti-ô-pi-a"
            ]
        );
    }

    use super::*;
    use crate::i18n::MISSING_MARK;
    use haven_domain::case::entitlements::EntitlementStatus;
    use haven_domain::case::status::{Identification, Phase};

    /// Keys built from codes are checked here, since the pages' literal-key
    /// test cannot see them.
    #[test]
    fn every_code_the_pages_name_has_a_message_in_both_languages() {
        for lang in Lang::ALL {
            for p in Phase::ALL {
                assert!(!phase(lang, p.code()).contains(MISSING_MARK), "{p:?}");
            }
            for i in Identification::ALL {
                assert!(
                    !identification(lang, i.code()).contains(MISSING_MARK),
                    "{i:?}"
                );
            }
            for s in [
                haven_access::Scope::Lead,
                haven_access::Scope::Referred,
                haven_access::Scope::Offered,
                haven_access::Scope::Supervised,
                haven_access::Scope::Emergency,
                haven_access::Scope::Unrelated,
            ] {
                assert!(!scope(lang, s).contains(MISSING_MARK), "{s:?}");
            }
            for status in [
                EntitlementStatus::VietnameseVictim,
                EntitlementStatus::AccompanyingChild,
                EntitlementStatus::BeingIdentifiedAbroad,
                EntitlementStatus::BeingIdentifiedInVietnam,
                EntitlementStatus::ForeignVictim,
                EntitlementStatus::NotVictim,
            ] {
                let code = serde_json::to_value(status).unwrap();
                let key = format!("entitlement-{}", code.as_str().unwrap().replace('_', "-"));
                assert!(!lang.t(&key).contains(MISSING_MARK), "{key}");
            }
        }
    }
}
