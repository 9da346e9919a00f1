//! The append-only history of a case, chained with HMAC-SHA-256 under the
//! audit key (kept outside the database) so that an entry altered, removed or
//! reordered behind Haven's back is detected by `haven audit verify`; each
//! case also keeps a keyed head over its version and last entry, so cutting
//! off the last entries and rolling the case back is detected too.

use crate::audit_key::AuditKey;
use crate::entities::case_history;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The chain starts from this value for every case.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Everything an entry says, in a fixed order, sealed with the previous hash.
pub struct EntryContent<'a> {
    pub case_id: i64,
    pub seq: i64,
    pub recorded_at: DateTime<Utc>,
    pub actor_user_id: i64,
    pub actor_agency_id: i64,
    pub command: &'a str,
    pub payload: &'a str,
    pub changes: &'a str,
    pub reason: Option<&'a str>,
}

impl EntryContent<'_> {
    fn parts(&self, prev_hash: &str) -> [String; 10] {
        [
            prev_hash.to_owned(),
            self.case_id.to_string(),
            self.seq.to_string(),
            self.recorded_at
                .to_rfc3339_opts(SecondsFormat::Micros, true),
            self.actor_user_id.to_string(),
            self.actor_agency_id.to_string(),
            self.command.to_owned(),
            self.payload.to_owned(),
            self.changes.to_owned(),
            self.reason.unwrap_or("").to_owned(),
        ]
    }

    /// The entry's seal: HMAC-SHA-256 under the audit key.
    pub fn hash(&self, prev_hash: &str, key: &AuditKey) -> String {
        let parts = self.parts(prev_hash);
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        key.mac(&parts)
    }

    /// The unkeyed SHA-256 chain of databases written before the audit key:
    /// checked once, when their chains are re-keyed.
    pub fn legacy_hash(&self, prev_hash: &str) -> String {
        let mut hasher = Sha256::new();
        for part in self.parts(prev_hash) {
            // Length-prefixed, so no two different entries feed the same bytes.
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part.as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}

/// A case's keyed head: its version and last entry's seal, so a history cut
/// short (and the case rolled back to match) no longer verifies.
pub fn head(key: &AuditKey, case_id: i64, version: i64, last_hash: &str) -> String {
    key.mac(&[
        "head",
        &case_id.to_string(),
        &version.to_string(),
        last_hash,
    ])
}

pub fn content_of(row: &case_history::Model) -> EntryContent<'_> {
    EntryContent {
        case_id: row.case_id,
        seq: row.seq,
        recorded_at: row.recorded_at,
        actor_user_id: row.actor_user_id,
        actor_agency_id: row.actor_agency_id,
        command: &row.command,
        payload: &row.payload,
        changes: &row.changes,
        reason: row.reason.as_deref(),
    }
}

/// The first entry (by seq) whose link or seal does not hold, if any;
/// `seal` computes an entry's seal from the previous one.
pub fn first_broken_link(
    rows: &[case_history::Model],
    seal: impl Fn(&EntryContent<'_>, &str) -> String,
) -> Option<i64> {
    let mut prev = GENESIS.to_owned();
    for (i, row) in rows.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if row.seq != expected_seq
            || row.prev_hash != prev
            || seal(&content_of(row), &prev) != row.hash
        {
            return Some(expected_seq);
        }
        prev = row.hash.clone();
    }
    None
}

/// Both databases keep microseconds; hashing what they give back needs the same.
pub fn now_micros() -> DateTime<Utc> {
    micros(Utc::now())
}

/// A moment to the microsecond, as both databases keep it.
pub fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

/// Field-level before/after of two JSON objects: `{field: {"before": …, "after": …}}`.
pub fn changes(before: &Value, after: &Value) -> Value {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    for (key, new) in after {
        let old = before.get(key).unwrap_or(&Value::Null);
        if old != new {
            out.insert(
                key.clone(),
                serde_json::json!({"before": old, "after": new}),
            );
        }
    }
    for (key, old) in before {
        if !after.contains_key(key) {
            out.insert(
                key.clone(),
                serde_json::json!({"before": old, "after": Value::Null}),
            );
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_list_only_what_differs() {
        let before = serde_json::json!({"phase": "received", "version": 1, "same": true});
        let after = serde_json::json!({"phase": "in_shelter", "version": 2, "same": true});
        let diff = changes(&before, &after);
        assert_eq!(
            diff["phase"],
            serde_json::json!({"before": "received", "after": "in_shelter"})
        );
        assert!(diff.get("same").is_none());
    }

    #[test]
    fn the_hash_covers_every_part() {
        let base = EntryContent {
            case_id: 1,
            seq: 1,
            recorded_at: now_micros(),
            actor_user_id: 2,
            actor_agency_id: 3,
            command: "add_note",
            payload: "{}",
            changes: "{}",
            reason: None,
        };
        let dir = tempfile::tempdir().unwrap();
        let key = AuditKey::open_or_create(&dir.path().join("audit.key")).unwrap();
        let h = base.hash(GENESIS, &key);
        assert_ne!(
            h,
            EntryContent {
                actor_user_id: 9,
                ..base
            }
            .hash(GENESIS, &key)
        );
        let base = EntryContent {
            actor_user_id: 2,
            ..base
        };
        assert_eq!(h, base.hash(GENESIS, &key));
        assert_ne!(
            h,
            EntryContent {
                reason: Some("x"),
                ..base
            }
            .hash(GENESIS, &key)
        );
        assert_ne!(h, base.hash(&h, &key));
        assert_ne!(
            h,
            base.hash(GENESIS, &key.successor()),
            "another key, another seal"
        );
        assert_ne!(h, base.legacy_hash(GENESIS));
    }
}
