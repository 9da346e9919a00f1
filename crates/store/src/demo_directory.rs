//! The demo's directory of services for Hà Nội and Lào Cai: what the
//! demo's agencies and facilities offer, and three providers outside
//! Haven — an NGO shelter in Lào Cai that takes boys and foreigners, a
//! hospital and a legal-aid centre in Hà Nội. All fictitious.

use crate::demo_programme::{agency, author};
use crate::directory::Provider;
use crate::error::StoreResult;
use crate::store::Store;
use haven_domain::directory::{ProviderKind, ServiceEntryDraft};
use haven_domain::hotline::PhoneNumber;

/// (provider: agency code, facility code or none; name; kind; unit; services; areas; phone; children, men, foreigners)
type Row = (
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    ProviderKind,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    (bool, bool, bool),
);

const ENTRIES: &[Row] = &[
    (
        Some("HNI-SYT"),
        None,
        "Sở Y tế Hà Nội (lĩnh vực xã hội)",
        ProviderKind::StateAgency,
        "2025/01",
        &[
            "social_assistance",
            "initial_hardship_allowance",
            "travel_home",
        ],
        &["2025/01"],
        "024 3825 0001",
        (true, true, true),
    ),
    (
        Some("HNI-CA"),
        None,
        "Công an Thành phố Hà Nội",
        ProviderKind::StateAgency,
        "2025/01",
        &["legal_information"],
        &["2025/01"],
        "113",
        (true, true, true),
    ),
    (
        None,
        Some("HNI-CSHTNN"),
        "Cơ sở hỗ trợ nạn nhân Hà Nội",
        ProviderKind::Facility,
        "2025/01/00235",
        &[
            "shelter_stay",
            "food",
            "clothing",
            "psychological_counselling",
            "medical_care",
        ],
        &["2025/01", "VN"],
        "024 3825 0002",
        (true, false, true),
    ),
    (
        Some("HNI-TGPL"),
        None,
        "Trung tâm Trợ giúp pháp lý nhà nước Thành phố Hà Nội",
        ProviderKind::LegalAidCentre,
        "2025/01",
        &["legal_aid", "legal_information"],
        &["2025/01"],
        "024 3825 0003",
        (true, true, true),
    ),
    (
        Some("HNI-HLHPN"),
        None,
        "Hội Liên hiệp Phụ nữ Thành phố Hà Nội",
        ProviderKind::StateAgency,
        "2025/01",
        &["vocational_training", "job_placement", "loan_womens_union"],
        &["2025/01"],
        "024 3825 0004",
        (false, false, false),
    ),
    (
        Some("LCI-BDBP"),
        None,
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai",
        ProviderKind::StateAgency,
        "2025/15",
        &["temporary_accommodation", "food", "interpretation"],
        &["2025/15"],
        "0214 3830 001",
        (true, true, true),
    ),
    (
        Some("LCI-SYT"),
        None,
        "Sở Y tế tỉnh Lào Cai (lĩnh vực xã hội)",
        ProviderKind::StateAgency,
        "2025/15",
        &[
            "social_assistance",
            "initial_hardship_allowance",
            "schooling",
        ],
        &["2025/15"],
        "0214 3830 002",
        (true, true, true),
    ),
    (
        None,
        None,
        "Nhà tạm lánh Giả Lập Vì Trẻ Em (tổ chức phi chính phủ)",
        ProviderKind::Ngo,
        "2025/15/02683",
        &[
            "shelter_stay",
            "psychological_counselling",
            "interpretation",
            "child_protection_service",
        ],
        &["2025/15"],
        "0912 000 111",
        (true, true, true),
    ),
    (
        None,
        None,
        "Bệnh viện Giả Lập Hà Nội",
        ProviderKind::Hospital,
        "2025/01",
        &["medical_care", "psychological_counselling"],
        &["2025/01"],
        "024 3825 0005",
        (true, true, true),
    ),
    (
        None,
        None,
        "Trung tâm Tư vấn pháp luật Giả Lập",
        ProviderKind::LegalAidCentre,
        "2025/01",
        &["legal_aid", "legal_information"],
        &["2025/01", "2025/15"],
        "024 3825 0006",
        (true, true, true),
    ),
];

pub async fn load(store: &Store) -> StoreResult<usize> {
    let admin = author(store, "admin").await?;
    let facilities = store.facilities().await?;
    let directory = store.directory();
    let mut count = 0;
    for (
        agency_code,
        facility_code,
        name,
        kind,
        unit,
        services,
        areas,
        phone,
        (children, men, foreigners),
    ) in ENTRIES
    {
        let provider = match (agency_code, facility_code) {
            (Some(code), _) => Provider::Agency(agency(store, code).await?),
            (None, Some(code)) => match facilities.iter().find(|f| f.code == *code) {
                Some(f) => Provider::Facility(f.id),
                None => continue,
            },
            (None, None) => Provider::Outside,
        };
        let draft = ServiceEntryDraft {
            name: (*name).into(),
            kind: *kind,
            unit_id: (*unit).into(),
            services: services.iter().map(|s| (*s).to_owned()).collect(),
            areas_served: areas.iter().map(|a| (*a).to_owned()).collect(),
            address: String::new(),
            phones: PhoneNumber::parse("phones", phone)
                .ok()
                .into_iter()
                .collect(),
            opening_hours: "7:30–17:00, thứ Hai đến thứ Sáu; trực 24/7 qua điện thoại".into(),
            languages: vec!["Tiếng Việt".into()],
            takes_children: *children,
            takes_men: *men,
            takes_foreigners: *foreigners,
            note: String::new(),
        };
        directory.add(admin, provider, &draft).await?;
        count += 1;
    }
    Ok(count)
}
