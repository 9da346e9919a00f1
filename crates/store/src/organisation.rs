//! Agencies and the facilities they run.

use crate::entities::{agency, facility};
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::Utc;
use haven_domain::organisation::{NewAgency, NewFacility};
use haven_domain::{Violation, Violations};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub use agency::Model as Agency;
pub use facility::Model as Facility;

impl Store {
    pub async fn add_agency(&self, new: &NewAgency) -> StoreResult<Agency> {
        new.validate()?;
        // Reference data is read before the write transaction starts, so a
        // writer never waits for a second pooled connection while holding one.
        let mut v = Violations::default();
        if !self.code_exists("agency_sector", &new.sector).await? {
            v.push(Violation::unknown_code("sector", "agency_sector"));
        }
        if self.admin_unit(&new.admin_unit_id).await?.is_none() {
            v.push(unknown_unit());
        }
        let txn = self.begin_write().await?;
        let parent_id = match &new.parent_agency_code {
            Some(code) => match agency_by_code(&*txn, code).await? {
                Some(parent) => Some(parent.id),
                None => {
                    v.push(Violation::new(
                        "parent_agency_code",
                        "exists",
                        "Không có cơ quan cấp trên với mã này.",
                        "No parent agency has this code.",
                    ));
                    None
                }
            },
            None => None,
        };
        v.into_result()?;
        if agency_by_code(&*txn, &new.code).await?.is_some() {
            return Err(StoreError::AlreadyExists {
                what: "agency code",
            });
        }
        let model = agency::ActiveModel {
            code: Set(new.code.clone()),
            name: Set(new.name.trim().to_owned()),
            sector: Set(new.sector.clone()),
            admin_unit_id: Set(new.admin_unit_id.clone()),
            parent_agency_id: Set(parent_id),
            active: Set(true),
            version: Set(1),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    pub async fn agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>> {
        agency_by_code(self.db(), code).await
    }

    /// The agency whose code is `code` in any letter case (an auditor's
    /// filter): the exact spelling wins when both exist.
    pub async fn agency_by_code_any_case(&self, code: &str) -> StoreResult<Option<Agency>> {
        if let Some(exact) = agency_by_code(self.db(), code).await? {
            return Ok(Some(exact));
        }
        let lowered = sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(
            sea_orm::sea_query::Expr::col(agency::Column::Code),
        ));
        Ok(agency::Entity::find()
            .filter(lowered.eq(code.to_lowercase()))
            .one(self.db())
            .await?)
    }

    pub async fn agency(&self, id: i64) -> StoreResult<Option<Agency>> {
        Ok(agency::Entity::find_by_id(id).one(self.db()).await?)
    }

    pub async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        Ok(self.agency_list().await?.as_ref().clone())
    }

    /// Every agency, by code, shared: read once and kept while the table's
    /// stamp (how many rows, the highest id, the sum of versions) stays the
    /// same. The stamp is read from the database on every call, so an
    /// agency added by another instance or the CLI is seen at once; what is
    /// saved is materialising thousands of rows for each page that names
    /// agencies.
    pub async fn agency_list(&self) -> StoreResult<std::sync::Arc<Vec<Agency>>> {
        let stamp = agency_stamp(self.db()).await?;
        if let Some(kept) = self.kept_agencies(stamp) {
            return Ok(kept);
        }
        let fresh = std::sync::Arc::new(
            agency::Entity::find()
                .order_by_asc(agency::Column::Code)
                .all(self.db())
                .await?,
        );
        // Kept only if nothing was added while it was read.
        if agency_stamp(self.db()).await? == stamp {
            self.keep_agencies(stamp, fresh.clone());
        }
        Ok(fresh)
    }

