//! Exact decimals for money cells (万元): a number is kept with every digit its cell wrote,
//! as an integer mantissa and a count of decimal places, so that `4166.241619 − 18651.06` is
//! `−14484.818381`, not a float's or a fixed scale's approximation. A `Dec` is normalised (no
//! trailing zero after the point), so equal values are equal structs; it converts to `f64` only
//! where an output format has nothing else (a workbook cell), and says whether that is exact.

/// `mantissa × 10^−scale`, with `scale ≥ 1` and `mantissa` not divisible by 10 (a whole number
/// is not a `Dec`: see [`Exact::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dec {
    mantissa: i64,
    scale: u8,
}

/// The most decimal places a `Dec` holds (what an `i64` mantissa can still carry a digit of).
pub const MAX_SCALE: u32 = 18;

/// A decimal or a whole number, as [`Exact::new`] makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exact {
    Whole(i64),
    Dec(Dec),
}

impl Dec {
    pub fn mantissa(self) -> i64 {
        self.mantissa
    }

    pub fn scale(self) -> u32 {
        self.scale as u32
    }

    pub fn is_positive(self) -> bool {
        self.mantissa > 0
    }

    /// The nearest `f64`, and whether it prints back as exactly this decimal (it does for up
    /// to 15 significant digits).
    pub fn to_f64(self) -> (f64, bool) {
        let s = self.to_string();
        let f: f64 = s.parse().unwrap_or(f64::NAN);
        let back = format!("{f}");
        (f, back == s)
    }
}

/// `m × 10^−s` as a mantissa at scale `to ≥ s`, `None` past 64 bits.
fn rescale(m: i64, s: u32, to: u32) -> Option<i64> {
    m.checked_mul(10i64.checked_pow(to - s)?)
}

impl Exact {
    /// `mantissa × 10^−scale`, normalised: trailing zeros of the fraction dropped, and a whole
    /// number returned as such. `None` when `scale` exceeds [`MAX_SCALE`].
    pub fn new(mut mantissa: i64, mut scale: u32) -> Option<Exact> {
        if scale > MAX_SCALE {
            return None;
        }
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        Some(if scale == 0 { Exact::Whole(mantissa) } else { Exact::Dec(Dec { mantissa, scale: scale as u8 }) })
    }

    /// Mantissa and scale (a whole number at scale 0).
    fn parts(self) -> (i64, u32) {
        match self {
            Exact::Whole(i) => (i, 0),
            Exact::Dec(d) => (d.mantissa, d.scale()),
        }
    }

    /// `self − other`, exact; `None` past 64 bits.
    pub fn checked_sub(self, other: Exact) -> Option<Exact> {
        let ((a, sa), (b, sb)) = (self.parts(), other.parts());
        let s = sa.max(sb);
        Exact::new(rescale(a, sa, s)?.checked_sub(rescale(b, sb, s)?)?, s)
    }

    /// `self × 10^e`, exact; `None` past 64 bits.
    pub fn times_pow10(self, e: u32) -> Option<Exact> {
        let (m, s) = self.parts();
        if e >= s {
            Some(Exact::Whole(m.checked_mul(10i64.checked_pow(e - s)?)?))
        } else {
            Exact::new(m, s - e)
        }
    }
}

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let len = digits.len() as u32;
        if len > scale {
            let (int, frac) = digits.split_at((len - scale) as usize);
            write!(f, "{sign}{int}.{frac}")
        } else {
            write!(f, "{sign}0.{}{digits}", "0".repeat((scale - len) as usize))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(m: i64, s: u32) -> Exact {
        Exact::new(m, s).unwrap()
    }

    fn text(e: Exact) -> String {
        match e {
            Exact::Whole(i) => i.to_string(),
            Exact::Dec(d) => d.to_string(),
        }
    }

    #[test]
    fn keeps_every_digit() {
        // 4166.241619 − 18651.06 (issue 21's example).
        let d = dec(4_166_241_619, 6).checked_sub(dec(1_865_106, 2)).unwrap();
        assert_eq!(text(d), "-14484.818381");
        assert_eq!(text(dec(5, 1)), "0.5");
        assert_eq!(text(dec(-5, 3)), "-0.005");
        assert_eq!(text(dec(1_500, 3)), "1.5");
        assert_eq!(dec(1_500, 3), dec(15, 1), "normalised: equal values are equal");
        assert_eq!(dec(2_000, 3), Exact::Whole(2));
        assert_eq!(text(dec(123, 18)), "0.000000000000000123");
        assert_eq!(Exact::new(1, 19), None);
    }

    #[test]
    fn units_and_overflow() {
        assert_eq!(dec(23_037, 2).times_pow10(4), Some(Exact::Whole(2_303_700)));
        assert_eq!(text(dec(123_456, 6).times_pow10(4).unwrap()), "1234.56");
        assert_eq!(Exact::Whole(i64::MAX).times_pow10(1), None);
        assert_eq!(dec(1, 18).checked_sub(Exact::Whole(1_000)), None, "1000 at 18 places is past 64 bits");
    }

    #[test]
    fn floats_only_when_exact() {
        assert_eq!(match dec(-14_484_818_381, 6) { Exact::Dec(d) => d.to_f64(), _ => unreachable!() }, (-14484.818381, true));
        let Exact::Dec(long) = dec(1_234_567_890_123_456_789, 9) else { unreachable!() };
        assert!(!long.to_f64().1, "19 significant digits do not survive an f64");
    }
}
