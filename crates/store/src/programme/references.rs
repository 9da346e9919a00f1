//! What a programme record refers to must exist: agencies, places, codes,
//! the parent plan, the task, the inspected company or facility. The domain checks the shape; this checks the
//! references, and names each missing one by its field.

use super::Programme;
use crate::entities::{agency, facility, plan, plan_task};
use crate::error::StoreResult;
use haven_domain::ids::{AgencyId, PlanId};
use haven_domain::programme::{
    ActivityDetails, ActivityDraft, InspectedBody, PlanDraft, TaskDraft,
};
use haven_domain::{Violation, Violations};
use sea_orm::{EntityTrait, PaginatorTrait};

impl Programme<'_> {
    pub(super) async fn agency_exists(&self, id: AgencyId) -> StoreResult<bool> {
        Ok(agency::Entity::find_by_id(id.get())
            .count(self.store.db())
            .await?
            > 0)
    }

    async fn check_agencies(
        &self,
        v: &mut Violations,
        field: &str,
        ids: &[AgencyId],
    ) -> StoreResult<()> {
        for (i, id) in ids.iter().enumerate() {
            if !self.agency_exists(*id).await? {
                v.push(Violation::unknown_code(&format!("{field}_{i}"), "agencies"));
            }
        }
        Ok(())
    }

    async fn check_codes(
        &self,
        v: &mut Violations,
        field: &str,
        list: &str,
        codes: &[String],
    ) -> StoreResult<()> {
        for (i, code) in codes.iter().enumerate() {
            if !self.store.code_exists(list, code).await? {
                v.push(Violation::unknown_code(&format!("{field}_{i}"), list));
            }
        }
        Ok(())
    }

    /// The parent plan exists and is not the plan itself or one implementing it.
    pub(super) async fn check_plan(
        &self,
        v: &mut Violations,
        plan_id: Option<PlanId>,
        draft: &PlanDraft,
    ) -> StoreResult<()> {
        let Some(mut parent) = draft.parent_plan_id else {
            return Ok(());
        };
        let db = self.store.db();
        let mut steps = 0;
        loop {
            if Some(parent) == plan_id {
                v.push(Violation::new(
                    "parent_plan_id",
                    "no_cycle",
                    "Kế hoạch không thể thực hiện chính nó hoặc một kế hoạch thực hiện nó.",
                    "A plan cannot implement itself or a plan that implements it.",
                ));
                return Ok(());
            }
            let Some(found) = plan::Entity::find_by_id(parent.get()).one(db).await? else {
                if steps == 0 {
                    v.push(Violation::unknown_code("parent_plan_id", "plans"));
                }
                return Ok(());
            };
            match found.parent_plan_id {
                Some(next) if steps < 64 => {
                    parent = PlanId(next);
                    steps += 1;
                }
                Some(_) | None => return Ok(()),
            }
        }
    }

    pub(super) async fn check_task(
        &self,
        v: &mut Violations,
        draft: &TaskDraft,
    ) -> StoreResult<()> {
        self.check_agencies(v, "lead_agency_id", &[draft.lead_agency_id])
            .await?;
        // The lead agency's field is one, not a list: name it plainly.
        for violation in &mut v.0 {
            if violation.field == "lead_agency_id_0" {
                violation.field = "lead_agency_id".into();
            }
        }
        self.check_agencies(v, "cooperating_agency_ids", &draft.cooperating_agency_ids)
            .await
    }

    pub(super) async fn check_activity(
        &self,
        v: &mut Violations,
        draft: &ActivityDraft,
    ) -> StoreResult<()> {
        let unit_ok = draft.unit_id.starts_with("2025/")
            && self.store.admin_unit(&draft.unit_id).await?.is_some();
        if !draft.unit_id.trim().is_empty() && !unit_ok {
            v.push(Violation::unknown_code("unit_id", "admin_units"));
        }
        if let Some(task) = draft.task_id {
            if plan_task::Entity::find_by_id(task.get())
                .count(self.store.db())
                .await?
                == 0
            {
                v.push(Violation::unknown_code("task_id", "plan_tasks"));
            }
        }
        match &draft.details {
            ActivityDetails::Communication(c) => {
                if !c.channel.trim().is_empty()
                    && !self
                        .store
                        .code_exists("communication_kind", &c.channel)
                        .await?
                {
                    v.push(Violation::unknown_code("channel", "communication_kind"));
                }
                self.check_codes(v, "languages", "communication_language", &c.languages)
                    .await?;
                self.check_codes(v, "audiences", "audience_group", &c.audiences)
                    .await?;
            }
            ActivityDetails::Training(t) => {
                self.check_codes(v, "topics", "training_topic", &t.topics)
                    .await?;
                for (i, group) in t.trainee_groups.iter().enumerate() {
                    if !group.sector.trim().is_empty()
                        && !self
                            .store
                            .code_exists("agency_sector", &group.sector)
                            .await?
                    {
                        v.push(Violation::unknown_code(
                            &format!("trainee_sector_{i}"),
                            "agency_sector",
                        ));
                    }
                    if let Some(agency) = group.agency_id {
                        if !self.agency_exists(agency).await? {
                            v.push(Violation::unknown_code(
                                &format!("trainee_agency_{i}"),
                                "agencies",
                            ));
                        }
                    }
                }
            }
            ActivityDetails::Meeting(m) => {
                self.check_agencies(v, "participating_agency_ids", &m.participating_agency_ids)
                    .await?;
                let group = match m.working_group_id {
                    Some(id) => {
                        let found = self.working_group(id).await?;
                        if found.is_none() {
                            v.push(Violation::unknown_code(
                                "working_group_id",
                                "working_groups",
                            ));
                        }
                        found
                    }
                    None => None,
                };
                for (i, f) in m.follow_ups.iter().enumerate() {
                    let field = format!("follow_ups_{i}.owner_agency_id");
                    if !self.agency_exists(f.owner_agency_id).await? {
                        v.push(Violation::unknown_code(&field, "agencies"));
                    } else if let Some(group) = &group {
                        // A group hands its work to its own members (or its host).
                        let in_group = group.host_agency_id == f.owner_agency_id
                            || group
                                .group
                                .members
                                .iter()
                                .any(|m| m.agency_id == f.owner_agency_id);
                        if !in_group {
                            v.push(Violation::new(
                                &field,
                                "owner_in_group",
                                "Tổ công tác chỉ giao việc cho cơ quan thành viên của tổ hoặc cơ quan thường trực.",
                                "A working group gives actions to its member agencies or its host only.",
                            ));
                        }
                    }
                }
            }
            ActivityDetails::Inspection(i) => {
                match i.subject {
                    InspectedBody::Company { company_id } => {
                        if self.company(company_id).await?.is_none() {
                            v.push(Violation::unknown_code("subject.company_id", "companies"));
                        }
                    }
                    InspectedBody::Facility { facility_id } => {
                        if facility::Entity::find_by_id(facility_id)
                            .count(self.store.db())
                            .await?
                            == 0
                        {
                            v.push(Violation::unknown_code("subject.facility_id", "facilities"));
                        }
                    }
                }
                self.check_agencies(v, "team_agency_ids", &i.team_agency_ids)
                    .await?;
                self.check_codes(v, "violations", "inspection_violation", &i.violations)
                    .await?;
                for (n, sanction) in i.sanctions.iter().enumerate() {
                    if !sanction.sanction_kind.trim().is_empty()
                        && !self
                            .store
                            .code_exists("sanction_kind", &sanction.sanction_kind)
                            .await?
                    {
                        v.push(Violation::unknown_code(
                            &format!("sanctions_{n}.sanction_kind"),
                            "sanction_kind",
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Used by the checks' callers: an unknown record named as a field.
pub(super) fn unknown(field: &str, list: &str) -> Violations {
    Violations(vec![Violation::unknown_code(field, list)])
}
