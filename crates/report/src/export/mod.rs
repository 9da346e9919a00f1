//! A report as files: XLSX and PDF in the layout of a Vietnamese official report
//! (issuing body and national motto, number, place and date, title,
//! period, tables, signature block), and CSV (one figure per line, for
//! further processing). Hidden figures stay hidden in every format.

pub mod csv;
pub mod pdf;
pub mod xlsx;

use crate::dimension::Dimension;
use crate::measure::Measure;
use chrono::{Datelike, NaiveDate};

/// What heads an official report.
#[derive(Debug, Clone)]
pub struct Letterhead {
    /// The agency issuing the report, as its seal reads.
    pub issuing_body: String,
    /// The report's number and symbol, e.g. `15/BC-SYT`.
    pub number: String,
    /// The place it is issued at, e.g. `Hà Nội`.
    pub place: String,
    pub date: NaiveDate,
    pub title: String,
    /// The area's name (`Toàn quốc`, `Thành phố Hà Nội`).
    pub area_name: String,
}

impl Letterhead {
    /// "Hà Nội, ngày 05 tháng 01 năm 2027", as official documents date themselves.
    pub fn place_and_date(&self) -> String {
        format!(
            "{}, ngày {:02} tháng {:02} năm {}",
            self.place,
            self.date.day(),
            self.date.month(),
            self.date.year()
        )
    }
}

/// Names of categories and breakdowns for the files (Vietnamese).
pub trait Labels {
    fn category(&self, dimension: Option<Dimension>, key: &str) -> String;
    fn breakdown(&self, dimension: Dimension) -> String;
}

/// Codes as they are, when no names are at hand.
pub struct Codes;

impl Labels for Codes {
    fn category(&self, _: Option<Dimension>, key: &str) -> String {
        key.to_owned()
    }
    fn breakdown(&self, dimension: Dimension) -> String {
        dimension.code()
    }
}

/// The unit an indicator is counted in, as official tables write it.
pub fn unit_vi(measure: Measure) -> &'static str {
    match measure {
        Measure::SupportAmountVnd => "đồng",
        Measure::ShelterNights => "đêm",
        Measure::ProtectionMeasures => "biện pháp",
        Measure::Proceedings => "lượt",
        Measure::Services
        | Measure::ShelterAdmissions
        | Measure::ReferralsSent
        | Measure::ReferralsAccepted
        | Measure::ReferralsDeclined
        | Measure::FollowUpsDone
        | Measure::FollowUpsOverdue => "lượt",
        Measure::CasesClosed => "hồ sơ",
        Measure::Received
        | Measure::TraffickedWithinCountry
        | Measure::VerificationStarted
        | Measure::VerificationCompleted
        | Measure::Identified
        | Measure::SupportedBeforeIdentification
        | Measure::PersonsSupported
        | Measure::ReturnsHome => "người",
    }
}

/// What a hidden figure reads in files.
pub const HIDDEN: &str = "—";
