use crate::config::Config;
use clap::Subcommand;
use haven_store::attachments::rotation;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Make a new attachment key, re-encrypt every stored file under it and retire the old one.
    /// Stop Haven first; an interrupted rotation is finished by running this again.
    Rotate,
}

pub async fn run(config: &Config, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Rotate => {
            let key_file = config.attachment_key_file();
            let done = rotation::rotate(&key_file, &config.attachment_dir()).await?;
            println!(
                "attachment key rotated in {}: {} files re-encrypted, {} already under the new key.",
                key_file.display(),
                done.reencrypted,
                done.already_current
            );
            Ok(())
        }
    }
}
