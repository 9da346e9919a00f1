//! Victim-level microdata for international exchange, in the layout of
//! the Counter Trafficking Data Collaborative's Global Synthetic Dataset
//! (27 variables): one row per identified or presumed victim registered in
//! a period. No name, date, place below the country or free text can be
//! written: a row is built from `VictimRecord`, which holds nothing else,
//! and its quasi-identifiers are made k-anonymous (`anonymity`).

pub mod anonymity;
pub mod variables;

use crate::facts::CaseFacts;
use crate::period::Period;
use anonymity::{Anonymised, Statement, WrittenQuasi};
use chrono::Datelike;
use variables::{
    Attributes, Exploitation, HtcdsLookup, Means, Recruiter, VictimRecord, UNRECORDED_COLUMNS,
};

/// The file's columns, in CTDC's order and spelling.
pub fn columns() -> Vec<&'static str> {
    let mut columns = vec![
        "yearOfRegistration",
        "gender",
        "ageBroad",
        "citizenship",
        "CountryOfExploitation",
        "traffickMonths",
    ];
    columns.extend(Means::ALL.map(Means::column));
    columns.extend(Exploitation::ALL.map(Exploitation::column));
    columns.extend(UNRECORDED_COLUMNS);
    columns.extend(Recruiter::ALL.map(Recruiter::column));
    columns
}

/// The anonymised rows of a period and what was done to make them so.
#[derive(Debug, Clone)]
pub struct Microdata {
    pub period_code: String,
    pub rows: Vec<(WrittenQuasi, Attributes)>,
    pub statement: Statement,
}

/// The persons whose cases were received in `period`, as victims or
/// presumed ones, each in CTDC's terms.
pub fn victims_in(facts: &[CaseFacts], htcds: &HtcdsLookup, period: Period) -> Vec<VictimRecord> {
    facts
        .iter()
        .filter(|f| period.contains(f.received_on))
        .filter_map(|f| VictimRecord::of(f, htcds))
        .collect()
}

pub fn microdata(facts: &[CaseFacts], htcds: &HtcdsLookup, period: Period, k: u32) -> Microdata {
    let records = victims_in(facts, htcds, period);
    let Anonymised {
        rows, statement, ..
    } = anonymity::anonymise(&records, k, (period.from().year(), period.to().year()));
    Microdata {
        period_code: period.code(),
        rows,
        statement,
    }
}

/// One row's cells, in the order of `columns()`; empty is unknown.
pub fn cells(quasi: &WrittenQuasi, attributes: &Attributes) -> Vec<String> {
    fn flags<T: PartialEq + Copy>(known: Option<&Vec<T>>, all: &[T]) -> Vec<String> {
        all.iter()
            .map(|flag| match known {
                Some(found) => if found.contains(flag) { "1" } else { "0" }.to_owned(),
                None => String::new(),
            })
            .collect()
    }
    let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
    let mut row = vec![
        quasi.year.clone(),
        text(quasi.gender),
        text(quasi.age),
        text(quasi.citizenship),
        text(quasi.country_of_exploitation),
        text(attributes.traffick_months.map(|m| m.label())),
    ];
    row.extend(flags(attributes.means.as_ref(), &Means::ALL));
    row.extend(flags(attributes.exploitation.as_ref(), &Exploitation::ALL));
    row.extend(UNRECORDED_COLUMNS.map(|_| String::new()));
    row.extend(flags(attributes.recruiter.as_ref(), &Recruiter::ALL));
    row
}

/// The file: CTDC's header, then the rows sorted by their values, so that
/// their order says nothing of the order cases were registered in.
pub fn csv(microdata: &Microdata) -> Result<Vec<u8>, csv::Error> {
    let mut rows: Vec<Vec<String>> = microdata
        .rows
        .iter()
        .map(|(quasi, attributes)| cells(quasi, attributes))
        .collect();
    rows.sort();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(columns())?;
    for row in rows {
        out.write_record(row)?;
    }
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
pub(crate) mod tests_support {
    use crate::facts::{CaseFacts, CaseRecordForStatistics};
    use chrono::NaiveDate;

    /// A case received on `on`, with nothing else known.
    pub fn facts(on: NaiveDate) -> CaseFacts {
        CaseFacts::from_record(&CaseRecordForStatistics {
            case_id: 1,
            lead_agency_id: 1,
            province: "01".into(),
            place_unit_id: None,
            place_unit_today: None,
            channel: "self_report".into(),
            received_on: on,
            person: None,
            commands: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_ctdcs_twenty_seven_variables() {
        let columns = columns();
        assert_eq!(columns.len(), 27);
        assert_eq!(columns[0], "yearOfRegistration");
        assert_eq!(columns[4], "CountryOfExploitation");
        assert_eq!(columns[26], "recruiterRelationOther");
    }
}
