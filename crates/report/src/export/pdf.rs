//! PDF in the layout of a Vietnamese official report (A4, the issuing body
//! and the national motto side by side, number, place and date, title,
//! period and area, the summary table, the targets, every breakdown, the
//! signature block, page numbers). Text is set in DejaVu Serif, embedded
//! (subset) so every Vietnamese diacritic prints on any machine; shaping by
//! rustybuzz through krilla. Laid out first into pages of drawing
//! operations, then drawn.

use super::{unit_vi, Labels, Letterhead, HIDDEN};
use crate::catalogue::Catalogue;
use crate::compute::{PublishedTable, Report};
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::Document;

const REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSerif.ttf");
const BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSerif-Bold.ttf");

// A4 in points; margins as Decree 30/2020 sets them (left 30 mm, right 15 mm, top and bottom 20 mm).
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const LEFT: f32 = 85.0;
const RIGHT: f32 = WIDTH - 43.0;
const TOP: f32 = 57.0;
const BOTTOM: f32 = HEIGHT - 57.0;
const SIZE: f32 = 10.5;
const LEADING: f32 = 1.35;
const PAD: f32 = 3.0;

#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be made: {0}")]
pub struct PdfError(String);

#[derive(Clone, Copy, PartialEq)]
enum Weight {
    Regular,
    Bold,
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
    },
}

/// Widths of text, by the fonts' own advances.
struct Faces {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
}

impl Faces {
    fn new() -> Result<Faces, PdfError> {
        let face = |data: &'static [u8]| {
            rustybuzz::Face::from_slice(data, 0).ok_or(PdfError("the font cannot be read".into()))
        };
        Ok(Faces {
            regular: face(REGULAR)?,
            bold: face(BOLD)?,
        })
    }

    fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        let face = match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(face, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / f32::from(face.units_per_em() as u16)
    }

    /// Lines of at most `width`, broken between words (a word longer than
    /// the width stands alone on its line).
    fn wrap(&self, text: &str, width: f32, size: f32, weight: Weight) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.width(&candidate, size, weight) > width {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Pages of operations, and where the next line goes.
struct Layout {
    faces: Faces,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Sections placed so far: the next one's number.
    sections: usize,
}

struct Column<'a> {
    width: f32,
    align: Align,
    weight: Weight,
    text: &'a str,
}

