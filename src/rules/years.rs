//! Year rules (spec §2.6): no year later than the report year + 1 outside plans and ranges;
//! statistics stated under the following year are suspicious; the statistics period must be
//! the report year.

use crate::finding::{Finding, Msg, Num, Severity};
use crate::model::Report;

pub fn check(r: &Report, out: &mut Vec<Finding>) {
    let Some((y, _)) = r.year else { return };
    for m in &r.years {
        if m.stat_period && m.year != y {
            let mut f = Finding::new("year_stat_period", Severity::Warning, m.span.clone(), Msg::new(format!("统计期限应为{y}年，这里写的是{}年", m.year), format!("The statistics period should be {y}, not {}", m.year)));
            f.stated = Some(Num::Int(m.year as i64));
            f.expected = Some(Num::Int(y as i64));
            out.push(f);
        } else if m.planning {
            continue;
        } else if m.year > y + 1 {
            let mut f = Finding::new("year_future", Severity::Error, m.span.clone(), Msg::new(format!("{y}年度报告中出现{}年，晚于报告年度次年，疑为笔误", m.year), format!("A {y} report mentions {}, later than the following year: likely a typo", m.year)));
            f.stated = Some(Num::Int(m.year as i64));
            f.expected = Some(Num::Int(y as i64));
            out.push(f);
        } else if m.year == y + 1 && m.with_stats {
            let mut f = Finding::new("year_next_with_stats", Severity::Warning, m.span.clone(), Msg::new(format!("{}年下陈述了已完成的统计数字，报告年度为{y}年，请核对年份", m.year), format!("Completed statistics are stated under {}, but the report year is {y}", m.year)));
            f.stated = Some(Num::Int(m.year as i64));
            f.expected = Some(Num::Int(y as i64));
            out.push(f);
        }
    }
}
