//! Floats as the views print them (Erlang's `:erlang.float_to_binary(x, decimals: n)`) and clamp them,
//! without core's float formatting: `{:.1}` and `f64::clamp` (whose panic message prints its bounds) would
//! link Grisu and Dragon into the bundle.

use std::fmt;

/// 2^53: from here on every `f64` is a whole number.
const WHOLE: f64 = 9_007_199_254_740_992.0;
/// 2^64: the first whole `f64` that a `u64` cannot hold.
const BEYOND_U64: f64 = 18_446_744_073_709_551_616.0;

/// `x` printed with `decimals` digits after the point (at most 15), as `format!("{x:.decimals$}")`
/// prints it: rounded half to even on `x`'s exact value, `-` on any negative `x` (`-0.0` too), `NaN`,
/// `inf` and `-inf`.
///
/// ```
/// use tasklane::model::float::Fixed;
/// assert_eq!([Fixed(1.25, 1).to_string(), Fixed(0.35, 1).to_string(), Fixed(-2.0, 0).to_string()], ["1.2", "0.3", "-2"]);
/// ```
#[derive(Clone, Copy)]
pub struct Fixed(pub f64, pub usize);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fixed(x, decimals) = *self;
        if x.is_nan() {
            return f.write_str("NaN");
        }
        if x.is_sign_negative() {
            f.write_str("-")?;
        }
        if x.is_infinite() {
            return f.write_str("inf");
        }
        let (whole, fraction) = split(x.abs(), decimals);
        write_whole(f, whole)?;
        if decimals > 0 {
            write!(f, ".{fraction:0decimals$}")?;
        }
        Ok(())
    }
}

/// A finite `x ≥ 0` as its whole part and its first `decimals` decimals as a whole number, rounded to the
/// nearest (half to even) on `x`'s exact value: `x · 10^decimals` is rounded once when multiplied, and
/// its rounding error (Dekker's exact product) settles ties.
fn split(x: f64, decimals: usize) -> (f64, u64) {
    if x >= WHOLE {
        return (x, 0);
    }
    let whole = x.trunc();
    let scale = 10u64.pow(decimals as u32);
    let (fraction, p) = (x - whole, scale as f64);
    let scaled = fraction * p;
    let error = product_error(fraction, p, scaled);
    let digits = scaled.trunc();
    let rest = scaled - digits;
    let mut digits = digits as u64;
    // A tie goes to the even last printed digit: the fraction's, or with no decimals the whole part's.
    let odd = if decimals == 0 { whole as u64 % 2 == 1 } else { digits % 2 == 1 };
    if rest > 0.5 || (rest == 0.5 && (error > 0.0 || (error == 0.0 && odd))) {
        digits += 1;
    }
    if digits == scale { (whole + 1.0, 0) } else { (whole, digits) }
}

/// `a · b − product` exactly, for `product` the rounded `a · b` (Dekker's two-product, without FMA).
fn product_error(a: f64, b: f64, product: f64) -> f64 {
    let halves = |v: f64| {
        let c = 134_217_729.0 * v;
        let high = c - (c - v);
        (high, v - high)
    };
    let ((ah, al), (bh, bl)) = (halves(a), halves(b));
    ((ah * bh - product) + ah * bl + al * bh) + al * bl
}

/// A whole `f64 ≥ 0` in decimal: through `u64` when it fits, else its mantissa's digits doubled once per
/// power of two.
fn write_whole(f: &mut fmt::Formatter<'_>, whole: f64) -> fmt::Result {
    if whole < BEYOND_U64 {
        return write!(f, "{}", whole as u64);
    }
    let bits = whole.to_bits();
    let (mantissa, exponent) = ((bits & ((1 << 52) - 1)) | (1 << 52), (bits >> 52) - 1075);
    let mut digits: Vec<u8> = mantissa.to_string().bytes().rev().map(|b| b - b'0').collect();
    for _ in 0..exponent {
        let mut carry = 0;
        for d in &mut digits {
            let doubled = *d * 2 + carry;
            (*d, carry) = (doubled % 10, doubled / 10);
        }
        if carry > 0 {
            digits.push(carry);
        }
    }
    f.write_str(&digits.iter().rev().map(|d| char::from(b'0' + d)).collect::<String>())
}

