use super::open_store;
use crate::config::Config;
use anyhow::{anyhow, bail};
use clap::Subcommand;
use haven_domain::organisation::NewUser;
use haven_domain::role::Role;
use haven_store::accounts::NewAccount;
use haven_store::{Store, UserAccount};
use std::io::BufRead;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a user. The first user of a database is also made system administrator.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// Code of the user's agency (see `haven agency list`).
        #[arg(long)]
        agency: String,
        /// Role code, repeatable: system_admin, agency_admin, social_worker, police_officer,
        /// border_guard_officer, shelter_staff, hotline_operator, legal_aid_officer,
        /// womens_union_officer, supervisor, statistician, auditor.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create a personal API token for a user; the token is printed once.
    Token {
        #[arg(long)]
        username: String,
        /// What the token is for, e.g. "monthly export".
        #[arg(long)]
        name: String,
    },
    /// List users.
    List,
    /// Give a user a temporary password (printed once, to be changed at the
    /// next login) and end all their sessions and tokens; for an administrator
    /// locked out of the web interface too.
    ResetPassword {
        #[arg(long)]
        username: String,
        /// Also remove the user's second factor (lost phone and recovery codes).
        #[arg(long)]
        second_factor: bool,
    },
    /// End every session and revoke every API token of a user.
    Revoke {
        #[arg(long)]
        username: String,
    },
}

pub async fn run(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    match command {
        UserCommand::Add {
            username,
            display_name,
            agency,
            roles,
            password_stdin,
        } => {
            let roles = roles
                .iter()
                .map(|code| {
                    Role::from_code(code).ok_or_else(|| {
                        anyhow!("unknown role '{code}'; see `haven user add --help`")
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            if store.agency_by_code(&agency).await?.is_none() {
                bail!("no agency has the code '{agency}'; create it first with `haven agency add`");
            }
            // A password typed by the operator is the user's; a generated one
            // is temporary and must be changed at the first login.
            let (user, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                let user = store
                    .add_user(&NewUser {
                        username,
                        display_name,
                        agency_code: agency,
                        roles,
                        password: line.trim_end_matches(['\r', '\n']).to_owned(),
                    })
                    .await?;
                (user, None)
            } else {
                let (user, password) = store
                    .create_account(&NewAccount {
                        username,
                        display_name,
                        agency_code: agency,
                        roles,
                    })
                    .await?;
                (user, Some(password))
            };
            let roles: Vec<&str> = user.roles.iter().map(|r| r.code()).collect();
            println!(
                "User {} created in {} with roles {}.",
                user.username,
                user.agency_code,
                roles.join(", ")
            );
            if let Some(password) = generated {
                println!("Password (shown once, to be changed at the first login): {password}");
            }
        }
        UserCommand::Token { username, name } => {
            let user = user_named(&store, &username).await?;
            let (_, token) = store.create_api_token(user.id, &name).await?;
            println!("{token}");
        }
        UserCommand::List => {
            for user in store.users().await? {
                let roles: Vec<&str> = user.roles.iter().map(|r| r.code()).collect();
                println!(
                    "{:<20} {:<14} {}",
                    user.username,
                    user.agency_code,
                    roles.join(",")
                );
            }
        }
        UserCommand::ResetPassword {
            username,
            second_factor,
        } => {
            let user = user_named(&store, &username).await?;
            let password = store.reset_password(user.id).await?;
            if second_factor {
                store.remove_second_factor(user.id).await?;
                println!("Second factor of {username} removed.");
            }
            println!("Sessions and tokens of {username} ended.");
            println!(
                "Temporary password (shown once, to be changed at the next login): {password}"
            );
        }
        UserCommand::Revoke { username } => {
            let user = user_named(&store, &username).await?;
            let revoked = store.revoke_access(user.id).await?;
            println!(
                "{} sessions ended and {} API tokens revoked for {username}.",
                revoked.sessions, revoked.api_tokens
            );
        }
    }
    Ok(())
}

async fn user_named(store: &Store, username: &str) -> anyhow::Result<UserAccount> {
    store
        .user_by_username(username)
        .await?
        .ok_or_else(|| anyhow!("no user '{username}'"))
}