impl Layout {
    fn new() -> Result<Layout, PdfError> {
        Ok(Layout {
            faces: Faces::new()?,
            pages: vec![Vec::new()],
            y: TOP,
            sections: 0,
        })
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        // In bounds: the document has at least the page just added.
        #[allow(clippy::indexing_slicing)]
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// A new page unless `height` still fits on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.new_page();
        }
    }

    fn place(&mut self, text: &str, x: f32, width: f32, align: Align, size: f32, weight: Weight) {
        let used = self.faces.width(text, size, weight);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (width - used) / 2.0,
            Align::Right => x + width - used,
        };
        let y = self.y + size;
        self.ops().push(Op::Text {
            x,
            y,
            size,
            weight,
            text: text.to_owned(),
        });
    }

    /// A paragraph within `[x, x + width]`, wrapped.
    fn paragraph(
        &mut self,
        text: &str,
        x: f32,
        width: f32,
        align: Align,
        size: f32,
        weight: Weight,
    ) {
        for line in self.faces.wrap(text, width, size, weight) {
            self.room_for(size * LEADING);
            self.place(&line, x, width, align, size, weight);
            self.y += size * LEADING;
        }
    }

    fn centered(&mut self, text: &str, size: f32, weight: Weight) {
        self.paragraph(text, LEFT, RIGHT - LEFT, Align::Center, size, weight);
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
        self.ops().push(Op::Line { from, to });
    }

    /// One bordered table row; cells wrap, the row is as tall as its tallest cell.
    fn row(&mut self, columns: &[Column<'_>]) {
        let wrapped: Vec<Vec<String>> = columns
            .iter()
            .map(|c| self.faces.wrap(c.text, c.width - 2.0 * PAD, SIZE, c.weight))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * SIZE * LEADING + 2.0 * PAD;
        self.room_for(height);
        let top = self.y;
        let mut x = LEFT;
        for (column, cell) in columns.iter().zip(&wrapped) {
            self.y = top + PAD;
            for text in cell {
                self.place(
                    text,
                    x + PAD,
                    column.width - 2.0 * PAD,
                    column.align,
                    SIZE,
                    column.weight,
                );
                self.y += SIZE * LEADING;
            }
            self.line((x, top), (x, top + height));
            x += column.width;
        }
        self.line((x, top), (x, top + height));
        self.line((LEFT, top), (x, top));
        self.line((LEFT, top + height), (x, top + height));
        self.y = top + height;
    }

    /// A numbered section's heading, across the page.
    /// A section's title, numbered in Roman numerals in the order placed
    /// (sections a report lacks leave no gap in the numbers).
    fn section(&mut self, title: &str) {
        const NUMERALS: [&str; 8] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
        let number = NUMERALS.get(self.sections).copied().unwrap_or("");
        self.sections += 1;
        let numbered = format!("{number}. {title}");
        self.paragraph(
            &numbered,
            LEFT,
            RIGHT - LEFT,
            Align::Left,
            SIZE,
            Weight::Bold,
        );
        self.gap(3.0);
    }

    fn gap(&mut self, points: f32) {
        self.y += points;
    }
}

fn figure(value: Option<i64>) -> String {
    match value {
        // Thousands grouped with dots, as Vietnamese documents write them.
        Some(v) => {
            let digits = v.unsigned_abs().to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push('.');
                }
                out.push(c);
            }
            if v < 0 {
                format!("-{out}")
            } else {
                out
            }
        }
        None => HIDDEN.to_owned(),
    }
}

pub fn write(
    report: &Report,
    catalogue: &Catalogue,
    head: &Letterhead,
    labels: &dyn Labels,
) -> Result<Vec<u8>, PdfError> {
    let mut layout = Layout::new()?;
    letterhead(&mut layout, report, head);
    summary(&mut layout, report, catalogue);
    targets(&mut layout, report);
    programme(&mut layout, report);
    narrative(&mut layout, report);
    details(&mut layout, report, labels);
    signatures(&mut layout);
    draw(layout.pages, head)
}

fn letterhead(layout: &mut Layout, report: &Report, head: &Letterhead) {
    let half = (RIGHT - LEFT) * 0.42;
    let right_x = LEFT + half;
    let right_w = RIGHT - right_x;
    let top = layout.y;
    layout.paragraph(
        &head.issuing_body.to_uppercase(),
        LEFT,
        half,
        Align::Center,
        SIZE,
        Weight::Bold,
    );
    layout.paragraph(
        &format!("Số: {}", head.number),
        LEFT,
        half,
        Align::Center,
        SIZE,
        Weight::Regular,
    );
    let left_bottom = layout.y;
    layout.y = top;
    layout.paragraph(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        right_x,
        right_w,
        Align::Center,
        SIZE,
        Weight::Bold,
    );
    layout.paragraph(
        "Độc lập - Tự do - Hạnh phúc",
        right_x,
        right_w,
        Align::Center,
        SIZE,
        Weight::Bold,
    );
    let rule = layout.y + 1.0;
    let motto = layout
        .faces
        .width("Độc lập - Tự do - Hạnh phúc", SIZE, Weight::Bold);
    let start = right_x + (right_w - motto) / 2.0;
    layout.line((start, rule), (start + motto, rule));
    layout.gap(4.0);
    layout.paragraph(
        &head.place_and_date(),
        right_x,
        right_w,
        Align::Center,
        SIZE,
        Weight::Regular,
    );
    layout.y = layout.y.max(left_bottom) + 18.0;
    layout.centered("BÁO CÁO", 14.0, Weight::Bold);
    layout.centered(&head.title, 12.0, Weight::Bold);
    layout.centered(
        &format!("Kỳ báo cáo: {}", report.period_name_vi),
        SIZE,
        Weight::Regular,
    );
    layout.centered(
        &format!("Địa bàn: {}", head.area_name),
        SIZE,
        Weight::Regular,
    );
    layout.centered(
        &format!("Số liệu tính đến ngày {}", report.as_of.format("%d/%m/%Y")),
        SIZE,
        Weight::Regular,
    );
    if let Some(threshold) = report.suppression_threshold {
        layout.centered(
            &format!("Số nhỏ hơn {threshold} và các số có thể suy ra chúng được thay bằng “{HIDDEN}” để bảo vệ nạn nhân."),
            9.0,
            Weight::Regular,
        );
    }
    layout.gap(10.0);
}