/// `x` kept within `low..=high`, as `f64::clamp` does for `low <= high` (a NaN `x` stays NaN), without its
/// panic for other bounds: then `low` if `x` is below it, else `high` if `x` is above it.
///
/// ```
/// use tasklane::model::float::clamp;
/// assert_eq!([clamp(-1.0, 0.0, 2.0), clamp(1.5, 0.0, 2.0), clamp(3.0, 0.0, 2.0)], [0.0, 1.5, 2.0]);
/// ```
pub fn clamp(x: f64, low: f64, high: f64) -> f64 {
    if x < low {
        low
    } else if x > high {
        high
    } else {
        x
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::{Fixed, clamp};

    fn fixed(x: f64, decimals: usize) -> String {
        Fixed(x, decimals).to_string()
    }

    #[test]
    fn exact_ties_round_half_to_even() {
        assert_eq!(
            [fixed(0.25, 1), fixed(0.75, 1), fixed(0.125, 2), fixed(2.5, 0), fixed(3.5, 0)],
            ["0.2", "0.8", "0.12", "2", "4"]
        );
    }

    #[test]
    fn decimals_that_are_not_exact_round_on_the_exact_value() {
        // 0.35 is 0.34999…, 0.15 is 0.1499…, 2.675 is 2.67499…, 1.005 is 1.00499…
        assert_eq!([fixed(0.35, 1), fixed(0.15, 1), fixed(2.675, 2), fixed(1.005, 2)], ["0.3", "0.1", "2.67", "1.00"]);
    }

    #[test]
    fn rounding_up_carries_into_the_whole_part() {
        assert_eq!([fixed(9.96, 1), fixed(0.999, 2), fixed(99.5, 0)], ["10.0", "1.00", "100"]);
    }

    #[test]
    fn negatives_keep_their_sign_even_when_they_round_to_zero() {
        assert_eq!([fixed(-1.25, 1), fixed(-0.04, 1), fixed(-0.0, 2), fixed(-7.0, 0)], ["-1.2", "-0.0", "-0.00", "-7"]);
    }

    #[test]
    fn nan_and_infinities_print_as_rust_prints_them() {
        assert_eq!(
            [fixed(f64::NAN, 1), fixed(-f64::NAN, 1), fixed(f64::INFINITY, 2), fixed(f64::NEG_INFINITY, 0)],
            ["NaN", "NaN", "inf", "-inf"]
        );
    }

    #[test]
    fn whole_numbers_beyond_u64_print_every_digit() {
        for x in [2f64.powi(64), 1e20, 1e300, f64::MAX, -f64::MAX] {
            assert_eq!(fixed(x, 1), format!("{x:.1}"));
        }
    }

    #[test]
    fn clamp_keeps_nan_and_does_not_panic_on_crossed_bounds() {
        assert!(clamp(f64::NAN, 0.0, 1.0).is_nan());
        assert_eq!([clamp(-1.0, 2.0, 1.0), clamp(3.0, 2.0, 1.0), clamp(1.5, 2.0, 1.0)], [2.0, 1.0, 2.0]);
    }

    proptest! {
        #[test]
        fn fixed_prints_what_std_prints(bits in any::<u64>(), decimals in 0usize..=15) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(fixed(x, decimals), format!("{x:.decimals$}"));
        }

        #[test]
        fn fixed_prints_what_std_prints_for_short_decimals(n in -100_000_000i64..100_000_000, scale in 0u32..=6, decimals in 0usize..=6) {
            let x = n as f64 / 10f64.powi(scale as i32);
            prop_assert_eq!(fixed(x, decimals), format!("{x:.decimals$}"));
        }

        #[test]
        fn fixed_prints_what_std_prints_for_halves(n in -1_000_000i64..1_000_000, decimals in 0usize..=4) {
            let x = (n as f64 + 0.5) / 10f64.powi(decimals as i32);
            prop_assert_eq!(fixed(x, decimals), format!("{x:.decimals$}"));
        }

        #[test]
        fn clamp_matches_std_for_ordered_bounds(x in any::<f64>(), a in -1e6f64..1e6, b in -1e6f64..1e6) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert_eq!(clamp(x, low, high).to_bits(), x.clamp(low, high).to_bits());
        }
    }
}
