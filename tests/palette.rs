//! The timeline's palette, read from `style/main.css` as the browser reads it: in each theme every
//! mark and bar stands out from the page (3:1, WCAG's non-text contrast), every exit reason differs
//! from every other and every message kind from every other, for normal vision and simulated
//! protanopia, deuteranopia and tritanopia, and no bar colour repeats a mark colour.
//!
//! Bars (a process's life, coloured by how it ended) and marks (messages and timers, thin ticks
//! across the row) differ in shape, so the colour-vision checks apply within each family; across
//! the families the colours must still differ for normal vision, so that `call` never reads as
//! "running" or `reply` as a crash.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

const CSS: &str = include_str!("../style/main.css");

/// The lane bars' classes: running, then each exit reason.
const BARS: [&str; 7] = ["running", "normal", "shutdown", "killed", "timeout", "error", "noproc"];
/// The marks' classes: each message kind, timers, and restarts.
const MARKS: [&str; 6] = ["call", "cast", "info", "reply", "timer", "restart"];

/// Least CIEDE2000 difference between two colours of one family, for normal vision.
const WITHIN: f64 = 20.0;
/// Least difference between two colours of one family under each simulated colour-vision deficiency.
const WITHIN_CVD: f64 = 9.0;
/// Least difference between a bar colour and a mark colour, for normal vision.
const ACROSS: f64 = 9.0;

type Rgb = [f64; 3];

/// The custom properties declared in a block's text (`--name: value;`), comments left out.
fn properties(block: &str) -> BTreeMap<String, String> {
    let mut text = String::new();
    let mut rest = block;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    text.split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let name = name.trim();
            name.starts_with("--").then(|| (name.to_string(), value.trim().to_string()))
        })
        .collect()
}

/// The text between the braces that follow `selector`'s first occurrence after `from`.
fn block_after<'a>(css: &'a str, selector: &str, from: usize) -> &'a str {
    let at = from + css[from..].find(selector).unwrap_or_else(|| panic!("{selector} is in main.css"));
    let open = at + css[at..].find('{').expect("a block");
    let close = open + css[open..].find('}').expect("the block ends");
    &css[open + 1..close]
}

