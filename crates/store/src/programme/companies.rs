//! The register of licensed labour-export companies, and the inspections
//! that name each one.

use super::versioned::{self, Change};
use super::{from_json, stale, to_json, ActivityRecord, Author, Programme};
use crate::entities::{activity, company};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::ids::CompanyId;
use haven_domain::programme::CompanyDraft;
use haven_domain::Violation;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanyRecord {
    pub id: CompanyId,
    pub company: CompanyDraft,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn record(row: company::Model) -> StoreResult<CompanyRecord> {
    Ok(CompanyRecord {
        id: CompanyId(row.id),
        company: from_json(&row.body, "company")?,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// Licence numbers compare without case or spaces: `123/LĐTBXH-GP` is `123/lđtbxh-gp `.
fn licence_key(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Programme<'_> {
    /// Every company, by name.
    pub async fn companies(&self) -> StoreResult<Vec<CompanyRecord>> {
        company::Entity::find()
            .order_by_asc(company::Column::Name)
            .order_by_asc(company::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(record)
            .collect()
    }

    pub async fn company(&self, id: CompanyId) -> StoreResult<Option<CompanyRecord>> {
        company::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(record)
            .transpose()
    }

    /// The inspections that named the company, latest first.
    pub async fn inspections_of(&self, id: CompanyId) -> StoreResult<Vec<ActivityRecord>> {
        activity::Entity::find()
            .filter(activity::Column::CompanyId.eq(id.get()))
            .order_by_desc(activity::Column::HeldOn)
            .order_by_desc(activity::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(super::activities::record)
            .collect()
    }

    async fn checked_company(
        &self,
        id: Option<CompanyId>,
        draft: &CompanyDraft,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let mut v = draft.check(today).err().unwrap_or_default();
        let unit_ok = draft.unit_id.starts_with("2025/")
            && self.store.admin_unit(&draft.unit_id).await?.is_some();
        if !draft.unit_id.trim().is_empty() && !unit_ok {
            v.push(Violation::unknown_code("unit_id", "admin_units"));
        }
        let key = licence_key(&draft.licence_number);
        let taken = self
            .companies()
            .await?
            .into_iter()
            .any(|c| Some(c.id) != id && licence_key(&c.company.licence_number) == key);
        if !key.is_empty() && taken {
            v.push(Violation::new(
                "licence_number",
                "unique",
                "Số giấy phép này đã có trong danh sách doanh nghiệp.",
                "A company with this licence number is in the register already.",
            ));
        }
        v.into_result().map_err(StoreError::Invalid)
    }

    pub async fn register_company(
        &self,
        author: Author,
        draft: &CompanyDraft,
        today: NaiveDate,
    ) -> StoreResult<CompanyRecord> {
        self.checked_company(None, draft, today).await?;
        let txn = self.store.begin_write().await?;
        let body = to_json(draft)?;
        let now = crate::cases::history::now_micros();
        let created = company::ActiveModel {
            name: Set(draft.name.trim().to_owned()),
            licence_number: Set(licence_key(&draft.licence_number)),
            unit_id: Set(draft.unit_id.clone()),
            body: Set(body.clone()),
            version: Set(1),
            created_by: Set(author.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        versioned::created(&*txn, "company", created.id, None, author, now, &body).await?;
        txn.commit().await?;
        record(created)
    }

    /// Changes a company's record (its licence's status, its address), on
    /// the version the author saw.
    pub async fn update_company(
        &self,
        author: Author,
        id: CompanyId,
        expected_version: i64,
        draft: &CompanyDraft,
        today: NaiveDate,
    ) -> StoreResult<CompanyRecord> {
        self.checked_company(Some(id), draft, today).await?;
        let txn = self.store.begin_write().await?;
        let row = company::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "company" })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        let body = to_json(draft)?;
        let before = row.body.clone();
        let mut active: company::ActiveModel = row.into();
        active.name = Set(draft.name.trim().to_owned());
        active.licence_number = Set(licence_key(&draft.licence_number));
        active.unit_id = Set(draft.unit_id.clone());
        versioned::write::<company::Entity>(
            &*txn,
            Change {
                record_kind: "company",
                id: id.get(),
                plan_id: None,
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            active,
        )
        .await?;
        txn.commit().await?;
        self.company(id)
            .await?
            .ok_or(StoreError::NotFound { what: "company" })
    }
}

/// An inspection's sanction that suspends or revokes the company's licence
/// is carried to the register in the inspection's own transaction, with
/// the company's history entry; the register already saying so is left as
/// it is.
pub(super) async fn apply_sanction(
    db: &impl sea_orm::ConnectionTrait,
    author: Author,
    draft: &haven_domain::programme::ActivityDraft,
) -> StoreResult<()> {
    let haven_domain::programme::ActivityDetails::Inspection(inspection) = &draft.details else {
        return Ok(());
    };
    let (Some(company_id), Some(imposed)) =
        (inspection.company(), inspection.licence_status_imposed())
    else {
        return Ok(());
    };
    // An unknown company is the activity's check to name.
    let Some(row) = company::Entity::find_by_id(company_id.get())
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let recorded: CompanyDraft = from_json(&row.body, "company")?;
    let Some(sanctioned) = recorded.after_sanction(imposed) else {
        return Ok(());
    };
    let body = to_json(&sanctioned)?;
    let (before, version, id) = (row.body.clone(), row.version, row.id);
    let active: company::ActiveModel = row.into();
    versioned::write::<company::Entity>(
        db,
        Change {
            record_kind: "company",
            id,
            plan_id: None,
            author,
            expected_version: version,
            before: &before,
            after: &body,
        },
        active,
    )
    .await
}
