//! The scan that raises deadline notices: each open case's time limits
//! (the rules' due items), a notice when one falls due within the days
//! configured and another when it passes undone, each raised once.

use super::raise::{raise, raise_for_case, Audience, NewNotice};
use super::Notices;
use crate::entities::{case, notice};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Days, NaiveDate, Utc};
use haven_domain::case::aggregate::Case;
use haven_domain::case::deadlines::{DueItem, DueKind};
use haven_domain::ids::AgencyId;
use haven_domain::notice::NoticeKind;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What the scan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeadlineScan {
    pub open_cases: usize,
    pub raised: usize,
}

/// A deadline notice's detail: which limit, due when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueDetail {
    #[serde(flatten)]
    pub kind: DueKind,
    pub due_on: NaiveDate,
}

const CASES_PER_BATCH: u64 = 200;

impl Notices<'_> {
    /// Raises the deadline notices due on `today`, `days_before` ahead.
    pub async fn scan_deadlines(
        &self,
        today: NaiveDate,
        days_before: u32,
        now: DateTime<Utc>,
    ) -> StoreResult<DeadlineScan> {
        let rules = &self.store.rules().deadlines;
        let horizon = today
            .checked_add_days(Days::new(u64::from(days_before)))
            .unwrap_or(today);
        let mut scan = DeadlineScan::default();
        let mut after = 0_i64;
        loop {
            let batch = case::Entity::find()
                .filter(case::Column::Phase.ne("closed"))
                .filter(case::Column::Id.gt(after))
                .order_by_asc(case::Column::Id)
                .limit(CASES_PER_BATCH)
                .all(self.store.db())
                .await?;
            let Some(last) = batch.last() else {
                return Ok(scan);
            };
            after = last.id;
            scan.open_cases += batch.len();
            let mut wanted = Vec::new();
            for row in batch {
                let state: Case = serde_json::from_str(&row.state)
                    .map_err(|e| StoreError::Internal(e.to_string()))?;
                for item in rules.due_items(&state, today) {
                    if let Some(kind) = notice_kind(&item, horizon) {
                        let detail = serde_json::to_string(&DueDetail {
                            kind: item.kind.clone(),
                            due_on: item.due_on,
                        })
                        .map_err(|e| StoreError::Internal(e.to_string()))?;
                        let key = format!("{}:{}:{}", kind.code(), row.id, detail);
                        wanted.push((
                            key,
                            kind,
                            detail,
                            item.kind,
                            row.case_number.clone(),
                            state.lead_agency_id,
                            state.assigned_user_ids.clone(),
                        ));
                    }
                }
            }
            if wanted.is_empty() {
                continue;
            }
            let known: HashSet<String> = notice::Entity::find()
                .select_only()
                .column(notice::Column::DedupeKey)
                .filter(notice::Column::DedupeKey.is_in(wanted.iter().map(|w| w.0.clone())))
                .into_tuple::<Option<String>>()
                .all(self.store.db())
                .await?
                .into_iter()
                .flatten()
                .collect();
            let fresh: Vec<_> = wanted
                .into_iter()
                .filter(|w| !known.contains(&w.0))
                .collect();
            if fresh.is_empty() {
                continue;
            }
            let txn = self.store.begin_write().await?;
            for (key, kind, detail, due, number, lead, assigned) in fresh {
                let new = |to: Audience| NewNotice {
                    kind,
                    to,
                    subject_ref: number.clone(),
                    detail: Some(detail.clone()),
                    from_user_id: None,
                    dedupe_key: Some(key.clone()),
                    at: now,
                };
                match due {
                    // The answer is the receiving agency's to give.
                    DueKind::AnswerReferral { to_agency_id, .. } => {
                        raise(&*txn, new(Audience::Agency(AgencyId(to_agency_id)))).await?;
                    }
                    DueKind::ForwardSelfReport
                    | DueKind::VerifyInitialInformation
                    | DueKind::ShelterMealsLimit { .. }
                    | DueKind::HardshipAllowanceApplication
                    | DueKind::ForwardHardshipApplication
                    | DueKind::FollowUp { .. } => {
                        raise_for_case(&*txn, AgencyId(lead), &assigned, new).await?;
                    }
                }
                scan.raised += 1;
            }
            txn.commit().await?;
        }
    }
}

fn notice_kind(item: &DueItem, horizon: NaiveDate) -> Option<NoticeKind> {
    if item.done {
        None
    } else if item.overdue {
        Some(NoticeKind::DeadlineOverdue)
    } else if item.due_on <= horizon {
        Some(NoticeKind::DeadlineComing)
    } else {
        None
    }
}
