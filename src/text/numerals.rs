//! Numbers as narrative text writes them: read (`parse_cn_number`: `41`, `４１`, `十二`,
//! `一百零五`) and written back in the same style (`number_like`), so that a fix to a sentence's
//! number keeps the sentence's way of writing it.

/// Parse a Chinese or Arabic number as written in narrative text: `41`, `４１`, `两`, `十二`,
/// `一百零五`, `三千`. Returns `None` for anything else.
pub fn parse_cn_number(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        let mut v: i64 = 0;
        for c in s.chars() {
            let d = if c.is_ascii_digit() { c as i64 - '0' as i64 } else { c as i64 - '０' as i64 };
            v = v.checked_mul(10)?.checked_add(d)?;
        }
        return Some(v);
    }
    let digit = |c: char| -> Option<i64> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut total: i64 = 0;
    let mut section: i64 = 0;
    let mut current: i64 = 0;
    let mut any = false;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = d;
            any = true;
            continue;
        }
        let mult = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            _ => return None,
        };
        any = true;
        if mult == 10_000 {
            section += current;
            total += section * 10_000;
            section = 0;
        } else {
            if current == 0 && mult == 10 {
                current = 1;
            }
            section += current * mult;
        }
        current = 0;
    }
    if !any {
        return None;
    }
    Some(total + section + current)
}

/// `v` written the way `like` writes its number: Chinese numerals (`一百零五`) when `like` uses
/// them and `v` is below 10,000, full-width digits when `like` does, ASCII digits otherwise. A
/// narrative fix keeps the sentence's style; `parse_cn_number` reads every result back as `v`.
pub fn number_like(like: &str, v: i64) -> String {
    let chinese = like.chars().any(|c| matches!(c, '零' | '〇' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千'));
    if chinese && (0..10_000).contains(&v) {
        return chinese_numerals(v);
    }
    if like.chars().any(|c| ('０'..='９').contains(&c)) && v >= 0 {
        return v.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)).collect();
    }
    v.to_string()
}

/// 0 ≤ `v` < 10,000 in Chinese numerals: 零, 七, 十二, 一百零五, 一千零五十, 三千.
fn chinese_numerals(v: i64) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if v == 0 {
        return "零".to_string();
    }
    let places = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut out = String::new();
    let mut gap = false;
    for (p, unit) in places {
        let d = (v / p % 10) as usize;
        if d == 0 {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push('零');
            gap = false;
        }
        // 十二, not 一十二, at the start; 一百一十 inside.
        if !(p == 10 && d == 1 && out.is_empty()) {
            out.push(DIGITS[d]);
        }
        if p > 1 {
            out.push(unit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn writes_in_the_style_of_the_original() {
        assert_eq!(number_like("95", 96), "96");
        assert_eq!(number_like("９５", 106), "１０６");
        assert_eq!(number_like("五", 12), "十二");
        assert_eq!(number_like("十二", 105), "一百零五");
        assert_eq!(number_like("三", 1050), "一千零五十");
        assert_eq!(number_like("三", 110), "一百一十");
        assert_eq!(number_like("三", 0), "零");
        assert_eq!(number_like("三", 12_345), "12345");
    }

    proptest! {
        #[test]
        fn chinese_numerals_read_back(v in 0i64..10_000) {
            prop_assert_eq!(parse_cn_number(&number_like("三", v)), Some(v));
            prop_assert_eq!(parse_cn_number(&number_like("３", v)), Some(v));
        }
    }
}
