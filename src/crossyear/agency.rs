//! A report's identity for pairing: the agency its title names (`crate::agency`) and its
//! year. Pairing compares the agency's key; the other helpers say when two keys may name the
//! same agency (a leading place, 政府办公室 / 办公室).

pub use crate::agency::{office_short, office_variant, with_place_prefix, Kind, Level};
use crate::model::Report;

/// A report's agency and year, for pairing it with the same agency's other years.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Identity {
    /// The agency as the title writes it (spaces removed), for people.
    pub agency: String,
    /// The normalised agency, for comparison.
    pub key: String,
    pub level: Option<Level>,
    pub kind: Kind,
    pub year: i32,
}

/// The identity of a report whose title names an agency (with its place) and a year.
pub fn identity(report: &Report) -> Option<Identity> {
    identity_of(&report.title, report.year.as_ref().map(|y| y.0))
}

/// The identity of a report with this title and year.
pub fn identity_of(title: &str, year: Option<i32>) -> Option<Identity> {
    let year = year?;
    let a = crate::agency::read(title).ok()?;
    Some(Identity { agency: a.name, key: a.key, level: a.level, kind: a.kind, year })
}
