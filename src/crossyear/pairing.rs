//! Pairing: which report is the same agency's report of the year before. Reports are grouped
//! by their agency key (`agency::key`); two keys that differ only by a leading place name
//! (`淮安市洪泽区政府` / `洪泽区政府`) or by 政府办公室 / 办公室 join one group when that is
//! unambiguous (the shorter key has exactly one such longer partner in the run). In a group,
//! the report of year Y is paired with the report of year Y−1 when there is exactly one.

use super::agency::{office_short, with_place_prefix, Identity};
use std::collections::HashMap;
use std::sync::Arc;

/// Why a report has no previous year's report to be compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unpaired {
    /// The title names no agency or no year.
    NoIdentity,
    /// No report of the agency's year before is in the run.
    NoPrevious,
    /// Several reports of the year before (their indices, shared by every report of the
    /// group and year that has them as candidates): none is chosen.
    Ambiguous(Arc<[usize]>),
}

/// For every report (by index), the index of its previous year's report, or why there is none.
pub fn pair(ids: &[Option<Identity>]) -> Vec<Result<usize, Unpaired>> {
    let group = groups(ids);
    let mut by_group_year: HashMap<(usize, i32), Vec<usize>> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        if let (Some(id), Some(g)) = (id, group[i]) {
            by_group_year.entry((g, id.year)).or_default().push(i);
        }
    }
    let by_group_year: HashMap<(usize, i32), Arc<[usize]>> = by_group_year.into_iter().map(|(k, v)| (k, v.into())).collect();
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            let (Some(id), Some(g)) = (id, group[i]) else { return Err(Unpaired::NoIdentity) };
            match by_group_year.get(&(g, id.year - 1)) {
                Some(one) if one.len() == 1 => Ok(one[0]),
                Some(many) if many.len() > 1 => Err(Unpaired::Ambiguous(many.clone())),
                _ => Err(Unpaired::NoPrevious),
            }
        })
        .collect()
}

/// Each report's agency as pairing joins them: the longest key of its group (the one that
/// names the most places: `淮安市洪泽区政府` for `洪泽区政府` too; the first in sort order on
/// a tie), `None` without an identity. `export` groups agency-years by it.
pub fn joined_keys(ids: &[Option<Identity>]) -> Vec<Option<String>> {
    let group = groups(ids);
    let mut best: HashMap<usize, &str> = HashMap::new();
    for (id, g) in ids.iter().zip(&group) {
        if let (Some(id), Some(g)) = (id, g) {
            let k = id.key.as_str();
            let e = best.entry(*g).or_insert(k);
            if (k.chars().count(), std::cmp::Reverse(k)) > (e.chars().count(), std::cmp::Reverse(*e)) {
                *e = k;
            }
        }
    }
    group.iter().map(|g| g.map(|g| best[&g].to_string())).collect()
}

/// A group number per report (`None` without an identity): equal keys share one, and a key
/// joins its one unambiguous variant's group.
fn groups(ids: &[Option<Identity>]) -> Vec<Option<usize>> {
    let mut keys: Vec<&str> = ids.iter().flatten().map(|i| i.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    // Union-find over the distinct keys.
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let index: HashMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    // Each shorter key's longer partners, found from the longer key's suffixes and office
    // spelling (linear in the keys' length, not quadratic in their number).
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    for (l, long) in keys.iter().enumerate() {
        for (at, _) in long.char_indices().skip(1) {
            if let Some(&s) = index.get(&long[at..]) {
                if with_place_prefix(long, keys[s]) {
                    partners[s].push(l);
                }
            }
        }
        if let Some(&s) = office_short(long).and_then(|short| index.get(short.as_str())) {
            partners[s].push(l);
        }
    }
    for (s, ls) in partners.iter().enumerate() {
        if let [l] = ls[..] {
            let (a, b) = (root(&mut parent, s), root(&mut parent, l));
            parent[a] = b;
        }
    }
    ids.iter().map(|id| id.as_ref().map(|id| root(&mut parent, index[id.key.as_str()]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(agency: &str, year: i32) -> Option<Identity> {
        let a = crate::agency::read(agency).unwrap();
        Some(Identity { agency: a.name, key: a.key, level: a.level, kind: a.kind, year })
    }

    #[test]
    fn consecutive_years_of_one_agency() {
        let ids = [id("洪泽区人民政府", 2023), id("淮安市洪泽区人民政府", 2024), id("淮安市人民政府", 2024), None];
        assert_eq!(pair(&ids), vec![Err(Unpaired::NoPrevious), Ok(0), Err(Unpaired::NoPrevious), Err(Unpaired::NoIdentity)]);
    }

    #[test]
    fn three_years_each_with_its_predecessor() {
        let ids = [id("某市司法局", 2024), id("某市司法局", 2022), id("某市司法局", 2023)];
        assert_eq!(pair(&ids), vec![Ok(2), Err(Unpaired::NoPrevious), Ok(1)]);
    }

    #[test]
    fn a_gap_year_is_not_paired() {
        let ids = [id("某市司法局", 2021), id("某市司法局", 2023)];
        assert_eq!(pair(&ids), vec![Err(Unpaired::NoPrevious), Err(Unpaired::NoPrevious)]);
    }

    #[test]
    fn ambiguous_prefix_is_not_joined() {
        // 洪泽区政府 could be 淮安市's or 宿迁市's: neither is paired with it.
        let ids = [id("淮安市洪泽区人民政府", 2023), id("宿迁市洪泽区人民政府", 2023), id("洪泽区人民政府", 2024)];
        assert_eq!(pair(&ids)[2], Err(Unpaired::NoPrevious));
    }

    #[test]
    fn two_reports_of_last_year_are_ambiguous() {
        let ids = [id("某市司法局", 2023), id("某市司法局", 2023), id("某市司法局", 2024)];
        assert_eq!(pair(&ids)[2], Err(Unpaired::Ambiguous(vec![0, 1].into())));
    }

    #[test]
    fn joined_keys_name_each_group_by_its_longest_key() {
        let ids = [id("洪泽区人民政府", 2023), id("淮安市洪泽区人民政府", 2024), id("淮安市人民政府", 2024), None, id("拱墅区政府办公室", 2020), id("拱墅区办公室", 2022)];
        let keys = joined_keys(&ids);
        assert_eq!(keys[0].as_deref(), Some("淮安市洪泽区政府"));
        assert_eq!(keys[1].as_deref(), Some("淮安市洪泽区政府"));
        assert_eq!(keys[2].as_deref(), Some("淮安市政府"));
        assert_eq!(keys[3], None);
        assert_eq!(keys[4].as_deref(), Some("拱墅区政府办公室"));
        assert_eq!(keys[5].as_deref(), Some("拱墅区政府办公室"));
    }

    #[test]
    fn office_spellings() {
        let ids = [id("拱墅区政府办公室", 2020), id("拱墅区人民政府办公室", 2021), id("拱墅区办公室", 2022)];
        assert_eq!(pair(&ids), vec![Err(Unpaired::NoPrevious), Ok(0), Ok(1)]);
    }
}
