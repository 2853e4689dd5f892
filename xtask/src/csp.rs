//! `cargo xtask csp [--config FILE]`: the app's Content-Security-Policy for a
//! `config.json` (made by `test_support::csp`, which the end-to-end tests'
//! server uses too), and how to send it from CloudFront, nginx, or S3 with
//! CloudFront in front.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use test_support::csp::AppPolicy;

use crate::root;

/// The `config.json` the README's header is generated from.
pub const DEFAULT_CONFIG: &str = "public/config.json";

/// The other security headers sent beside the CSP by the snippets, as the
/// emulator's hosted pages send them.
const REFERRER_POLICY: &str = "no-referrer";

/// `csp [--config FILE]`.
pub fn command(args: &[String]) -> Result<(), String> {
    let config = match args {
        [] => root().join(DEFAULT_CONFIG),
        [flag, path] if flag == "--config" => PathBuf::from(path),
        _ => {
            return Err(format!(
                "usage: cargo xtask csp [--config FILE]   (default: {DEFAULT_CONFIG})"
            ))
        }
    };
    let policy = policy_for_file(&config)?;
    print!("{}", report(&shown_path(&config), &policy));
    Ok(())
}

/// The policy for the `config.json` at `path`, or what to fix.
pub fn policy_for_file(path: &Path) -> Result<AppPolicy, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {}: {e}. Give the app's config.json with --config FILE",
            path.display()
        )
    })?;
    let config: Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not valid JSON ({e}); fix it (the app would refuse it too)",
            path.display()
        )
    })?;
    AppPolicy::from_config(&config)
        .map_err(|p| format!("{} cannot give a CSP: {p}", path.display()))
}

/// `path` relative to the workspace when it is inside it.
fn shown_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .strip_prefix(root())
        .unwrap_or(&absolute)
        .display()
        .to_string()
}

/// Everything the command prints: the header, then one snippet per host.
pub fn report(config_name: &str, policy: &AppPolicy) -> String {
    let header = policy.header_value();
    format!(
        "Content-Security-Policy for {config_name}:\n\n\
         {header}\n\n\
         ## CloudFront\n\n\
         A response headers policy; save it as csp-policy.json, then\n\
         `aws cloudfront create-response-headers-policy --response-headers-policy-config file://csp-policy.json`\n\
         and set the `ResponseHeadersPolicyId` it returns on the distribution's cache behaviors.\n\n\
         {cloudfront}\n\n\
         ## nginx\n\n\
         In the `location` that serves the app (`add_header` in a nested block replaces the outer ones):\n\n\
         {nginx}\n\n\
         ## S3 static website hosting\n\n\
         {s3}\n",
        cloudfront = cloudfront_policy(&header),
        nginx = nginx(&header),
        s3 = S3,
    )
}

/// The `ResponseHeadersPolicyConfig` for `aws cloudfront
/// create-response-headers-policy` (CloudFront API Reference,
/// "ResponseHeadersPolicySecurityHeadersConfig"): the CSP with the same
/// frame, sniffing and referrer headers as the emulator's pages.
pub fn cloudfront_policy(header: &str) -> String {
    let config = json!({
        "Name": "leptos-cognito-csp",
        "Comment": "Content-Security-Policy of the leptos-cognito sign-in app (cargo xtask csp)",
        "SecurityHeadersConfig": {
            "ContentSecurityPolicy": { "Override": true, "ContentSecurityPolicy": header },
            "FrameOptions": { "Override": true, "FrameOption": "DENY" },
            "ContentTypeOptions": { "Override": true },
            "ReferrerPolicy": { "Override": true, "ReferrerPolicy": REFERRER_POLICY },
        },
    });
    serde_json::to_string_pretty(&config).expect("a JSON value serialises")
}

/// The nginx directives (`always`: on error pages too).
pub fn nginx(header: &str) -> String {
    format!(
        "add_header Content-Security-Policy \"{header}\" always;\n\
         add_header X-Frame-Options \"DENY\" always;\n\
         add_header X-Content-Type-Options \"nosniff\" always;\n\
         add_header Referrer-Policy \"{REFERRER_POLICY}\" always;"
    )
}

/// Why S3 alone cannot do it, and the recipe that can.
const S3: &str = "\
S3 static website hosting cannot send a `Content-Security-Policy` header: an object's
metadata sets only `Content-Type`, `Cache-Control`, `Content-Disposition`, `Content-Encoding`,
`Content-Language` and `Expires` (anything else comes back as `x-amz-meta-*`), and a
`<meta http-equiv>` policy cannot carry `frame-ancestors`. Put CloudFront in front of the bucket:

