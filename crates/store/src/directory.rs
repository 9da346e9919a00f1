//! The directory of services: an entry per agency, per facility, or per
//! provider outside Haven, written on the version its keeper saw with its
//! history (as the programme's records are), and searched by place,
//! service and whom the provider takes. Whether the writer may keep an
//! entry is the policy's to say; this checks what the entry refers to.
//!
//! `store.directory()` gives a [`Directory`], whose methods are all there is.

use crate::entities::{agency, facility, service_entry};
use crate::error::{StoreError, StoreResult};
use crate::programme::versioned::{self, Change};
use crate::programme::{from_json, to_json, Author};
use crate::store::Store;
use chrono::{DateTime, Utc};
use haven_domain::directory::{ServiceEntryDraft, WHOLE_COUNTRY};
use haven_domain::ids::AgencyId;
use haven_domain::{Violation, Violations};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

/// The directory in one store.
pub struct Directory<'a> {
    store: &'a Store,
}

impl Store {
    pub fn directory(&self) -> Directory<'_> {
        Directory { store: self }
    }
}

/// Whom an entry describes: one of Haven's agencies, one of its facilities,
/// or a provider outside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Provider {
    Agency(AgencyId),
    Facility(i64),
    Outside,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceEntryRecord {
    pub id: i64,
    pub provider: Provider,
    /// The agency that keeps the entry: the agency itself, the facility's
    /// operator; none for a provider outside Haven (the administrators').
    pub keeper: Option<AgencyId>,
    pub active: bool,
    pub entry: ServiceEntryDraft,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// What a search asks for; blank parts ask nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectorySearch {
    /// A province or commune (`2025/15`): entries serving it.
    pub place: Option<String>,
    /// A `support_service_type` code.
    pub service: Option<String>,
    pub takes_children: bool,
    pub takes_men: bool,
    pub takes_foreigners: bool,
    /// Withdrawn entries too (for their keepers).
    pub with_inactive: bool,
}

impl DirectorySearch {
    fn holds(&self, record: &ServiceEntryRecord) -> bool {
        let e = &record.entry;
        (self.with_inactive || record.active)
            && self.place.as_deref().is_none_or(|p| e.serves(p))
            && self
                .service
                .as_deref()
                .is_none_or(|s| e.services.iter().any(|x| x == s))
            && (!self.takes_children || e.takes_children)
            && (!self.takes_men || e.takes_men)
            && (!self.takes_foreigners || e.takes_foreigners)
    }
}

/// The body an entry is kept as: what its keeper wrote, and whether it is
/// withdrawn, so that the history says both.
#[derive(Serialize, serde::Deserialize)]
struct Stored {
    entry: ServiceEntryDraft,
    active: bool,
}

fn record(row: service_entry::Model, keeper: Option<AgencyId>) -> StoreResult<ServiceEntryRecord> {
    let stored: Stored = from_json(&row.body, "service entry")?;
    let provider = match (row.agency_id, row.facility_id) {
        (Some(agency), _) => Provider::Agency(AgencyId(agency)),
        (None, Some(facility)) => Provider::Facility(facility),
        (None, None) => Provider::Outside,
    };
    Ok(ServiceEntryRecord {
        id: row.id,
        provider,
        keeper,
        active: stored.active,
        entry: stored.entry,
        version: row.version,
        updated_at: row.updated_at,
    })
}

