//! Funding sources of support become a code list (the seeds budget by
//! source: central and local budgets, international aid, contributions).
//! Before, the field took any text — and a text typed there reached the
//! statistics as a column label, names and phone numbers included.

use super::m0001_reference_schema::CodeListItems;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const LIST: &str = "funding_source";

/// Code, Vietnamese label, English label, order.
const ITEMS: [(&str, &str, &str, i32); 5] = [
    (
        "state_budget_central",
        "Ngân sách trung ương",
        "Central state budget",
        10,
    ),
    (
        "state_budget_local",
        "Ngân sách địa phương",
        "Local state budget",
        20,
    ),
    (
        "international_aid",
        "Viện trợ, tài trợ quốc tế",
        "International aid",
        30,
    ),
    (
        "contributions",
        "Nguồn xã hội hóa, đóng góp của tổ chức, cá nhân",
        "Contributions of organisations and individuals",
        40,
    ),
    ("other", "Nguồn khác", "Other source", 50),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut insert = Query::insert();
        insert.into_table(CodeListItems::Table).columns([
            CodeListItems::List,
            CodeListItems::Code,
            CodeListItems::LabelVi,
            CodeListItems::LabelEn,
            CodeListItems::SortOrder,
            CodeListItems::Active,
        ]);
        for (code, label_vi, label_en, order) in ITEMS {
            insert
                .values([
                    LIST.into(),
                    code.into(),
                    label_vi.into(),
                    label_en.into(),
                    order.into(),
                    true.into(),
                ])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(CodeListItems::Table)
                    .and_where(Expr::col(CodeListItems::List).eq(LIST))
                    .to_owned(),
            )
            .await
    }
}
