//! The country's 34 provinces as a tile map: one square each, placed
//! roughly where the province lies (north at the top, the Mekong delta at
//! the bottom), shaded by its figure. Drawn on the server as inline SVG —
//! no map tiles, no script, a few kilobytes — with the figures also in the
//! table beside it for whoever does not read colours.

use crate::i18n::Lang;
use maud::{html, Markup};

/// Where each province's tile sits: (GSO code, column, row).
const TILES: [(&str, u16, u16); 34] = [
    ("12", 0, 0),  // Lai Châu
    ("15", 1, 0),  // Lào Cai
    ("08", 2, 0),  // Tuyên Quang
    ("04", 3, 0),  // Cao Bằng
    ("11", 0, 1),  // Điện Biên
    ("14", 1, 1),  // Sơn La
    ("25", 2, 1),  // Phú Thọ
    ("19", 3, 1),  // Thái Nguyên
    ("20", 4, 1),  // Lạng Sơn
    ("01", 2, 2),  // Hà Nội
    ("24", 3, 2),  // Bắc Ninh
    ("22", 4, 2),  // Quảng Ninh
    ("37", 2, 3),  // Ninh Bình
    ("33", 3, 3),  // Hưng Yên
    ("31", 4, 3),  // Hải Phòng
    ("38", 2, 4),  // Thanh Hóa
    ("40", 2, 5),  // Nghệ An
    ("42", 3, 6),  // Hà Tĩnh
    ("44", 3, 7),  // Quảng Trị
    ("46", 4, 8),  // Huế
    ("48", 4, 9),  // Đà Nẵng
    ("51", 4, 10), // Quảng Ngãi
    ("52", 4, 11), // Gia Lai
    ("66", 4, 12), // Đắk Lắk
    ("68", 3, 13), // Lâm Đồng
    ("56", 4, 13), // Khánh Hòa
    ("80", 1, 14), // Tây Ninh
    ("79", 2, 14), // Thành phố Hồ Chí Minh
    ("75", 3, 14), // Đồng Nai
    ("91", 0, 15), // An Giang
    ("82", 1, 15), // Đồng Tháp
    ("86", 2, 15), // Vĩnh Long
    ("96", 0, 16), // Cà Mau
    ("92", 1, 16), // Cần Thơ
];

const TILE_WIDTH: u16 = 64;
const TILE_HEIGHT: u16 = 36;
const GAP: u16 = 3;

/// Shades from none to the most, light to dark (ColorBrewer "Blues"); the
/// two darkest carry white text.
const SHADES: [&str; 5] = ["#f1f5f9", "#c6dbef", "#9ecae1", "#4292c6", "#08519c"];
const HIDDEN_SHADE: &str = "#d9d9d9";

/// The shade class of `value` against the largest figure: 0 for none,
/// then four equal steps up to the largest.
fn shade(value: i64, max: i64) -> usize {
    if value <= 0 || max <= 0 {
        return 0;
    }
    let step = value.saturating_mul(4).saturating_add(max - 1) / max;
    usize::try_from(step.clamp(1, 4)).unwrap_or(4)
}

