//! Reference data loaded by migrations: counts and the legacy → 2025 mapping.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use std::collections::{HashMap, HashSet};

haven_testkit::backend_tests! {
    async fn unit_and_list_counts_match_the_official_sets(store) {
        let c = store.reference_counts().await.unwrap();
        assert_eq!(c.provinces_2025, 34);
        assert_eq!(c.communes_2025, 3321);
        assert_eq!(c.provinces_legacy, 63);
        assert_eq!(c.districts_legacy, 696);
        assert_eq!(c.communes_legacy, 10035);
        assert_eq!(c.ethnic_groups, 54);
        assert_eq!(c.countries, 249);
    }

    async fn every_legacy_commune_maps_to_one_2025_commune_in_the_successor_province(store) {
        let links = store.all_successor_links().await.unwrap();
        let units: HashMap<String, haven_store::reference::AdminUnit> = store
            .admin_units_of("2025", "commune").await.unwrap().into_iter()
            .chain(store.admin_units_of("2025", "province").await.unwrap())
            .map(|u| (u.id.clone(), u))
            .collect();
        let province_successor: HashMap<&str, &str> = links.iter()
            .filter(|l| l.legacy_id.matches('/').count() == 1)
            .map(|l| (l.legacy_id.as_str(), l.successor_id.as_str()))
            .collect();
        assert_eq!(province_successor.len(), 63);
        let mut primary: HashMap<&str, usize> = HashMap::new();
        for link in links.iter().filter(|l| l.is_primary) {
            *primary.entry(link.legacy_id.as_str()).or_default() += 1;
        }
        let primary_target: HashMap<&str, &str> = links.iter()
            .filter(|l| l.is_primary)
            .map(|l| (l.legacy_id.as_str(), l.successor_id.as_str()))
            .collect();
        let communes = store.admin_units_of("legacy", "commune").await.unwrap();
        assert_eq!(communes.len(), 10035);
        for commune in &communes {
            assert_eq!(primary.get(commune.id.as_str()), Some(&1), "{} has one primary successor", commune.id);
            let successor = &units[primary_target[commune.id.as_str()]];
            assert_eq!((successor.generation.as_str(), successor.level.as_str()), ("2025", "commune"));
            let legacy_province: String = commune.id.split('/').take(2).collect::<Vec<_>>().join("/");
            assert_eq!(
                successor.parent_id.as_deref(),
                Some(province_successor[legacy_province.as_str()]),
                "{} lands in its province's successor", commune.id
            );
        }
        // The query Haven uses agrees with the table, on a sample.
        for commune in communes.iter().step_by(997) {
            let successor = store.primary_successor(&commune.id).await.unwrap().unwrap();
            assert_eq!(successor.id, primary_target[commune.id.as_str()]);
        }
    }

    async fn a_known_commune_maps_where_the_gso_says(store) {
        // Phường Phúc Xá (Ba Đình, Hà Nội) became part of Phường Hồng Hà.
        let successor = store.primary_successor("legacy/01/001/00001").await.unwrap().unwrap();
        assert_eq!(successor.name, "Phường Hồng Hà");
        // Bắc Kạn merged into Thái Nguyên.
        let bac_kan = store.admin_units_under("legacy", None).await.unwrap()
            .into_iter().find(|u| u.name == "Tỉnh Bắc Kạn").unwrap();
        assert_eq!(store.primary_successor(&bac_kan.id).await.unwrap().unwrap().name, "Tỉnh Thái Nguyên");
    }

    async fn units_carry_validity_dates_and_parents(store) {
        let hanoi = store.admin_unit("2025/01").await.unwrap().unwrap();
        assert_eq!(hanoi.valid_from, chrono::NaiveDate::from_ymd_opt(2025, 7, 1));
        assert_eq!(hanoi.valid_to, None);
        let old = store.admin_unit("legacy/01/001").await.unwrap().unwrap();
        assert_eq!(old.level, "district");
        assert_eq!(old.parent_id.as_deref(), Some("legacy/01"));
        assert_eq!(old.valid_to, chrono::NaiveDate::from_ymd_opt(2025, 6, 30));
        let communes = store.admin_units_under("2025", Some("2025/01")).await.unwrap();
        assert_eq!(communes.len(), 126, "Hà Nội has 126 communes and wards from 2025");
    }

    async fn code_lists_carry_both_languages(store) {
        let names: HashSet<String> = store.code_list_names().await.unwrap().into_iter().collect();
        for list in ["reception_channel", "trafficking_purpose", "support_service_type", "support_category",
                     "protection_measure", "agency_sector", "facility_type", "identity_document_type"] {
            assert!(names.contains(list), "code list {list}");
            let items = store.code_list(list).await.unwrap();
            assert!(!items.is_empty());
            for item in items {
                assert!(!item.label_vi.trim().is_empty() && !item.label_en.trim().is_empty(), "{list}/{}", item.code);
            }
        }
        let channels: Vec<String> = store.code_list("reception_channel").await.unwrap().into_iter().map(|i| i.code).collect();
        for channel in ["self_report", "rescue", "official_handover_diplomatic", "border_gate_handover", "self_return",
                        "tip_hotline_111", "tip_police", "referral_other_province"] {
            assert!(channels.iter().any(|c| c == channel), "{channel}");
        }
        assert_eq!(store.code_list("support_category").await.unwrap().len(), 10, "Art. 37 clauses a–k");
        let countries = store.countries().await.unwrap();
        assert_eq!(countries.iter().find(|c| c.code == "KH").unwrap().name_vi, "Campuchia");
        // As the Ministry of Foreign Affairs writes them, not the old catalogue's "Ao", "Bợru-này".
        let name = |code: &str| countries.iter().find(|c| c.code == code).unwrap().name_vi.clone();
        assert_eq!((name("AT"), name("BN"), name("LU")), ("Áo".into(), "Bru-nây".into(), "Lúc-xăm-bua".into()));
        assert!(countries.iter().all(|c| !c.name_vi.contains('ợ') && !c.name_vi.contains("ou")), "a stray transliteration");
        let groups = store.ethnic_groups().await.unwrap();
        assert_eq!((groups[0].code.as_str(), groups[0].name_vi.as_str()), ("01", "Kinh"));
    }

    async fn mapped_code_lists_reach_htcds_picklist_values(store) {
        // The HTCDS 2.0 picklist values Haven maps to (HTCDS Field Reference, IOM).
        let allowed: HashMap<&str, Vec<&str>> = HashMap::from([
            ("TypeOfExploitation", vec!["ForcedLabour", "SexualExploitation", "Both", "Other"]),
            ("MethodsOfControl", vec!["DebtBondage", "TakesEarnings", "RestrictsFinancialAccess", "Threats", "PsychologicalAbuse", "PhysicalAbuse", "SexualAbuse", "FalsePromises", "PsychoactiveSubstances", "RestrictsMovement", "RestrictsMedicalCare", "ExcessiveWorkingHours", "UsesChildren", "ThreatOfLawEnforcement", "WithholdsNecessities", "WithholdsDocuments", "Other"]),
            ("MethodOfRecruitment", vec!["Abduction", "Educational Facility", "Familial", "Internet (social media, online advertisement)", "International Marriage Broker (IMB)", "Intimate partner/marriage proposition", "Job offer/advertisement", "Posing as Benefactor", "Public Area", "Offer of Accommodation", "Shelter", "Smuggling, ransom", "Work", "Other", "Unknown"]),
            ("RelationshipToTrafficker", vec!["Familial", "Acquainted", "Unaquainted"]),
        ]);
        for list in ["trafficking_purpose", "means_of_control", "recruitment_method", "relation_to_recruiter"] {
            let mapping = store.htcds_mapping(list).await.unwrap();
            for item in store.code_list(list).await.unwrap() {
                let row = mapping.iter().find(|m| m.code == item.code).unwrap_or_else(|| panic!("{list}/{} has no HTCDS mapping", item.code));
                assert!(allowed[row.htcds_field.as_str()].contains(&row.htcds_value.as_str()), "{list}/{} → {} {}", item.code, row.htcds_field, row.htcds_value);
            }
        }
        let purposes = store.htcds_mapping("trafficking_purpose").await.unwrap();
        let surrogacy = purposes.iter().find(|m| m.code == "commercial_surrogacy").unwrap();
        assert_eq!(surrogacy.htcds_value, "Other", "no counterpart: Other, with the Vietnamese code kept");
    }
}
