//! Outliers: an agency-year whose value of a metric lies above the 95th percentile of its
//! peers — the agencies of the same level (county, city, …) in the same year that have a value
//! of that metric. The percentile is interpolated between the sorted values (as a spreadsheet's
//! PERCENTILE.INC), and a group needs at least `MIN_PEERS` values: with fewer, nothing stands
//! out. Only the high side is listed (more refusals, more corrections, more errors, more
//! applications than nearly all peers).

use super::data::Data;
use crate::export::metrics::METRICS;
use std::collections::HashMap;

/// The fewest values a group of peers needs for its percentile to mean anything.
pub const MIN_PEERS: usize = 4;

/// One outlier.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlier {
    /// Index into `Data::agencies`.
    pub agency: usize,
    pub year: i32,
    /// Index into `METRICS`.
    pub metric: usize,
    pub value: f64,
    /// The peers' 95th percentile, and how many peers there are.
    pub p95: f64,
    pub peers: usize,
}

/// The `p`-th percentile (0–100) of sorted values, interpolated.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = p / 100.0 * last as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64))
}

/// Peers: (metric, level, year) → (agency, value) of each agency that has a value.
type Peers<'a> = HashMap<(usize, Option<&'a str>, i32), Vec<(usize, f64)>>;

/// Every outlier of the data, by metric, then level and year, then value (highest first).
pub fn find(d: &Data) -> Vec<Outlier> {
    let mut groups: Peers = HashMap::new();
    for (&(a, year), values) in &d.agency_years {
        let level = d.agencies[a].level.as_deref();
        for (m, v) in values.iter().enumerate() {
            if let Some(x) = v.value {
                groups.entry((m, level, year)).or_default().push((a, x));
            }
        }
    }
    let mut out = Vec::new();
    for ((metric, _, year), members) in groups {
        if members.len() < MIN_PEERS {
            continue;
        }
        let mut sorted: Vec<f64> = members.iter().map(|&(_, x)| x).collect();
        sorted.sort_by(f64::total_cmp);
        let Some(p95) = percentile(&sorted, 95.0) else { continue };
        for &(agency, value) in &members {
            if value > p95 {
                out.push(Outlier { agency, year, metric, value, p95, peers: members.len() });
            }
        }
    }
    out.sort_by(|a, b| (a.metric, &d.agencies[a.agency].level, a.year).cmp(&(b.metric, &d.agencies[b.agency].level, b.year)).then(b.value.total_cmp(&a.value)));
    debug_assert!(out.iter().all(|o| o.metric < METRICS.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolated_percentile() {
        assert_eq!(percentile(&[], 95.0), None);
        assert_eq!(percentile(&[3.0], 95.0), Some(3.0));
        // [0, 0, 0, 1]: rank 2.85 → 0 + (1 − 0) × 0.85.
        assert!((percentile(&[0.0, 0.0, 0.0, 1.0], 95.0).unwrap() - 0.85).abs() < 1e-12);
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 50.0), Some(3.0));
    }

    #[test]
    fn only_values_above_the_peers_p95_and_groups_of_enough_peers() {
        let mut d = Data::default();
        for (i, level) in ["county", "county", "county", "county", "city", "city"].iter().enumerate() {
            d.agencies.push(super::super::data::Agency { key: format!("a{i}"), level: Some(level.to_string()), ..Default::default() });
        }
        let errors = METRICS.iter().position(|m| m.id == "errors_per_report").unwrap();
        for (a, x) in [(0, 0.0), (1, 0.0), (2, 0.0), (3, 4.0), (4, 0.0), (5, 9.0)] {
            let mut v = vec![super::super::data::Value::default(); METRICS.len()];
            v[errors].value = Some(x);
            d.agency_years.insert((a, 2024), v);
        }
        let o = find(&d);
        // County: [0, 0, 0, 4] → p95 3.4, a3 stands out; the two cities are too few to compare.
        assert_eq!(o.len(), 1);
        assert_eq!((o[0].agency, o[0].metric, o[0].value, o[0].peers), (3, errors, 4.0, 4));
        assert!((o[0].p95 - 3.4).abs() < 1e-12);
    }
}
