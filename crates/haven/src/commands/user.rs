use super::open_store;
use crate::config::Config;
use anyhow::{anyhow, bail};
use clap::Subcommand;
use haven_domain::organisation::NewUser;
use haven_domain::role::Role;
use haven_store::credentials::generate_password;
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
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (generate_password(), true)
            };
            if store.agency_by_code(&agency).await?.is_none() {
                bail!("no agency has the code '{agency}'; create it first with `haven agency add`");
            }
            let user = store
                .add_user(&NewUser {
                    username,
                    display_name,
                    agency_code: agency,
                    roles,
                    password: password.clone(),
                })
                .await?;
            let roles: Vec<&str> = user.roles.iter().map(|r| r.code()).collect();
            println!(
                "User {} created in {} with roles {}.",
                user.username,
                user.agency_code,
                roles.join(", ")
            );
            if generated {
                println!("Password (shown once, change it after the first login): {password}");
            }
        }
        UserCommand::Token { username, name } => {
            let user = store
                .user_by_username(&username)
                .await?
                .ok_or_else(|| anyhow!("no user '{username}'"))?;
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
    }
    Ok(())
}
