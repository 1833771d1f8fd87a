//! Table 2 plausibility (spec §2.3). The templates define no arithmetic for table 2, so these
//! are heuristics: warnings when figures cannot both be right, an info hint when 对外公开总数量
//! looks like the sum of the two other columns (a common misreading of the columns).

use crate::finding::{Finding, Msg, Num, Severity};
use crate::model::{Cell, Report};
use crate::vocab::TemplateId;

fn warn(cell: &Cell, zh: String, en: String) -> Finding {
    Finding::new("t2_plausibility", Severity::Warning, cell.span.clone(), Msg::new(zh, en))
}

pub fn check(r: &Report, out: &mut Vec<Finding>) {
    for b in &r.t2 {
        match (r.template, b.item) {
            (Some(TemplateId::T2019), 1) => {
                for row in ["规章", "规范性文件"] {
                    let (Some((made, _)), Some((new, _)), Some((total, tc))) = (b.int_at(row, "本年新制作数量"), b.int_at(row, "本年新公开数量"), b.int_at(row, "对外公开总数量")) else { continue };
                    if new > total || made > total {
                        out.push(warn(tc, format!("表二 · {row}：对外公开总数量 {total} 小于本年新制作 {made} 或新公开 {new} 数量"), format!("Table 2 · {row}: total published {total} is below this year's new {made}/{new}")));
                    } else if made > 0 && new > 0 && made + new == total {
                        let mut f = Finding::new(
                            "t2_column_misuse",
                            Severity::Info,
                            tc.span.clone(),
                            Msg::new(format!("表二 · {row}：对外公开总数量 {total} 恰为新制作 {made} 与新公开 {new} 之和，请确认未误解栏目含义（总数量应为累计对外公开的总数）"), format!("Table 2 · {row}: the total {total} equals new made {made} + new published {new}; check the columns were not misread")),
                        );
                        f.stated = Some(Num::Int(total));
                        out.push(f);
                    }
                }
            }
            (Some(TemplateId::T2019), 5 | 6 | 8) => {
                for row in &b.rows {
                    let (Some((prev, _)), Some((delta, dc))) = (b.int_at(row.label, "上一年项目数量"), b.int_at(row.label, "本年增/减")) else { continue };
                    if prev + delta < 0 {
                        out.push(warn(dc, format!("表二 · {}：上一年项目数量 {prev} 加本年增/减 {delta} 为负数", row.label), format!("Table 2 · {}: last year's {prev} plus this year's change {delta} is negative", row.label)));
                    }
                }
            }
            (Some(TemplateId::T2021), 1) => {
                for row in ["规章", "行政规范性文件"] {
                    let (Some((made, mc)), Some((gone, _)), Some((valid, _))) = (b.int_at(row, "本年制发件数"), b.int_at(row, "本年废止件数"), b.int_at(row, "现行有效件数")) else { continue };
                    if made > valid + gone {
                        out.push(warn(mc, format!("表二 · {row}：本年制发 {made} 件多于现行有效 {valid} 件与本年废止 {gone} 件之和"), format!("Table 2 · {row}: {made} made this year exceeds valid {valid} + abolished {gone}")));
                    }
                }
            }
            _ => {}
        }
    }
}
