//! XLSX in the layout of a Vietnamese official report: the issuing body and
//! the national motto side by side, the number and the place and date, the
//! title and period, the summary table (STT, indicator, unit, figure), the
//! targets, the signature block; then one sheet with every breakdown and
//! one by place (the country's provinces, a province's communes).

use super::{unit_vi, Labels, Letterhead, HIDDEN};
use crate::catalogue::Catalogue;
use crate::compute::Report;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

struct Formats {
    bold: Format,
    bold_center: Format,
    italic_center: Format,
    title: Format,
    header: Format,
    cell: Format,
    number: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        let bordered = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        Formats {
            bold: base.clone().set_bold(),
            bold_center: base.clone().set_bold().set_align(FormatAlign::Center),
            italic_center: base.clone().set_italic().set_align(FormatAlign::Center),
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            header: bordered.clone().set_bold().set_align(FormatAlign::Center),
            cell: bordered.clone(),
            number: bordered
                .set_num_format("#,##0")
                .set_align(FormatAlign::Right),
        }
    }
}

pub fn write(
    report: &Report,
    catalogue: &Catalogue,
    letterhead: &Letterhead,
    labels: &dyn Labels,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    summary(book.add_worksheet(), report, catalogue, letterhead, &f)?;
    programme(book.add_worksheet(), report, &f)?;
    if let Some(narrative) = &report.narrative {
        narrative_sheet(book.add_worksheet(), narrative, &f)?;
    }
    details(book.add_worksheet(), report, labels, &f)?;
    places(book.add_worksheet(), report, labels, &f)?;
    book.save_to_buffer()
}

fn figure(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<i64>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => sheet.write_number_with_format(row, col, v as f64, &f.number)?,
        None => sheet.write_string_with_format(row, col, HIDDEN, &f.cell)?,
    };
    Ok(())
}

fn summary(
    sheet: &mut Worksheet,
    report: &Report,
    catalogue: &Catalogue,
    head: &Letterhead,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Báo cáo")?;
    for (col, width) in [(0u16, 6.0), (1, 52.0), (2, 12.0), (3, 16.0), (4, 22.0)] {
        sheet.set_column_width(col, width)?;
    }
    sheet.merge_range(
        0,
        0,
        0,
        1,
        &head.issuing_body.to_uppercase(),
        &f.bold_center,
    )?;
    sheet.merge_range(
        0,
        2,
        0,
        4,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        &f.bold_center,
    )?;
    sheet.merge_range(1, 2, 1, 4, "Độc lập - Tự do - Hạnh phúc", &f.bold_center)?;
    sheet.merge_range(
        2,
        0,
        2,
        1,
        &format!("Số: {}", head.number),
        &f.italic_center,
    )?;
    sheet.merge_range(2, 2, 2, 4, &head.place_and_date(), &f.italic_center)?;
    sheet.merge_range(4, 0, 4, 4, "BÁO CÁO", &f.title)?;
    sheet.merge_range(5, 0, 5, 4, &head.title, &f.bold_center)?;
    sheet.merge_range(
        6,
        0,
        6,
        4,
        &format!("Kỳ báo cáo: {}", report.period_name_vi),
        &f.italic_center,
    )?;
    sheet.merge_range(
        7,
        0,
        7,
        4,
        &format!("Địa bàn: {}", head.area_name),
        &f.italic_center,
    )?;
    let mut row = 9;
    for (col, text) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, col as u16, *text, &f.header)?;
    }
    for (n, indicator) in report.indicators.iter().enumerate() {
        row += 1;
        let measure = catalogue.indicator(&indicator.code).map(|i| i.measure);
        sheet.write_number_with_format(row, 0, (n + 1) as f64, &f.cell)?;
        sheet.write_string_with_format(row, 1, &indicator.name_vi, &f.cell)?;
        sheet.write_string_with_format(row, 2, measure.map(unit_vi).unwrap_or("người"), &f.cell)?;
        figure(sheet, row, 3, indicator.by_place.figures.total, f)?;
        let note = if indicator.by_place.figures.total.is_none() {
            "Số nhỏ, không công bố"
        } else {
            ""
        };
        sheet.write_string_with_format(row, 4, note, &f.cell)?;
    }
    row += 2;
    sheet.write_string_with_format(row, 1, "Chỉ tiêu kế hoạch", &f.bold)?;
    row += 1;
    for (col, text) in ["STT", "Chỉ tiêu", "Kết quả (%)", "Mục tiêu (%)", "Số liệu"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, col as u16, *text, &f.header)?;
    }
    for (n, target) in report.targets.iter().enumerate() {
        row += 1;
        sheet.write_number_with_format(row, 0, (n + 1) as f64, &f.cell)?;
        sheet.write_string_with_format(row, 1, &target.name_vi, &f.cell)?;
        match target.percent {
            Some(p) => sheet.write_number_with_format(
                row,
                2,
                p,
                &f.number.clone().set_num_format("0.0"),
            )?,
            None => sheet.write_string_with_format(row, 2, HIDDEN, &f.cell)?,
        };
        sheet.write_number_with_format(row, 3, f64::from(target.target_percent), &f.number)?;
        let counts = target
            .share
            .map(|s| format!("{}/{}", s.numerator, s.denominator))
            .unwrap_or_else(|| HIDDEN.into());
        sheet.write_string_with_format(row, 4, &counts, &f.cell)?;
    }
    row += 3;
    sheet.write_string_with_format(row, 1, "NGƯỜI LẬP BIỂU", &f.bold_center)?;
    sheet.merge_range(row, 2, row, 4, "THỦ TRƯỞNG CƠ QUAN", &f.bold_center)?;
    row += 1;
    sheet.write_string_with_format(row, 1, "(Ký, ghi rõ họ tên)", &f.italic_center)?;
    sheet.merge_range(
        row,
        2,
        row,
        4,
        "(Ký, ghi rõ họ tên, đóng dấu)",
        &f.italic_center,
    )?;
    Ok(())
}