const WIDTHS: [f32; 5] = [28.0, 220.0, 62.0, 70.0, 87.0];

fn summary(layout: &mut Layout, report: &Report, catalogue: &Catalogue) {
    layout.section("Nạn nhân bị mua bán: số liệu theo chỉ tiêu");
    header(
        layout,
        &["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"],
    );
    for (n, indicator) in report.indicators.iter().enumerate() {
        let unit = catalogue
            .indicator(&indicator.code)
            .map(|i| unit_vi(i.measure))
            .unwrap_or("người");
        let total = indicator.by_place.figures.total;
        let cells = [
            (n + 1).to_string(),
            indicator.name_vi.clone(),
            unit.to_owned(),
            figure(total),
            // The line under the title says why.
            if total.is_none() {
                "Không công bố".into()
            } else {
                String::new()
            },
        ];
        body_row(
            layout,
            &cells,
            &[
                Align::Center,
                Align::Left,
                Align::Center,
                Align::Right,
                Align::Left,
            ],
        );
    }
    layout.gap(12.0);
}

fn header(layout: &mut Layout, titles: &[&str; 5]) {
    let columns: Vec<Column<'_>> = titles
        .iter()
        .zip(WIDTHS)
        .map(|(text, width)| Column {
            width,
            align: Align::Center,
            weight: Weight::Bold,
            text,
        })
        .collect();
    layout.row(&columns);
}

fn body_row(layout: &mut Layout, cells: &[String; 5], aligns: &[Align; 5]) {
    let columns: Vec<Column<'_>> = cells
        .iter()
        .zip(WIDTHS)
        .zip(aligns)
        .map(|((text, width), align)| Column {
            width,
            align: *align,
            weight: Weight::Regular,
            text,
        })
        .collect();
    layout.row(&columns);
}

fn targets(layout: &mut Layout, report: &Report) {
    layout.room_for(60.0);
    layout.section("Kết quả thực hiện chỉ tiêu kế hoạch");
    header(
        layout,
        &["STT", "Chỉ tiêu", "Kết quả (%)", "Mục tiêu (%)", "Số liệu"],
    );
    for (n, target) in report.targets.iter().enumerate() {
        let cells = [
            (n + 1).to_string(),
            target.name_vi.clone(),
            target
                .percent
                .map_or(HIDDEN.to_owned(), |p| format!("{p:.1}").replace('.', ",")),
            target.target_percent.to_string(),
            target.share.map_or(HIDDEN.to_owned(), |s| {
                format!(
                    "{}/{}",
                    figure(Some(s.numerator as i64)),
                    figure(Some(s.denominator as i64))
                )
            }),
        ];
        body_row(
            layout,
            &cells,
            &[
                Align::Center,
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
            ],
        );
    }
    layout.gap(12.0);
}

