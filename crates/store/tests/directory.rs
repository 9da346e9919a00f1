//! The directory of services on both backends: entries for an agency, a
//! facility and a provider outside Haven; searched by place, service and
//! whom they take; corrected and withdrawn on the version seen.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::directory::{ProviderKind, ServiceEntryDraft};
use haven_domain::hotline::PhoneNumber;
use haven_domain::ids::AgencyId;
use haven_store::directory::{DirectorySearch, Provider};
use haven_store::programme::Author;
use haven_store::StoreError;
use haven_testkit::fixtures::seed_org;

fn entry(
    name: &str,
    kind: ProviderKind,
    unit: &str,
    services: &[&str],
    areas: &[&str],
) -> ServiceEntryDraft {
    ServiceEntryDraft {
        name: name.into(),
        kind,
        unit_id: unit.into(),
        services: services.iter().map(|s| (*s).to_owned()).collect(),
        areas_served: areas.iter().map(|a| (*a).to_owned()).collect(),
        address: String::new(),
        phones: vec![PhoneNumber::parse("phones", "024 3825 1234").unwrap()],
        opening_hours: "7:30–17:00, thứ Hai đến thứ Sáu".into(),
        languages: vec!["Tiếng Việt".into()],
        takes_children: false,
        takes_men: false,
        takes_foreigners: false,
        note: String::new(),
    }
}

fn fields(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Invalid(v) => v.0.into_iter().map(|v| (v.field, v.rule)).collect(),
        other => panic!("expected a validation error, got {other}"),
    }
}

haven_testkit::backend_tests! {
    async fn the_directory_is_searched_by_place_service_and_whom_it_takes(store) {
        let org = seed_org(&store).await;
        let author = Author { user_id: org.social_affairs.user_id, agency_id: AgencyId(org.social_affairs.agency_id) };
        let directory = store.directory();
        let mut shelter = entry("Cơ sở hỗ trợ nạn nhân Hà Nội", ProviderKind::Facility, "2025/01/00235", &["shelter_stay", "psychological_counselling"], &["2025/01"]);
        shelter.takes_children = true;
        let facility = directory.add(author, Provider::Facility(org.shelter_facility_id), &shelter).await.unwrap();
        assert_eq!(facility.keeper, Some(AgencyId(org.shelter.agency_id)), "a facility's entry is its operator's to keep");
        let mut ngo = entry("Tổ chức Giả Lập Vì Trẻ Em", ProviderKind::Ngo, "2025/15", &["shelter_stay", "legal_aid"], &["2025/15/02683"]);
        (ngo.takes_children, ngo.takes_men, ngo.takes_foreigners) = (true, true, true);
        let outside = directory.add(author, Provider::Outside, &ngo).await.unwrap();
        assert_eq!(outside.keeper, None);
        let national = directory.add(author, Provider::Agency(AgencyId(org.police.agency_id)), &entry("Công an", ProviderKind::StateAgency, "2025/01", &["legal_information"], &["VN"])).await.unwrap();

        let names = |found: Vec<haven_store::directory::ServiceEntryRecord>| {
            let mut names: Vec<String> = found.into_iter().map(|r| r.entry.name).collect();
            names.sort();
            names
        };
        let search = |place: &str, service: Option<&str>| DirectorySearch { place: Some(place.into()), service: service.map(str::to_owned), ..Default::default() };
        // "Shelters that take boys in Lào Cai."
        let boys_lao_cai = DirectorySearch { takes_children: true, takes_men: true, ..search("2025/15", Some("shelter_stay")) };
        assert_eq!(names(directory.search(&boys_lao_cai).await.unwrap()), ["Tổ chức Giả Lập Vì Trẻ Em"]);
        // "Legal aid within the province."
        assert_eq!(names(directory.search(&search("2025/15", Some("legal_aid"))).await.unwrap()), ["Tổ chức Giả Lập Vì Trẻ Em"]);
        assert!(directory.search(&search("2025/01", Some("legal_aid"))).await.unwrap().is_empty());
        assert_eq!(names(directory.search(&search("2025/01/00070", None)).await.unwrap()), ["Công an Thành phố Hà Nội", "Cơ sở hỗ trợ nạn nhân Hà Nội"]);

        // One entry per agency; codes and places checked, each named by its field.
        assert_eq!(fields(directory.add(author, Provider::Facility(org.shelter_facility_id), &shelter).await.unwrap_err()), vec![("provider".to_owned(), "one_entry")]);
        let wrong = entry("Sai", ProviderKind::Other, "2025/99", &["massage"], &["2025/98"]);
        assert_eq!(
            fields(directory.add(author, Provider::Outside, &wrong).await.unwrap_err()),
            vec![("services_0".to_owned(), "known_code"), ("areas_served_0".to_owned(), "known_code"), ("unit_id".to_owned(), "known_code")]
        );

        // Corrected and withdrawn on the version seen; withdrawn, it is not found.
        let mut moved = ngo.clone();
        moved.areas_served = vec!["2025/15".into()];
        assert!(matches!(directory.change(author, outside.id, 5, &moved, true).await.unwrap_err(), StoreError::StaleVersion { .. }));
        assert_eq!(fields(directory.change(author, outside.id, 1, &ngo, true).await.unwrap_err()), vec![("form".to_owned(), "no_change")]);
        let changed = directory.change(author, outside.id, 1, &moved, true).await.unwrap();
        assert_eq!((changed.version, changed.entry.areas_served.clone()), (2, vec!["2025/15".to_owned()]));
        let withdrawn = directory.change(author, outside.id, 2, &moved, false).await.unwrap();
        assert!(!withdrawn.active);
        assert!(directory.search(&search("2025/15", Some("legal_aid"))).await.unwrap().is_empty());
        assert_eq!(directory.search(&DirectorySearch { with_inactive: true, ..search("2025/15", Some("legal_aid")) }).await.unwrap().len(), 1);
        let history = store.programme().record_history("service_entry", outside.id).await.unwrap();
        assert_eq!(history.iter().map(|c| c.action.as_str()).collect::<Vec<_>>(), ["create", "update", "update"]);
        assert_eq!(history[2].after["active"], false);
        assert_eq!(directory.of_agency(AgencyId(org.police.agency_id)).await.unwrap().map(|r| r.id), Some(national.id));
    }
}
