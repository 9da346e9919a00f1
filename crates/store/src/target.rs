//! Which database Haven talks to: an SQLite file in the data directory (the
//! embedded default) or a PostgreSQL server named by `DATABASE_URL`.

use crate::error::StoreError;
use std::path::{Path, PathBuf};

pub const SQLITE_FILE_NAME: &str = "haven.sqlite";

#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite { path: PathBuf },
    Postgres { url: String },
}

impl DatabaseTarget {
    /// The embedded default: `<data_dir>/haven.sqlite`.
    pub fn in_data_dir(data_dir: &Path) -> Self {
        DatabaseTarget::Sqlite {
            path: data_dir.join(SQLITE_FILE_NAME),
        }
    }

    /// Parses a database URL by its scheme: `postgres://` or `postgresql://`,
    /// `sqlite://PATH` or `sqlite:PATH`. Anything else is refused with a message
    /// that shows the accepted forms.
    pub fn from_url(raw: &str) -> Result<Self, StoreError> {
        let raw = raw.trim();
        let scheme = raw.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("postgres") | Some("postgresql") => {
                let parsed = url::Url::parse(raw).map_err(|e| {
                    StoreError::Configuration(format!(
                        "DATABASE_URL is not a valid PostgreSQL URL ({e}); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
                    ))
                })?;
                if parsed.host_str().is_none_or(str::is_empty) {
                    return Err(StoreError::Configuration(
                        "DATABASE_URL has no host; expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE".into(),
                    ));
                }
                Ok(DatabaseTarget::Postgres { url: raw.to_owned() })
            }
            Some("sqlite") => {
                let path = raw["sqlite:".len()..].trim_start_matches("//");
                let path = path.split('?').next().unwrap_or_default();
                if path.is_empty() {
                    return Err(StoreError::Configuration(
                        "DATABASE_URL sqlite: needs a file path, e.g. sqlite:///var/lib/haven/haven.sqlite".into(),
                    ));
                }
                Ok(DatabaseTarget::Sqlite { path: PathBuf::from(path) })
            }
            Some(other) => Err(StoreError::Configuration(format!(
                "DATABASE_URL has the unsupported scheme '{other}'; use postgres://USER@HOST:PORT/DATABASE, or leave DATABASE_URL unset to use SQLite in --data-dir"
            ))),
            None => Err(StoreError::Configuration(
                "DATABASE_URL has no scheme; use postgres://USER@HOST:PORT/DATABASE, or leave DATABASE_URL unset to use SQLite in --data-dir".into(),
            )),
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, DatabaseTarget::Sqlite { .. })
    }

    /// Where the database is, fit for a log line or an error: never a password.
    pub fn describe(&self) -> String {
        match self {
            DatabaseTarget::Sqlite { path } => format!("SQLite {}", path.display()),
            DatabaseTarget::Postgres { url } => match url::Url::parse(url) {
                Ok(u) => format!(
                    "PostgreSQL {}:{}{}",
                    u.host_str().unwrap_or("?"),
                    u.port().unwrap_or(5432),
                    u.path()
                ),
                Err(_) => "PostgreSQL".into(),
            },
        }
    }
}

/// Debug shows the redacted description, so a URL with a password can be logged by accident safely.
impl std::fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_recognised() {
        assert!(matches!(
            DatabaseTarget::from_url("postgres://u@localhost/haven"),
            Ok(DatabaseTarget::Postgres { .. })
        ));
        assert!(matches!(
            DatabaseTarget::from_url("postgresql://u:p@db:5433/haven"),
            Ok(DatabaseTarget::Postgres { .. })
        ));
        assert_eq!(
            DatabaseTarget::from_url("sqlite:///tmp/x.sqlite").ok(),
            Some(DatabaseTarget::Sqlite {
                path: "/tmp/x.sqlite".into()
            })
        );
        assert_eq!(
            DatabaseTarget::from_url("sqlite:data/x.sqlite?mode=rwc").ok(),
            Some(DatabaseTarget::Sqlite {
                path: "data/x.sqlite".into()
            })
        );
    }

    #[test]
    fn unknown_scheme_names_the_accepted_ones() {
        let err = DatabaseTarget::from_url("mysql://root@localhost/haven")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("'mysql'") && err.contains("postgres://"),
            "{err}"
        );
        assert!(!err.contains('\n'));
        let err = DatabaseTarget::from_url("localhost:5432")
            .unwrap_err()
            .to_string();
        assert!(err.contains("postgres://"), "{err}");
    }

    #[test]
    fn description_never_shows_the_password() {
        let t = DatabaseTarget::from_url("postgres://haven:s3cret@db.example:6543/haven").unwrap();
        assert_eq!(t.describe(), "PostgreSQL db.example:6543/haven");
        assert!(!format!("{t:?}").contains("s3cret"));
    }
}