/// The plans' targets and the activities held, one table per section.
fn programme(layout: &mut Layout, report: &Report) {
    if report.programme.sections.is_empty() {
        return;
    }
    layout.room_for(60.0);
    layout.section("Kết quả thực hiện kế hoạch và các hoạt động");
    for (n, section) in report.programme.sections.iter().enumerate() {
        layout.room_for(60.0);
        layout.paragraph(
            &format!("{}. {}", n + 1, section.title_vi),
            LEFT,
            RIGHT - LEFT,
            Align::Left,
            11.0,
            Weight::Bold,
        );
        header(
            layout,
            &["STT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"],
        );
        for (i, line) in section.lines.iter().enumerate() {
            let value = match line.value {
                Some(v) if v.fract() == 0.0 => figure(Some(v as i64)),
                Some(v) => format!("{v:.1}").replace('.', ","),
                None if line.hidden => HIDDEN.to_owned(),
                None => String::new(),
            };
            let cells = [
                (i + 1).to_string(),
                line.label_vi.clone(),
                line.unit_vi.clone(),
                value,
                line.note_vi.clone(),
            ];
            body_row(
                layout,
                &cells,
                &[
                    Align::Center,
                    Align::Left,
                    Align::Center,
                    Align::Right,
                    Align::Left,
                ],
            );
        }
        layout.gap(8.0);
    }
    layout.gap(12.0);
}

/// What the unit wrote — results, limitations and their causes,
/// difficulties, proposals — where the report carries it.
fn narrative(layout: &mut Layout, report: &Report) {
    let Some(narrative) = &report.narrative else {
        return;
    };
    layout.room_for(60.0);
    layout.section("Đánh giá chung");
    for (n, (part, text)) in narrative.parts().into_iter().enumerate() {
        layout.room_for(40.0);
        layout.paragraph(
            &format!("{}. {}", n + 1, part.heading_vi),
            LEFT,
            RIGHT - LEFT,
            Align::Left,
            SIZE,
            Weight::Bold,
        );
        for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
            layout.paragraph(
                paragraph.trim(),
                LEFT,
                RIGHT - LEFT,
                Align::Left,
                SIZE,
                Weight::Regular,
            );
        }
        layout.gap(6.0);
    }
    layout.gap(12.0);
}

/// Each indicator's breakdowns and places as two-column tables (category, figure).
fn details(layout: &mut Layout, report: &Report, labels: &dyn Labels) {
    layout.room_for(60.0);
    layout.section("Số liệu chi tiết");
    for (n, indicator) in report.indicators.iter().enumerate() {
        layout.gap(6.0);
        layout.room_for(70.0);
        layout.paragraph(
            &format!("{}. {}", n + 1, indicator.name_vi),
            LEFT,
            RIGHT - LEFT,
            Align::Left,
            SIZE,
            Weight::Bold,
        );
        let mut tables: Vec<&PublishedTable> = indicator.breakdowns.iter().collect();
        tables.push(&indicator.by_place);
        for table in tables {
            let by_place = std::ptr::eq(table, &indicator.by_place);
            let dimension = if by_place {
                table.rows_by
            } else {
                table.columns_by
            };
            let caption = dimension.map(|d| labels.breakdown(d)).unwrap_or_default();
            let (keys, values): (&Vec<String>, Vec<Option<i64>>) = if by_place {
                (&table.rows, table.figures.row_totals.clone())
            } else {
                (
                    &table.columns,
                    table.figures.cells.first().cloned().unwrap_or_default(),
                )
            };
            // Places with nothing to count are left out (there are 34 provinces, a hundred communes).
            let shown: Vec<(String, String)> = keys
                .iter()
                .zip(values)
                .filter(|(_, v)| !(by_place && *v == Some(0)))
                .map(|(k, v)| (labels.category(dimension, k), figure(v)))
                .collect();
            if shown.is_empty() {
                continue;
            }
            layout.room_for(SIZE * LEADING * 3.0);
            let pair = |layout: &mut Layout, left: &str, right: &str, weight: Weight| {
                layout.row(&[
                    Column {
                        width: 300.0,
                        align: Align::Left,
                        weight,
                        text: left,
                    },
                    Column {
                        width: 90.0,
                        align: Align::Right,
                        weight,
                        text: right,
                    },
                ]);
            };
            pair(layout, &caption, "Số liệu", Weight::Bold);
            for (key, value) in &shown {
                pair(layout, key, value, Weight::Regular);
            }
            layout.gap(4.0);
        }
    }
    layout.gap(12.0);
}