/// The plans' targets and the activities held, section by section.
fn programme(sheet: &mut Worksheet, report: &Report, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Chương trình")?;
    for (col, width) in [(0u16, 6.0), (1, 60.0), (2, 14.0), (3, 16.0), (4, 30.0)] {
        sheet.set_column_width(col, width)?;
    }
    sheet.merge_range(
        0,
        0,
        0,
        4,
        "KẾT QUẢ THỰC HIỆN KẾ HOẠCH VÀ CÁC HOẠT ĐỘNG",
        &f.title,
    )?;
    let mut row = 2;
    for (n, section) in report.programme.sections.iter().enumerate() {
        sheet.merge_range(
            row,
            0,
            row,
            4,
            &format!("{}. {}", n + 1, section.title_vi),
            &f.bold,
        )?;
        row += 1;
        for (col, text) in ["STT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"]
            .iter()
            .enumerate()
        {
            sheet.write_string_with_format(row, col as u16, *text, &f.header)?;
        }
        for (i, line) in section.lines.iter().enumerate() {
            row += 1;
            sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.cell)?;
            sheet.write_string_with_format(row, 1, &line.label_vi, &f.cell)?;
            sheet.write_string_with_format(row, 2, &line.unit_vi, &f.cell)?;
            match line.value {
                Some(v) if v.fract() == 0.0 => {
                    sheet.write_number_with_format(row, 3, v, &f.number)?
                }
                Some(v) => sheet.write_number_with_format(
                    row,
                    3,
                    v,
                    &f.number.clone().set_num_format("0.0"),
                )?,
                None if line.hidden => sheet.write_string_with_format(row, 3, HIDDEN, &f.cell)?,
                None => sheet.write_string_with_format(row, 3, "", &f.cell)?,
            };
            sheet.write_string_with_format(row, 4, &line.note_vi, &f.cell)?;
        }
        row += 2;
    }
    Ok(())
}