1. Keep the bucket private; give a CloudFront distribution access with origin access
   control (the bucket's REST endpoint as origin, not the website endpoint).
2. Create the response headers policy above and attach it to the default cache behavior.
3. Make the single-page app's routes work: default root object `index.html`, and custom
   error responses 403 and 404 -> `/index.html` with status 200.
4. Check that the app's routes carry the header too:
   `curl -sI https://<your domain>/account | grep -i content-security-policy`.";

#[cfg(test)]
mod tests {
    use super::*;

    fn local_policy() -> AppPolicy {
        policy_for_file(&root().join(DEFAULT_CONFIG)).expect("public/config.json gives a CSP")
    }

    #[test]
    fn the_cloudfront_policy_carries_the_header_unchanged() {
        let header = local_policy().header_value();
        let parsed: Value = serde_json::from_str(&cloudfront_policy(&header)).unwrap();
        let security = &parsed["SecurityHeadersConfig"];
        assert_eq!(
            security["ContentSecurityPolicy"]["ContentSecurityPolicy"],
            header
        );
        assert_eq!(security["ContentSecurityPolicy"]["Override"], true);
        assert_eq!(security["FrameOptions"]["FrameOption"], "DENY");
        assert_eq!(security["ReferrerPolicy"]["ReferrerPolicy"], "no-referrer");
        assert_eq!(security["ContentTypeOptions"]["Override"], true);
        assert!(parsed["Name"].as_str().is_some_and(|n| !n.is_empty()));
    }

    #[test]
    fn the_nginx_line_quotes_the_header_once() {
        let header = local_policy().header_value();
        let text = nginx(&header);
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            format!("add_header Content-Security-Policy \"{header}\" always;")
        );
        // The header itself has no double quote that would end nginx's string.
        assert!(!header.contains('"'));
        assert!(text.lines().all(|l| l.ends_with(" always;")));
    }

    #[test]
    fn the_report_has_the_header_and_every_snippet() {
        let policy = local_policy();
        let text = report("public/config.json", &policy);
        assert!(text.starts_with("Content-Security-Policy for public/config.json:\n\n"));
        assert!(text.contains(&format!("\n{}\n", policy.header_value())));
        for part in [
            "## CloudFront",
            "create-response-headers-policy",
            "## nginx",
            "## S3 static website hosting",
            "cannot send a `Content-Security-Policy` header",
        ] {
            assert!(text.contains(part), "{part}");
        }
    }

    #[test]
    fn a_bad_config_file_says_what_to_fix() {
        let dir = std::env::temp_dir().join(format!("xtask-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config.json");
        std::fs::write(
            &file,
            r#"{"endpoints": {"userPool": "https://x.example; script-src *"}}"#,
        )
        .unwrap();
        let message = policy_for_file(&file).unwrap_err();
        assert!(message.contains("`endpoints.userPool`"), "{message}");
        std::fs::write(&file, "{").unwrap();
        assert!(policy_for_file(&file)
            .unwrap_err()
            .contains("not valid JSON"));
        let missing = policy_for_file(&dir.join("nope.json")).unwrap_err();
        assert!(missing.contains("--config FILE"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The README shows exactly what the command prints for the default
    /// config (regenerate with `cargo xtask csp` and paste it in).
    #[test]
    fn the_readme_has_the_current_output() {
        let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
        let policy = local_policy();
        let header = policy.header_value();
        for (what, text) in [
            ("the header", header.clone()),
            ("the CloudFront policy", cloudfront_policy(&header)),
            ("the nginx lines", nginx(&header)),
            ("the S3 recipe", S3.to_owned()),
        ] {
            assert!(
                readme.contains(&text),
                "README.md's Content-Security-Policy section does not have {what} that \
                 `cargo xtask csp` prints now; paste its output in:\n{text}"
            );
        }
    }

    /// `trunk serve` (`cargo xtask dev`) sends the same header as the README.
    #[test]
    fn trunk_serve_sends_the_generated_header() {
        let expected = local_policy().header_value();
        assert_eq!(
            crate::trunk_serve_csp().unwrap(),
            expected,
            "Trunk.toml [serve.headers] Content-Security-Policy"
        );
    }
}