fn signatures(layout: &mut Layout) {
    layout.room_for(110.0);
    let half = (RIGHT - LEFT) / 2.0;
    let top = layout.y;
    layout.paragraph(
        "NGƯỜI LẬP BIỂU",
        LEFT,
        half,
        Align::Center,
        SIZE,
        Weight::Bold,
    );
    layout.paragraph(
        "(Ký, ghi rõ họ tên)",
        LEFT,
        half,
        Align::Center,
        SIZE,
        Weight::Regular,
    );
    layout.y = top;
    layout.paragraph(
        "THỦ TRƯỞNG CƠ QUAN",
        LEFT + half,
        half,
        Align::Center,
        SIZE,
        Weight::Bold,
    );
    layout.paragraph(
        "(Ký, ghi rõ họ tên, đóng dấu)",
        LEFT + half,
        half,
        Align::Center,
        SIZE,
        Weight::Regular,
    );
}

fn draw(pages: Vec<Vec<Op>>, head: &Letterhead) -> Result<Vec<u8>, PdfError> {
    let regular = Font::new(REGULAR.into(), 0).ok_or(PdfError("the font cannot be read".into()))?;
    let bold = Font::new(BOLD.into(), 0).ok_or(PdfError("the font cannot be read".into()))?;
    let faces = Faces::new()?;
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("Báo cáo: {}", head.title))
            .language("vi".into())
            .creator("Haven".into()),
    );
    let count = pages.len();
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or(PdfError("bad page size".into()))?;
    for (number, ops) in pages.into_iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let text = |surface: &mut krilla::surface::Surface<'_>,
                    x: f32,
                    y: f32,
                    size: f32,
                    weight: Weight,
                    content: &str| {
            let font = if weight == Weight::Bold {
                bold.clone()
            } else {
                regular.clone()
            };
            surface.draw_text(
                Point::from_xy(x, y),
                font,
                size,
                content,
                false,
                TextDirection::Auto,
            );
        };
        for op in &ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    weight,
                    text: content,
                } => text(&mut surface, *x, *y, *size, *weight, content),
                Op::Line { from, to } => {
                    let mut path = PathBuilder::new();
                    path.move_to(from.0, from.1);
                    path.line_to(to.0, to.1);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            width: 0.5,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                        surface.set_fill(Some(Default::default()));
                    }
                }
            }
        }
        let footer = format!("Trang {}/{}", number + 1, count);
        let width = faces.width(&footer, 8.0, Weight::Regular);
        text(
            &mut surface,
            (WIDTH - width) / 2.0,
            HEIGHT - 30.0,
            8.0,
            Weight::Regular,
            &footer,
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_grouped_the_vietnamese_way() {
        assert_eq!(figure(Some(1_250_000)), "1.250.000");
        assert_eq!(figure(Some(999)), "999");
        assert_eq!(figure(Some(-1200)), "-1.200");
        assert_eq!(figure(None), HIDDEN);
    }

    #[test]
    fn text_wraps_between_words_within_the_width() {
        let faces = Faces::new().unwrap();
        let text = "Số người được hỗ trợ trước khi được xác định là nạn nhân bị mua bán";
        let lines = faces.wrap(text, 150.0, SIZE, Weight::Regular);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(faces.width(line, SIZE, Weight::Regular) <= 150.0, "{line}");
        }
    }
}
