//! The words of the web pages, in Vietnamese (the default) and English,
//! from the Fluent files under `locales/`. A page never holds a sentence
//! of its own: it asks for a message by key. A key missing in the chosen
//! language is shown as `⟦key⟧` and logged, never filled from the other
//! language, so a test can see every untranslated message.

use axum_extra::extract::cookie::CookieJar;
use chrono::NaiveDate;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "vi",
        // No Unicode isolation marks around arguments: they break copy-paste
        // of case numbers and confuse screen readers on old browsers.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "haven_lang";

/// What a missing message looks like on a page.
pub const MISSING_MARK: char = '⟦';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language the user chose, Vietnamese otherwise.
    pub fn of(jar: &CookieJar) -> Lang {
        jar.get(LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
            .unwrap_or_default()
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Vi => fluent_templates::langid!("vi"),
            Lang::En => fluent_templates::langid!("en"),
        }
    }

    /// The message `key`, or `⟦key⟧` when this language lacks it.
    pub fn t(self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The message `key` with its arguments.
    pub fn t_with(self, key: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.clone()))
            .collect();
        self.lookup(key, Some(&args))
    }

    /// The message `key`, if this language has it (no warning when not:
    /// for asking whether a label exists).
    pub fn maybe(self, key: &str) -> Option<String> {
        LOCALES.lookup_no_default_fallback::<&str>(&self.id(), key, None)
    }

    fn lookup(
        self,
        key: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
    ) -> String {
        match LOCALES.lookup_no_default_fallback(&self.id(), key, args) {
            Some(text) => text,
            None => {
                tracing::warn!(key, lang = self.code(), "missing message");
                format!("{MISSING_MARK}{key}⟧")
            }
        }
    }

    /// Dates as Vietnamese offices write them, in both languages: dd/mm/yyyy.
    pub fn date(self, date: NaiveDate) -> String {
        date.format("%d/%m/%Y").to_string()
    }

    /// A share with one decimal, as each language writes it: `85,7%`, `85.7%`.
    pub fn percent(self, value: f64) -> String {
        let text = format!("{value:.1}%");
        match self {
            Lang::Vi => text.replace('.', ","),
            Lang::En => text,
        }
    }

    /// Amounts in đồng with thousands separators: `1.250.000 ₫`, or
    /// `VND 1,250,000` in English.
    pub fn vnd(self, amount: i64) -> String {
        let grouped = self.grouped(amount.unsigned_abs());
        let sign = if amount < 0 { "-" } else { "" };
        match self {
            Lang::Vi => format!("{sign}{grouped} ₫"),
            Lang::En => format!("{sign}VND {grouped}"),
        }
    }

    /// A whole number with the language's thousands separator.
    pub fn grouped(self, number: u64) -> String {
        let digits = number.to_string();
        let separator = match self {
            Lang::Vi => '.',
            Lang::En => ',',
        };
        let mut grouped = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(digit);
        }
        grouped
    }

    /// A file's size in kilobytes, rounded up: `1.024 KB`.
    pub fn bytes(self, size: i64) -> String {
        let kb = (size.max(0) as u64).div_ceil(1024);
        format!("{} KB", self.grouped(kb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys_of(lang: &str) -> BTreeSet<String> {
        let path = format!("{}/locales/{lang}/haven.ftl", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(key, _)| key.trim_end())
            .filter(|key| !key.is_empty() && !key.starts_with([' ', '#', '.', '*', '[']))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let vi = keys_of("vi");
        let en = keys_of("en");
        assert!(vi.len() > 50, "{} messages", vi.len());
        let only_vi: Vec<_> = vi.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&vi).collect();
        assert!(only_vi.is_empty(), "not translated to English: {only_vi:?}");
        assert!(only_en.is_empty(), "missing in Vietnamese: {only_en:?}");
        // Every message formats (a syntax error drops it), arguments given.
        let args = [
            ("number", FluentValue::from("HNI-2026-000001")),
            ("total", FluentValue::from(2)),
            ("page", FluentValue::from(1)),
            ("pages", FluentValue::from(3)),
            ("agency", FluentValue::from("UBND")),
            ("month", FluentValue::from(6)),
            ("years", FluentValue::from(17)),
            ("version", FluentValue::from(4)),
            ("action", FluentValue::from("Ghi chú")),
            ("score", FluentValue::from(80)),
            ("count", FluentValue::from(2)),
            ("no", FluentValue::from(1)),
            ("username", FluentValue::from("lan.nguyen")),
            ("code", FluentValue::from("HNI-SYT")),
            ("sessions", FluentValue::from(2)),
            ("tokens", FluentValue::from(0)),
            ("band", FluentValue::from("16-17")),
            ("threshold", FluentValue::from(5)),
            ("date", FluentValue::from("02/03/2026")),
            ("taken", FluentValue::from("«Liên hệ»")),
            ("both", FluentValue::from("«Tên gọi khác»: Hoa")),
            ("period", FluentValue::from("Quý III năm 2026")),
            ("percent", FluentValue::from("35,3%")),
            ("ontime", FluentValue::from(10)),
            ("submitted", FluentValue::from(3)),
            ("expected", FluentValue::from(34)),
            ("approved", FluentValue::from(1)),
            ("case", FluentValue::from("HNI-2026-000001")),
            ("number", FluentValue::from("HNI-2026-000001")),
            ("reason", FluentValue::from("Lý do")),
            ("outcome", FluentValue::from("Là nạn nhân")),
            ("authority", FluentValue::from("Công an tỉnh Vân Nam")),
            ("record", FluentValue::from("12/BB")),
            ("fields", FluentValue::from("Họ và tên")),
            ("when", FluentValue::from("30/11/2026 10:15")),
            ("user", FluentValue::from("Cán bộ Giả Lập")),
            (
                "agencies",
                FluentValue::from("Công an tỉnh, Trung tâm CTXH"),
            ),
            ("step", FluentValue::from("Trả lời chuyển tuyến")),
            ("level", FluentValue::from("Cao")),
            ("year", FluentValue::from(1996)),
            ("from", FluentValue::from("01/01/2026")),
            ("to", FluentValue::from("30/11/2026")),
            ("spent", FluentValue::from("45.500.000 ₫")),
            ("allocated", FluentValue::from("100.000.000 ₫")),
            ("overdue", FluentValue::from(2)),
            ("late", FluentValue::from(1)),
            ("unread", FluentValue::from(3)),
            ("total", FluentValue::from(12)),
            ("url", FluentValue::from("https://hethong.gov.vn/haven")),
            ("at", FluentValue::from("02:30")),
            ("keep", FluentValue::from(7)),
            ("recipients", FluentValue::from(1)),
            ("file", FluentValue::from("danh-sach-2021.xlsx")),
            ("lines", FluentValue::from("4, 9, 12")),
            ("line", FluentValue::from(4)),
            ("ready", FluentValue::from(120)),
            ("done", FluentValue::from(500)),
        ];
        for key in &vi {
            for lang in Lang::ALL {
                let text = lang.t_with(key, &args);
                assert!(
                    !text.contains(MISSING_MARK) && !text.is_empty(),
                    "{key} in {lang:?}"
                );
            }
        }
    }

    /// Every `t("…")` / `t_with("…")` in the page code names a message that exists.
    #[test]
    fn every_key_the_pages_use_exists() {
        let vi = keys_of("vi");
        let mut used = BTreeSet::new();
        let mut files = vec![std::path::PathBuf::from(format!(
            "{}/src/pages",
            env!("CARGO_MANIFEST_DIR")
        ))];
        let mut sources = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push(path);
            }
        }
        assert!(sources.len() > 5);
        for path in sources {
            let source = std::fs::read_to_string(path).unwrap();
            for marker in [".t(\"", ".t_with(\""] {
                for piece in source.split(marker).skip(1) {
                    if let Some(end) = piece.find('"') {
                        used.insert(piece[..end].to_owned());
                    }
                }
            }
        }
        assert!(used.len() > 30, "{} keys used", used.len());
        let missing: Vec<_> = used.difference(&vi).collect();
        assert!(
            missing.is_empty(),
            "used but not in the message files: {missing:?}"
        );
    }

    #[test]
    fn dates_and_amounts_are_written_the_vietnamese_way() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 9).unwrap();
        assert_eq!(Lang::Vi.date(day), "09/02/2026");
        assert_eq!(Lang::En.date(day), "09/02/2026");
        assert_eq!(Lang::Vi.vnd(1_250_000), "1.250.000 ₫");
        assert_eq!(Lang::En.vnd(1_250_000), "VND 1,250,000");
        assert_eq!(Lang::Vi.vnd(500), "500 ₫");
        assert_eq!(Lang::Vi.vnd(-12_000), "-12.000 ₫");
        assert_eq!(Lang::Vi.t("missing-on-purpose"), "⟦missing-on-purpose⟧");
    }
}
