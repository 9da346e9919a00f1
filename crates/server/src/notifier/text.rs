//! The words of a notice's email, in Vietnamese then English. An email
//! leaves Haven's protection, so it says only the kind, the number and
//! where to look: never a name, an address or a note.

use crate::i18n::Lang;
use haven_domain::case::deadlines::DueKind;
use haven_store::notices::{DueDetail, NoticeRecord};

use crate::views::notices::kind_label;

fn line(lang: Lang, notice: &NoticeRecord) -> String {
    let label = kind_label(lang, notice.kind);
    let mut line = if notice.subject_ref.is_empty() {
        label
    } else {
        format!("{label}: {}", notice.subject_ref)
    };
    if let Some(due) = deadline(lang, notice) {
        line.push_str(" — ");
        line.push_str(&due);
    }
    line
}

/// Which time limit a deadline notice is about, and when it falls due.
fn deadline(lang: Lang, notice: &NoticeRecord) -> Option<String> {
    if !notice.kind.digestible() {
        return None;
    }
    let detail: DueDetail = serde_json::from_str(notice.detail.as_deref()?).ok()?;
    let what = match detail.kind {
        DueKind::ForwardSelfReport => lang.t("deadline-forward-self-report"),
        DueKind::VerifyInitialInformation => lang.t("deadline-verify-initial-information"),
        DueKind::ShelterMealsLimit { .. } => lang.t("deadline-shelter-meals-limit"),
        DueKind::HardshipAllowanceApplication => lang.t("deadline-hardship-allowance-application"),
        DueKind::ForwardHardshipApplication => lang.t("deadline-forward-hardship-application"),
        DueKind::AnswerReferral { .. } => lang.t("notice-deadline-answer-referral"),
        DueKind::FollowUp { month } => {
            lang.t_with("deadline-follow-up", &[("month", month.into())])
        }
    };
    Some(format!(
        "{what}, {} {}",
        lang.t("notice-due-on"),
        detail.due_on.format("%d/%m/%Y")
    ))
}

/// Both languages' words for the kind, then the reference.
pub(super) fn subject(notice: &NoticeRecord) -> String {
    let kinds = format!(
        "{} / {}",
        kind_label(Lang::Vi, notice.kind),
        kind_label(Lang::En, notice.kind)
    );
    if notice.subject_ref.is_empty() {
        format!("[Haven] {kinds}")
    } else {
        format!("[Haven] {kinds}: {}", notice.subject_ref)
    }
}

fn inbox_link(public_url: &str) -> String {
    format!("{}/notifications", public_url.trim_end_matches('/'))
}

pub(super) fn body(notice: &NoticeRecord, public_url: &str) -> String {
    let link = inbox_link(public_url);
    format!(
        "{}\n{} {link}\n\n{}\n{} {link}\n\n{}\n{}\n",
        line(Lang::Vi, notice),
        Lang::Vi.t("notice-email-see"),
        line(Lang::En, notice),
        Lang::En.t("notice-email-see"),
        Lang::Vi.t("notice-email-settings"),
        Lang::En.t("notice-email-settings"),
    )
}

pub(super) fn digest_subject(count: usize) -> String {
    format!(
        "[Haven] {} / {}",
        Lang::Vi.t_with("notice-digest-subject", &[("count", count.into())]),
        Lang::En.t_with("notice-digest-subject", &[("count", count.into())])
    )
}

pub(super) fn digest_body(notices: &[NoticeRecord], public_url: &str) -> String {
    let link = inbox_link(public_url);
    let mut out = String::new();
    for lang in [Lang::Vi, Lang::En] {
        for notice in notices {
            out.push_str("- ");
            out.push_str(&line(lang, notice));
            out.push('\n');
        }
        out.push_str(&format!("{} {link}\n\n", lang.t("notice-email-see")));
    }
    for lang in [Lang::Vi, Lang::En] {
        out.push_str(&lang.t("notice-email-settings"));
        out.push('\n');
    }
    out
}