    pub async fn add_facility(&self, new: &NewFacility) -> StoreResult<Facility> {
        new.validate()?;
        let mut v = Violations::default();
        if !self
            .code_exists("facility_type", &new.facility_type)
            .await?
        {
            v.push(Violation::unknown_code("facility_type", "facility_type"));
        }
        if self.admin_unit(&new.admin_unit_id).await?.is_none() {
            v.push(unknown_unit());
        }
        let txn = self.begin_write().await?;
        let operator = agency_by_code(&*txn, &new.operator_agency_code).await?;
        if operator.is_none() {
            v.push(Violation::new(
                "operator_agency_code",
                "exists",
                "Không có cơ quan quản lý với mã này.",
                "No operating agency has this code.",
            ));
        }
        v.into_result()?;
        let operator = operator.ok_or(StoreError::NotFound { what: "agency" })?;
        if facility::Entity::find()
            .filter(facility::Column::Code.eq(&new.code))
            .one(&*txn)
            .await?
            .is_some()
        {
            return Err(StoreError::AlreadyExists {
                what: "facility code",
            });
        }
        let model = facility::ActiveModel {
            code: Set(new.code.clone()),
            name: Set(new.name.trim().to_owned()),
            facility_type: Set(new.facility_type.clone()),
            operator_agency_id: Set(operator.id),
            admin_unit_id: Set(new.admin_unit_id.clone()),
            capacity: Set(new.capacity),
            active: Set(true),
            version: Set(1),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// How many people stay in each facility now (admitted, not discharged):
    /// counts only, never who.
    pub async fn occupancy(&self) -> StoreResult<std::collections::BTreeMap<i64, u64>> {
        let mut current = std::collections::BTreeMap::new();
        for stay in crate::entities::facility_stay::Entity::find()
            .filter(crate::entities::facility_stay::Column::DischargedOn.is_null())
            .all(self.db())
            .await?
        {
            *current.entry(stay.facility_id).or_insert(0) += 1;
        }
        Ok(current)
    }

    /// Who stays in a facility now, as case numbers with the day of
    /// admission, the longest stay first; names stay on the case pages.
    pub async fn current_stays(
        &self,
        facility_id: i64,
    ) -> StoreResult<Vec<(String, chrono::NaiveDate)>> {
        use crate::entities::{case, facility_stay};
        let stays = facility_stay::Entity::find()
            .filter(facility_stay::Column::FacilityId.eq(facility_id))
            .filter(facility_stay::Column::DischargedOn.is_null())
            .order_by_asc(facility_stay::Column::AdmittedOn)
            .order_by_asc(facility_stay::Column::Id)
            .all(self.db())
            .await?;
        let ids: Vec<i64> = stays.iter().map(|s| s.case_id).collect();
        let numbers: std::collections::HashMap<i64, String> = case::Entity::find()
            .filter(case::Column::Id.is_in(ids))
            .all(self.db())
            .await?
            .into_iter()
            .map(|c| (c.id, c.case_number))
            .collect();
        Ok(stays
            .into_iter()
            .filter_map(|s| numbers.get(&s.case_id).map(|n| (n.clone(), s.admitted_on)))
            .collect())
    }

    pub async fn facilities(&self) -> StoreResult<Vec<Facility>> {
        Ok(facility::Entity::find()
            .order_by_asc(facility::Column::Code)
            .all(self.db())
            .await?)
    }
}

async fn agency_by_code(db: &impl ConnectionTrait, code: &str) -> StoreResult<Option<Agency>> {
    Ok(agency::Entity::find()
        .filter(agency::Column::Code.eq(code))
        .one(db)
        .await?)
}

fn unknown_unit() -> Violation {
    Violation::new(
        "admin_unit_id",
        "exists",
        "Không có đơn vị hành chính với mã này.",
        "No administrative unit has this id.",
    )
}

/// What changes whenever an agency is added, changed or removed.
pub(crate) type AgencyStamp = (i64, i64, i64);

async fn agency_stamp(db: &sea_orm::DatabaseConnection) -> StoreResult<AgencyStamp> {
    use sea_orm::ConnectionTrait;
    let backend = db.get_database_backend();
    let row = db
        .query_one(sea_orm::Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last, \
             CAST(COALESCE(SUM(version), 0) AS BIGINT) AS versions FROM agencies",
        ))
        .await?
        .ok_or_else(|| crate::error::StoreError::Internal("no agency stamp".into()))?;
    Ok((
        row.try_get("", "n")?,
        row.try_get("", "last")?,
        row.try_get("", "versions")?,
    ))
}
