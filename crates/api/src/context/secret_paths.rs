//! Paths that look like they hold secrets: environment files, private keys, certificates'
//! keys and credential stores. The shell warns before attaching one and the folder attachment
//! never includes their contents, because a key sent to a model provider cannot be taken back.
//! Example and template files (`.env.example`) are meant to be shared, so they do not count.

/// Whether the file at `path` (any separator) looks like it holds secrets, judged by its name.
#[must_use]
pub fn is_secret_looking(path: &str) -> bool {
    let name = path
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if name.is_empty() {
        return false;
    }
    if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
        return !is_shared_template(&name);
    }
    const NAMES: [&str; 10] = [
        ".netrc",
        "_netrc",
        ".pgpass",
        ".npmrc",
        ".pypirc",
        ".htpasswd",
        ".git-credentials",
        "credentials.json",
        "secrets.json",
        "service-account.json",
    ];
    const EXTENSIONS: [&str; 8] = [
        ".pem",
        ".key",
        ".p12",
        ".pfx",
        ".jks",
        ".keystore",
        ".ppk",
        ".kdbx",
    ];
    const SSH_KEYS: [&str; 4] = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];
    NAMES.contains(&name.as_str())
        || EXTENSIONS.iter().any(|extension| name.ends_with(extension))
        || (SSH_KEYS.iter().any(|key| name.starts_with(key)) && !name.ends_with(".pub"))
        || is_cloud_credentials(path)
}

/// `.env.example`, `.env.sample`, `.env.template`, `.env.dist` and the like.
fn is_shared_template(name: &str) -> bool {
    ["example", "sample", "template", "dist", "defaults"]
        .iter()
        .any(|word| name.contains(word))
}

/// The AWS CLI's credentials file, `.aws/credentials`, whose name alone is too common to judge.
fn is_cloud_credentials(path: &str) -> bool {
    let path = path.replace('\\', "/").to_ascii_lowercase();
    path == ".aws/credentials" || path.ends_with("/.aws/credentials")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_looking_paths() {
        for path in [
            ".env",
            "app/.env.local",
            ".env.production",
            "config/prod.env",
            "certs/server.pem",
            "tls/server.KEY",
            "keys/store.p12",
            "id_rsa",
            "home/.ssh/id_ed25519",
            "id_rsa_work",
            ".npmrc",
            "deploy\\.netrc",
            "home/.aws/credentials",
            ".git-credentials",
        ] {
            assert!(is_secret_looking(path), "{path}");
        }
    }

    #[test]
    fn ordinary_and_shared_paths() {
        for path in [
            ".env.example",
            "app/.env.sample",
            ".env.template",
            "src/environment.ts",
            "id_rsa.pub",
            "src/keyboard.rs",
            "docs/keys.md",
            "credentials",
            "src/main.rs",
            "",
            "src/",
        ] {
            assert!(!is_secret_looking(path), "{path}");
        }
    }
}