/// Each theme's custom properties: light (`:root`), and dark (`:root` with the dark overrides).
fn themes() -> [(&'static str, BTreeMap<String, String>); 2] {
    let light = properties(block_after(CSS, ":root", 0));
    let dark_at = CSS.find("@media (prefers-color-scheme: dark)").expect("a dark theme");
    let mut dark = light.clone();
    dark.extend(properties(block_after(CSS, ":root", dark_at)));
    [("light", light), ("dark", dark)]
}

fn hex(text: &str) -> Option<Rgb> {
    let h = text.strip_prefix('#').filter(|h| h.len() == 6)?;
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok().map(f64::from);
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// A value in `theme`: a colour, or a `var(--name)` of one.
fn resolve(theme: &BTreeMap<String, String>, value: &str) -> Rgb {
    match value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
        Some(name) => resolve(theme, theme.get(name).unwrap_or_else(|| panic!("{name} is defined"))),
        None => hex(value).unwrap_or_else(|| panic!("{value} is a #rrggbb colour")),
    }
}

/// The colour the legend swatch of `class` gives the canvas, in `theme`.
fn swatch(theme: &BTreeMap<String, String>, class: &str) -> Rgb {
    let block = block_after(CSS, &format!(".swatch.{class} {{"), 0);
    let value = properties(block).remove("--c").unwrap_or_else(|| panic!(".swatch.{class} sets --c"));
    resolve(theme, &value)
}

fn linear(c: f64) -> f64 {
    let c = c / 255.0;
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn luminance(c: Rgb) -> f64 {
    let [r, g, b] = c.map(linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG 2 contrast ratio.
fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[derive(Clone, Copy, Debug)]
enum Vision {
    Normal,
    Protan,
    Deutan,
    Tritan,
}

/// Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB.
fn simulate(c: Rgb, vision: Vision) -> [f64; 3] {
    let m = match vision {
        Vision::Normal => return c.map(linear),
        Vision::Protan => {
            [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
        }
        Vision::Deutan => {
            [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
        }
        Vision::Tritan => {
            [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
        }
    };
    let l = c.map(linear);
    [0, 1, 2].map(|i| (m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]).clamp(0.0, 1.0))
}

/// CIELAB (D65) of a linear-RGB colour.
fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation).
fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    let ([l1, a1, b1], [l2, a2, b2]) = (a, b);
    let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let g = 0.5 * (1.0 - (c_bar.powi(7) / (c_bar.powi(7) + 25f64.powi(7))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| b.atan2(a).to_degrees().rem_euclid(360.0);
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
    let dh = if c1p * c2p == 0.0 {
        0.0
    } else if (h2p - h1p).abs() <= 180.0 {
        h2p - h1p
    } else if h2p - h1p > 180.0 {
        h2p - h1p - 360.0
    } else {
        h2p - h1p + 360.0
    };
    let d_l = l2 - l1;
    let d_c = c2p - c1p;
    let d_h = 2.0 * (c1p * c2p).sqrt() * (dh.to_radians() / 2.0).sin();
    let l_bar = (l1 + l2) / 2.0;
    let cp_bar = (c1p + c2p) / 2.0;
    let h_bar = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    let cos = |deg: f64| deg.to_radians().cos();
    let t = 1.0 - 0.17 * cos(h_bar - 30.0) + 0.24 * cos(2.0 * h_bar) + 0.32 * cos(3.0 * h_bar + 6.0)
        - 0.20 * cos(4.0 * h_bar - 63.0);
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let r_c = 2.0 * (cp_bar.powi(7) / (cp_bar.powi(7) + 25f64.powi(7))).sqrt();
    let s_l = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
    let s_c = 1.0 + 0.045 * cp_bar;
    let s_h = 1.0 + 0.015 * cp_bar * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    ((d_l / s_l).powi(2) + (d_c / s_c).powi(2) + (d_h / s_h).powi(2) + r_t * (d_c / s_c) * (d_h / s_h)).sqrt()
}

fn difference(a: Rgb, b: Rgb, vision: Vision) -> f64 {
    delta_e(lab(simulate(a, vision)), lab(simulate(b, vision)))
}

/// Every pair of `family` closer than `least` under `vision`, as "a/b ΔE".
fn too_close(colours: &BTreeMap<&str, Rgb>, family: &[&str], vision: Vision, least: f64) -> Vec<String> {
    let mut found = Vec::new();
    for (i, a) in family.iter().enumerate() {
        for b in &family[i + 1..] {
            let d = difference(colours[a], colours[b], vision);
            if d < least {
                found.push(format!("{a}/{b} {d:.1}"));
            }
        }
    }
    found
}

#[test]
fn the_colour_math_matches_published_values() {
    // Sharma, Wu and Dalal (2005), table 1, pairs 1 and 17.
    assert!((delta_e([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485]) - 2.0425).abs() < 1e-4);
    assert!((delta_e([50.0, 2.5, 0.0], [73.0, 25.0, -18.0]) - 27.1492).abs() < 1e-4);
    assert!((contrast([255.0; 3], [0.0; 3]) - 21.0).abs() < 1e-9);
    // Pure red and green are far apart, and all but the same to a deuteranope.
    let (red, green) = ([255.0, 0.0, 0.0], [0.0, 128.0, 0.0]);
    assert!(difference(red, green, Vision::Normal) > 40.0);
    assert!(difference(red, green, Vision::Deutan) < difference(red, green, Vision::Normal) / 3.0);
}

#[test]
fn every_mark_and_bar_stands_out_from_the_page_at_three_to_one_in_each_theme() {
    for (name, theme) in themes() {
        let bg = resolve(&theme, "var(--bg)");
        let weak: Vec<String> = BARS
            .iter()
            .chain(&MARKS)
            .map(|class| (class, contrast(swatch(&theme, class), bg)))
            .filter(|(_, ratio)| *ratio < 3.0)
            .map(|(class, ratio)| format!("{class} {ratio:.2}:1"))
            .collect();
        assert!(weak.is_empty(), "{name}: below 3:1 on the page: {weak:?}");
        let danger = contrast(resolve(&theme, "var(--danger-text)"), bg);
        assert!(danger >= 4.5, "{name}: danger buttons' text is {danger:.2}:1");
    }
}

#[test]
fn every_exit_reason_and_every_message_kind_is_told_apart_with_each_kind_of_colour_vision() {
    for (name, theme) in themes() {
        let colours: BTreeMap<&str, Rgb> = BARS.iter().chain(&MARKS).map(|c| (*c, swatch(&theme, c))).collect();
        for family in [&BARS[..], &MARKS[..]] {
            let close = too_close(&colours, family, Vision::Normal, WITHIN);
            assert!(close.is_empty(), "{name}: too alike: {close:?}");
            for vision in [Vision::Protan, Vision::Deutan, Vision::Tritan] {
                let close = too_close(&colours, family, vision, WITHIN_CVD);
                assert!(close.is_empty(), "{name}, {vision:?}: too alike: {close:?}");
            }
        }
        let mut repeated = Vec::new();
        for bar in BARS {
            for mark in MARKS {
                let d = difference(colours[bar], colours[mark], Vision::Normal);
                if d < ACROSS {
                    repeated.push(format!("{bar}/{mark} {d:.1}"));
                }
            }
        }
        assert!(repeated.is_empty(), "{name}: a mark looks like a bar: {repeated:?}");
    }
}