/// What the unit wrote, part by part, each in one wrapped cell.
fn narrative_sheet(
    sheet: &mut Worksheet,
    narrative: &crate::narrative::Narrative,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Đánh giá")?;
    sheet.set_column_width(0, 30.0)?;
    sheet.set_column_width(1, 90.0)?;
    sheet.merge_range(0, 0, 0, 1, "ĐÁNH GIÁ CHUNG", &f.title)?;
    let wrapped = f.cell.clone().set_text_wrap();
    for (i, (part, text)) in narrative.parts().into_iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, part.heading_vi, &f.bold)?;
        sheet.write_string_with_format(row, 1, text, &wrapped)?;
    }
    Ok(())
}

fn details(
    sheet: &mut Worksheet,
    report: &Report,
    labels: &dyn Labels,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Chi tiết")?;
    sheet.set_column_width(0, 40.0)?;
    let mut row = 0;
    for indicator in &report.indicators {
        sheet.write_string_with_format(row, 0, &indicator.name_vi, &f.bold)?;
        row += 1;
        for table in &indicator.breakdowns {
            let dimension = table.columns_by;
            let caption = dimension.map(|d| labels.breakdown(d)).unwrap_or_default();
            sheet.write_string_with_format(row, 0, &caption, &f.header)?;
            for (j, column) in table.columns.iter().enumerate() {
                sheet.write_string_with_format(
                    row,
                    j as u16 + 1,
                    labels.category(dimension, column),
                    &f.header,
                )?;
            }
            sheet.write_string_with_format(
                row,
                table.columns.len() as u16 + 1,
                "Tổng số",
                &f.header,
            )?;
            row += 1;
            sheet.write_string_with_format(row, 0, "", &f.cell)?;
            for (j, value) in table
                .figures
                .cells
                .first()
                .into_iter()
                .flatten()
                .enumerate()
            {
                figure(sheet, row, j as u16 + 1, *value, f)?;
            }
            figure(
                sheet,
                row,
                table.columns.len() as u16 + 1,
                table.figures.row_totals.first().copied().flatten(),
                f,
            )?;
            row += 2;
        }
        row += 1;
    }
    Ok(())
}

/// Each indicator by place: the country's provinces, a province's communes.
fn places(
    sheet: &mut Worksheet,
    report: &Report,
    labels: &dyn Labels,
    f: &Formats,
) -> Result<(), XlsxError> {
    let national = report.area == crate::Area::National;
    sheet.set_name(if national { "Theo tỉnh" } else { "Theo xã" })?;
    sheet.set_column_width(0, 30.0)?;
    let heading = if national {
        "Tỉnh, thành phố"
    } else {
        "Xã, phường"
    };
    sheet.write_string_with_format(0, 0, heading, &f.header)?;
    for (j, indicator) in report.indicators.iter().enumerate() {
        sheet.write_string_with_format(0, j as u16 + 1, &indicator.name_vi, &f.header)?;
        sheet.set_column_width(j as u16 + 1, 14.0)?;
    }
    let Some(first) = report.indicators.first() else {
        return Ok(());
    };
    for (i, place) in first.by_place.rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(
            row,
            0,
            labels.category(first.by_place.rows_by, place),
            &f.cell,
        )?;
        for (j, indicator) in report.indicators.iter().enumerate() {
            let value = indicator
                .by_place
                .figures
                .row_totals
                .get(i)
                .copied()
                .flatten();
            figure(sheet, row, j as u16 + 1, value, f)?;
        }
    }
    let total_row = first.by_place.rows.len() as u32 + 1;
    sheet.write_string_with_format(
        total_row,
        0,
        if national {
            "Toàn quốc"
        } else {
            "Tổng số"
        },
        &f.header,
    )?;
    for (j, indicator) in report.indicators.iter().enumerate() {
        figure(
            sheet,
            total_row,
            j as u16 + 1,
            indicator.by_place.figures.total,
            f,
        )?;
    }
    Ok(())
}
