//! Written places resolved against the real unit tables on both backends:
//! the legacy three levels when a district is named, today's units
//! otherwise, ambiguity and unknown names reported, never guessed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::import::places::PlaceMatch;

haven_testkit::backend_tests! {
    async fn places_written_by_hand_find_their_units(store) {
        let index = store.place_index().await.unwrap();
        let unit = |id: &str| PlaceMatch::Unit(id.to_owned());
        for (text, expected) in [
            ("xã Bản Lầu, huyện Mường Khương, tỉnh Lào Cai", unit("legacy/10/083/02788")),
            ("Xa Ban Lau, H. Muong Khuong, T. Lao Cai", unit("legacy/10/083/02788")),
            ("Bản Lầu - Lào Cai", unit("2025/15/02788")),
            ("Thôn Na Lốc, xã Bản Lầu, tỉnh Lào Cai, Việt Nam", unit("2025/15/02788")),
            ("thị trấn Mường Khương, huyện Mường Khương, Lào Cai", unit("legacy/10/083/02761")),
            ("Lào Cai", unit("2025/15")),
        ] {
            assert_eq!(index.resolve(text), expected, "{text}");
        }
        let PlaceMatch::Ambiguous(many) = index.resolve("xã Tân Lập") else { panic!("Tân Lập is in many provinces") };
        assert!(many.len() >= 2 && many.iter().all(|id| id.starts_with("2025/")), "{many:?}");
        assert_eq!(index.resolve("xã Không Có Thật, tỉnh Lào Cai"), PlaceMatch::Unknown { within: Some("2025/15".into()) });
    }
}
