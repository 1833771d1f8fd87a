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
    report.year.as_ref()?;
    identity_or_lack_of(report).ok()
}

/// `identity_or_lack` of a report, from the agency its model read off the title (read again
/// only for a model built without it).
pub fn identity_or_lack_of(report: &Report) -> Result<Identity, Lacks> {
    with_year(report.agency_read().into_owned(), report.year.as_ref().map(|y| y.0))
}

/// The identity of a report with this title and year.
pub fn identity_of(title: &str, year: Option<i32>) -> Option<Identity> {
    year?;
    identity_or_lack(title, year).ok()
}

/// What keeps a report's title from naming its identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lacks {
    /// The agency (what was read of it).
    Agency(crate::agency::Unknown),
    /// The year.
    Year,
}

impl Lacks {
    /// What a person is told (`--cross-year`'s summary): the agency as the
    /// `title_agency_unknown` diagnostic says it, or the year.
    pub fn message(&self) -> crate::finding::Msg {
        match self {
            Lacks::Agency(unknown) => unknown.message(),
            Lacks::Year => crate::finding::Msg::new("标题中未找到报告年度（如“2023年”）", "the title names no year (as in 2023年)"),
        }
    }
}

/// The identity of a report with this title and year, or what its title lacks (the agency
/// first).
pub fn identity_or_lack(title: &str, year: Option<i32>) -> Result<Identity, Lacks> {
    with_year(crate::agency::read(title), year)
}

fn with_year(agency: Result<crate::agency::Agency, crate::agency::Unknown>, year: Option<i32>) -> Result<Identity, Lacks> {
    let a = agency.map_err(Lacks::Agency)?;
    let year = year.ok_or(Lacks::Year)?;
    Ok(Identity { agency: a.name, key: a.key, level: a.level, kind: a.kind, year })
}