impl Directory<'_> {
    /// Every entry, with its keeper, by name.
    async fn all(&self) -> StoreResult<Vec<ServiceEntryRecord>> {
        let db = self.store.db();
        let operators: std::collections::HashMap<i64, i64> = facility::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f.operator_agency_id))
            .collect();
        let mut found = Vec::new();
        for row in service_entry::Entity::find()
            .order_by_asc(service_entry::Column::Id)
            .all(db)
            .await?
        {
            let keeper = match (row.agency_id, row.facility_id) {
                (Some(agency), _) => Some(AgencyId(agency)),
                (None, Some(f)) => operators.get(&f).copied().map(AgencyId),
                (None, None) => None,
            };
            found.push(record(row, keeper)?);
        }
        found.sort_by(|a, b| a.entry.name.cmp(&b.entry.name));
        Ok(found)
    }

    pub async fn search(&self, search: &DirectorySearch) -> StoreResult<Vec<ServiceEntryRecord>> {
        Ok(self
            .all()
            .await?
            .into_iter()
            .filter(|r| search.holds(r))
            .collect())
    }

    pub async fn entry(&self, id: i64) -> StoreResult<Option<ServiceEntryRecord>> {
        Ok(self.all().await?.into_iter().find(|r| r.id == id))
    }

    /// The entry describing an agency, if it has one.
    pub async fn of_agency(&self, agency: AgencyId) -> StoreResult<Option<ServiceEntryRecord>> {
        Ok(self
            .all()
            .await?
            .into_iter()
            .find(|r| r.provider == Provider::Agency(agency)))
    }

    /// An agency's or a facility's entry is named and placed as its record
    /// is: only a provider outside Haven is named by its entry.
    async fn as_recorded(
        &self,
        provider: Provider,
        draft: &ServiceEntryDraft,
    ) -> StoreResult<ServiceEntryDraft> {
        let mut draft = draft.clone();
        let recorded = match provider {
            Provider::Agency(a) => agency::Entity::find_by_id(a.get())
                .one(self.store.db())
                .await?
                .map(|found| (found.name, found.admin_unit_id)),
            Provider::Facility(f) => facility::Entity::find_by_id(f)
                .one(self.store.db())
                .await?
                .map(|found| (found.name, found.admin_unit_id)),
            Provider::Outside => None,
        };
        if let Some((name, unit)) = recorded {
            draft.name = name;
            draft.unit_id = unit;
        }
        Ok(draft)
    }

    /// Adds the entry of a provider, once per agency or facility.
    pub async fn add(
        &self,
        author: Author,
        provider: Provider,
        draft: &ServiceEntryDraft,
    ) -> StoreResult<ServiceEntryRecord> {
        let draft = &self.as_recorded(provider, draft).await?;
        self.check(draft, provider).await?;
        let (agency_id, facility_id) = match provider {
            Provider::Agency(a) => (Some(a.get()), None),
            Provider::Facility(f) => (None, Some(f)),
            Provider::Outside => (None, None),
        };
        let txn = self.store.begin_write().await?;
        let taken = match provider {
            Provider::Agency(a) => service_entry::Entity::find()
                .filter(service_entry::Column::AgencyId.eq(a.get()))
                .one(&*txn)
                .await?
                .is_some(),
            Provider::Facility(f) => service_entry::Entity::find()
                .filter(service_entry::Column::FacilityId.eq(f))
                .one(&*txn)
                .await?
                .is_some(),
            Provider::Outside => false,
        };
        if taken {
            return Err(StoreError::Invalid(Violations(vec![Violation::new(
                "provider",
                "one_entry",
                "Cơ quan, cơ sở này đã có trong danh bạ; hãy sửa mục đã có.",
                "This agency or facility is in the directory already; correct its entry.",
            )])));
        }
        let now = crate::cases::history::now_micros();
        let body = to_json(&Stored {
            entry: draft.clone(),
            active: true,
        })?;
        let created = service_entry::ActiveModel {
            agency_id: Set(agency_id),
            facility_id: Set(facility_id),
            kind: Set(draft.kind.code().to_owned()),
            unit_id: Set(draft.unit_id.clone()),
            active: Set(true),
            body: Set(body.clone()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        versioned::created(&*txn, "service_entry", created.id, None, author, now, &body).await?;
        txn.commit().await?;
        self.entry(created.id).await?.ok_or(StoreError::NotFound {
            what: "service entry",
        })
    }

    /// Corrects an entry, or withdraws it (`active` false) or brings it
    /// back, on the version its keeper saw.
    pub async fn change(
        &self,
        author: Author,
        id: i64,
        expected_version: i64,
        draft: &ServiceEntryDraft,
        active: bool,
    ) -> StoreResult<ServiceEntryRecord> {
        let current = self.entry(id).await?.ok_or(StoreError::NotFound {
            what: "service entry",
        })?;
        let draft = &self.as_recorded(current.provider, draft).await?;
        self.check(draft, current.provider).await?;
        let before = to_json(&Stored {
            entry: current.entry,
            active: current.active,
        })?;
        let after = to_json(&Stored {
            entry: draft.clone(),
            active,
        })?;
        let txn = self.store.begin_write().await?;
        let row = service_entry::ActiveModel {
            kind: Set(draft.kind.code().to_owned()),
            unit_id: Set(draft.unit_id.clone()),
            active: Set(active),
            ..Default::default()
        };
        versioned::write::<service_entry::Entity>(
            &*txn,
            Change {
                record_kind: "service_entry",
                id,
                plan_id: None,
                author,
                expected_version,
                before: &before,
                after: &after,
            },
            row,
        )
        .await?;
        txn.commit().await?;
        self.entry(id).await?.ok_or(StoreError::NotFound {
            what: "service entry",
        })
    }

    /// The codes, places and provider an entry names must exist.
    async fn check(&self, draft: &ServiceEntryDraft, provider: Provider) -> StoreResult<()> {
        let mut v = match draft.check() {
            Ok(()) => Violations::default(),
            Err(v) => v,
        };
        for (i, code) in draft.services.iter().enumerate() {
            if !self.store.code_exists("support_service_type", code).await? {
                v.push(Violation::unknown_code(
                    &format!("services_{i}"),
                    "support_service_type",
                ));
            }
        }
        // Today's units only: a search asks in them, and a legacy unit would never be found.
        let today = |unit: &str| unit.starts_with("2025/");
        for (i, area) in draft.areas_served.iter().enumerate() {
            if area != WHOLE_COUNTRY
                && (!today(area) || self.store.admin_unit(area).await?.is_none())
            {
                v.push(Violation::unknown_code(
                    &format!("areas_served_{i}"),
                    "admin_units",
                ));
            }
        }
        if !draft.unit_id.trim().is_empty()
            && (!today(&draft.unit_id) || self.store.admin_unit(&draft.unit_id).await?.is_none())
        {
            v.push(Violation::unknown_code("unit_id", "admin_units"));
        }
        let exists = match provider {
            Provider::Agency(a) => agency::Entity::find_by_id(a.get())
                .one(self.store.db())
                .await?
                .is_some(),
            Provider::Facility(f) => facility::Entity::find_by_id(f)
                .one(self.store.db())
                .await?
                .is_some(),
            Provider::Outside => true,
        };
        if !exists {
            v.push(Violation::unknown_code("provider", "agencies"));
        }
        v.into_result().map_err(StoreError::Invalid)
    }
}
