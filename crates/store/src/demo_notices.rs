//! The demo's notices: those its cases, contacts and reports raised while
//! loading, the deadlines of its open cases, one user's email choices, and
//! each user's older notices already read, so the inbox shows both.

use crate::demo::DEMO_USERS;
use crate::error::StoreResult;
use crate::notices::Reader;
use crate::store::Store;
use chrono::{Duration, Utc};
use haven_domain::ids::AgencyId;
use haven_domain::notice::{EmailChoice, EmailSettings, NoticeKind};
use std::collections::BTreeMap;

/// Notices left unread per demo user: the newest.
const LEFT_UNREAD: usize = 3;

pub(crate) async fn load(store: &Store) -> StoreResult<()> {
    let now = Utc::now();
    let today = (now + Duration::hours(7)).date_naive();
    let notices = store.notices();
    notices.scan_deadlines(today, 3, now).await?;
    if let Some(social) = store.user_by_username("social.worker").await? {
        let choices = BTreeMap::from([
            (NoticeKind::ReferralAnswered, EmailChoice::Each),
            (NoticeKind::DeadlineComing, EmailChoice::Daily),
            (NoticeKind::DeadlineOverdue, EmailChoice::Daily),
        ]);
        let settings = EmailSettings {
            email: Some("social.worker@demo.haven.example".into()),
            choices,
        };
        notices.save_email_settings(social.id, 0, &settings).await?;
    }
    for demo in DEMO_USERS {
        let Some(user) = store.user_by_username(demo.username).await? else {
            continue;
        };
        let reader = Reader {
            user_id: user.id,
            agency: AgencyId(user.agency_id),
            acts_on: NoticeKind::ALL.to_vec(),
        };
        let page = notices.inbox(&reader, false, 200, 0).await?;
        for older in page.notices.iter().skip(LEFT_UNREAD) {
            notices.mark_read(&reader, older.id, now).await?;
        }
    }
    Ok(())
}