/// The tile map; `figures` by GSO code, `None` for a figure too small to
/// publish; `name` gives a province's name by its code.
pub fn map(
    lang: Lang,
    caption: &str,
    figures: &[(String, Option<i64>)],
    name: &dyn Fn(&str) -> String,
) -> Markup {
    let max = figures.iter().filter_map(|(_, n)| *n).max().unwrap_or(0);
    let figure_of = |code: &str| {
        figures
            .iter()
            .find(|(c, _)| c == code)
            .map_or(Some(0), |(_, n)| *n)
    };
    let columns = TILES.iter().map(|t| t.1).max().unwrap_or(0) + 1;
    let rows = TILES.iter().map(|t| t.2).max().unwrap_or(0) + 1;
    let width = columns * (TILE_WIDTH + GAP);
    let height = rows * (TILE_HEIGHT + GAP);
    html! {
        figure.province-map {
            svg #province-map role="img" aria-labelledby="province-map-title" viewBox={ "0 0 " (width) " " (height) } {
                title #province-map-title { (caption) }
                @for (code, column, row) in TILES {
                    @let value = figure_of(code);
                    @let class = value.map(|n| shade(n, max));
                    @let fill = class.and_then(|c| SHADES.get(c).copied()).unwrap_or(HIDDEN_SHADE);
                    @let ink = if class.is_some_and(|c| c >= 3) { "#fff" } else { "#1b1b1b" };
                    @let full = name(code);
                    @let x = column * (TILE_WIDTH + GAP);
                    @let y = row * (TILE_HEIGHT + GAP);
                    g data-province=(code) {
                        title { (full) ": " (value.map_or_else(|| lang.t("statistics-hidden"), |n| n.to_string())) }
                        rect x=(x) y=(y) width=(TILE_WIDTH) height=(TILE_HEIGHT) rx="3" fill=(fill) stroke="#8a99a8" stroke-width="0.5" {}
                        text x=(x + TILE_WIDTH / 2) y=(y + 14) font-size="8.5" text-anchor="middle" fill=(ink) { (short_name(&full)) }
                        text x=(x + TILE_WIDTH / 2) y=(y + 29) font-size="12" font-weight="700" text-anchor="middle" fill=(ink) {
                            (value.map_or_else(|| "—".to_owned(), |n| n.to_string()))
                        }
                    }
                }
            }
            figcaption {
                ul.legend {
                    @for (class, fill) in SHADES.iter().enumerate() {
                        @if let Some(text) = legend_text(class, max) {
                            li { (swatch(fill)) (text) }
                        }
                    }
                    li { (swatch(HIDDEN_SHADE)) (lang.t("statistics-hidden")) }
                }
            }
        }
    }
}

/// A legend's colour sample (drawn, since the pages allow no inline style).
fn swatch(fill: &str) -> Markup {
    html! {
        svg.swatch width="14" height="14" aria-hidden="true" focusable="false" {
            rect width="14" height="14" fill=(fill) stroke="#8a99a8" stroke-width="0.5" {}
        }
    }
}

/// "Tỉnh Lào Cai" → "Lào Cai", "Thành phố Hồ Chí Minh" → "Hồ Chí Minh":
/// the tile has room for the proper name only.
fn short_name(name: &str) -> &str {
    ["Thành phố ", "Tỉnh ", "City of ", "Province of "]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(name)
}

/// What a shade stands for: "0", "1–10", … up to the largest figure;
/// `None` for a shade no figure can take (when the largest is small).
fn legend_text(class: usize, max: i64) -> Option<String> {
    if class == 0 || max <= 0 {
        return (class == 0).then(|| "0".to_owned());
    }
    let class = i64::try_from(class).unwrap_or(4);
    let upper = |c: i64| (max.saturating_mul(c)) / 4;
    let low = upper(class - 1).saturating_add(1);
    let high = upper(class);
    match low.cmp(&high) {
        std::cmp::Ordering::Less => Some(format!("{low}–{high}")),
        std::cmp::Ordering::Equal => Some(low.to_string()),
        std::cmp::Ordering::Greater => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_has_its_own_tile() {
        let mut codes: Vec<&str> = TILES.iter().map(|t| t.0).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 34);
        let mut places: Vec<(u16, u16)> = TILES.iter().map(|t| (t.1, t.2)).collect();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), 34, "two provinces on one tile");
    }

    #[test]
    fn shades_step_up_to_the_largest_figure() {
        assert_eq!(shade(0, 40), 0);
        assert_eq!(shade(1, 40), 1);
        assert_eq!(shade(10, 40), 1);
        assert_eq!(shade(11, 40), 2);
        assert_eq!(shade(30, 40), 3);
        assert_eq!(shade(31, 40), 4);
        assert_eq!(shade(40, 40), 4);
        assert_eq!(legend_text(1, 40).as_deref(), Some("1–10"));
        assert_eq!(legend_text(4, 40).as_deref(), Some("31–40"));
        // With 2 at most, the shades that no figure takes are left out.
        let shown: Vec<_> = (0..5).filter_map(|c| legend_text(c, 2)).collect();
        assert_eq!(shown, ["0", "1", "2"]);
        assert_eq!(shade(1, 2), 2);
        assert_eq!(shade(2, 2), 4);
    }
}
