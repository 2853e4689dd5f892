//! TOTP software-token MFA as the screens use it: the calls behind the
//! account page's "Set up authenticator app" / "Turn off", and what an
//! authenticator needs to add the account (the `otpauth://` URI, its QR code
//! and the key in groups of four). No view code and no protocol decisions:
//! those are the core's (`cognito_client::mfa` for the account page,
//! `cognito_client::flow` for the sign-in challenges).

use cognito_client::mfa::{
    after_verify_for_enrolment, software_token_mfa_enabled, EnrolmentVerified,
};
use cognito_client::secret::{AccessToken, SecretCode};
use cognito_client::totp::{group_secret_for_display, otpauth_uri};
use cognito_client::{CognitoError, Transport, UserPoolClient};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// `GetUser`: whether the signed-in user has TOTP MFA on.
pub(crate) async fn load_status<T: Transport>(
    client: &UserPoolClient<T>,
    access_token: &AccessToken,
) -> Result<bool, CognitoError> {
    let user = client.get_user(access_token).await?;
    Ok(software_token_mfa_enabled(&user))
}

/// `VerifySoftwareToken` with the first code of the key that
/// `AssociateSoftwareToken` gave, then — only if the core says the code was
/// verified — the `SetUserMFAPreference` it gives (TOTP enabled and
/// preferred): from the next sign-in on, Cognito asks for a code.
pub(crate) async fn enable<T: Transport>(
    client: &UserPoolClient<T>,
    access_token: &AccessToken,
    code: &str,
    device_name: Option<&str>,
) -> Result<(), CognitoError> {
    let verified = client
        .verify_software_token(Some(access_token), None, code, device_name)
        .await;
    match after_verify_for_enrolment(access_token, verified) {
        EnrolmentVerified::SetPreference(request) => client.send(&request).await.map(|_| ()),
        EnrolmentVerified::Show(error) => Err(error),
    }
}

/// `SetUserMFAPreference` with TOTP disabled.
pub(crate) async fn disable<T: Transport>(
    client: &UserPoolClient<T>,
    access_token: &AccessToken,
) -> Result<(), CognitoError> {
    client
        .set_software_token_mfa_preference(access_token, false)
        .await
}

/// What the enrolment widget shows for one `SecretCode`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SetupKey {
    /// The key as an authenticator takes it: Base32, no spaces.
    pub plain: String,
    /// `ABCD EFGH …`, for typing by hand.
    pub grouped: String,
    /// The Key-URI (`otpauth://totp/{issuer}:{account}?secret=…&issuer=…`).
    pub uri: String,
    /// The URI as an SVG QR code; `None` if it does not fit in one.
    pub qr_svg: Option<String>,
}

impl SetupKey {
    pub(crate) fn new(issuer: &str, account: &str, secret: &SecretCode) -> Self {
        let plain: String = secret
            .expose()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let uri = otpauth_uri(issuer, account, &plain);
        SetupKey {
            grouped: group_secret_for_display(&plain),
            qr_svg: qr_svg(&uri),
            uri,
            plain,
        }
    }
}

/// `text` as an inline SVG QR code: one unit per module, the 4-module quiet
/// zone included, black on white (what scanners expect, whatever the theme),
/// hidden from assistive technology (the element around it carries the
/// label). Error correction M, as authenticator set-up screens use.
pub(crate) fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let markup = code
        .render::<svg::Color<'_>>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    // Drop the XML declaration: this goes into an HTML document.
    let start = markup.find("<svg")?;
    Some(markup[start..].replacen(
        "<svg ",
        r#"<svg aria-hidden="true" focusable="false" class="lc-totp__qr-image" "#,
        1,
    ))
}

/// Copies `text` with the asynchronous Clipboard API. Fails where the API is
/// missing (an insecure context) or refused (no permission, no focus).
pub(crate) async fn copy_to_clipboard(text: &str) -> Result<(), ()> {
    use wasm_bindgen::{JsCast, JsValue};
    let navigator = web_sys::window().ok_or(())?.navigator();
    let clipboard =
        js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).map_err(|_| ())?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(());
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| ())
}

/// The end-to-end tests' SVG QR reader, shared with the unit test below.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "../tests/support/qr.rs"]
mod svg_qr_reader;

#[cfg(test)]
mod tests {
    use super::*;

    /// A transport that answers each operation (by `X-Amz-Target`) from a
    /// script and records what was sent, as `"<Operation> <body>"`.
    #[cfg(not(target_arch = "wasm32"))]
    struct Scripted {
        answers: Vec<(&'static str, u16, &'static str)>,
        sent: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
    }

    #[cfg(not(target_arch = "wasm32"))]
    impl Transport for Scripted {
        async fn send(
            &self,
            request: cognito_client::HttpRequest,
        ) -> Result<cognito_client::HttpResponse, cognito_client::TransportError> {
            let target = request
                .headers
                .iter()
                .find(|(name, _)| *name == "X-Amz-Target")
                .map(|(_, v)| v.trim_start_matches("AWSCognitoIdentityProviderService."))
                .unwrap_or_default()
                .to_owned();
            let (_, status, body) = *self
                .answers
                .iter()
                .find(|(op, _, _)| *op == target)
                .unwrap_or_else(|| panic!("unexpected {target}"));
            self.sent
                .borrow_mut()
                .push(format!("{target} {}", request.body));
            Ok(cognito_client::HttpResponse {
                status,
                headers: Vec::new(),
                body: body.to_owned(),
            })
        }
    }

    /// A client on `answers`, and what it sends.
    #[cfg(not(target_arch = "wasm32"))]
    fn scripted(
        answers: Vec<(&'static str, u16, &'static str)>,
    ) -> (
        UserPoolClient<Scripted>,
        std::rc::Rc<std::cell::RefCell<Vec<String>>>,
    ) {
        let sent = std::rc::Rc::default();
        let transport = Scripted {
            answers,
            sent: std::rc::Rc::clone(&sent),
        };
        (
            UserPoolClient::new(transport, "http://127.0.0.1:9229/", "localclient"),
            sent,
        )
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test]
    async fn status_follows_get_user() {
        let (client, _) = scripted(vec![(
            "GetUser",
            200,
            r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":["SOFTWARE_TOKEN_MFA"]}"#,
        )]);
        assert_eq!(
            load_status(&client, &AccessToken::new("at")).await,
            Ok(true)
        );
        let (client, _) = scripted(vec![(
            "GetUser",
            200,
            r#"{"Username":"u","UserAttributes":[]}"#,
        )]);
        assert_eq!(
            load_status(&client, &AccessToken::new("at")).await,
            Ok(false)
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test]
    async fn enabling_sets_the_preference_only_after_a_verified_code() {
        let token = AccessToken::new("at");
        let (client, sent) = scripted(vec![
            ("VerifySoftwareToken", 200, r#"{"Status":"SUCCESS"}"#),
            ("SetUserMFAPreference", 200, "{}"),
        ]);
        assert_eq!(
            enable(&client, &token, "123456", Some("Phone")).await,
            Ok(())
        );
        assert_eq!(
            *sent.borrow(),
            [
                r#"VerifySoftwareToken {"AccessToken":"at","UserCode":"123456","FriendlyDeviceName":"Phone"}"#,
                r#"SetUserMFAPreference {"AccessToken":"at","SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":true}}"#,
            ]
        );

        // Status ERROR, or a thrown wrong-code error: no preference is set.
        for (status, body) in [
            (200, r#"{"Status":"ERROR"}"#),
            (
                400,
                r#"{"__type":"EnableSoftwareTokenMFAException","message":"Code mismatch"}"#,
            ),
        ] {
            let (client, sent) = scripted(vec![
                ("VerifySoftwareToken", status, body),
                ("SetUserMFAPreference", 200, "{}"),
            ]);
            let error = enable(&client, &token, "000000", None).await.unwrap_err();
            assert_eq!(
                error.kind(),
                Some(&cognito_client::ErrorKind::EnableSoftwareTokenMfa),
                "{body}"
            );
            assert_eq!(sent.borrow().len(), 1, "{:?}", sent.borrow());
        }

        // The preference call's own failure is reported.
        let (client, _) = scripted(vec![
            ("VerifySoftwareToken", 200, r#"{"Status":"SUCCESS"}"#),
            (
                "SetUserMFAPreference",
                400,
                r#"{"__type":"NotAuthorizedException","message":"Access Token has been revoked"}"#,
            ),
        ]);
        assert_eq!(
            enable(&client, &token, "123456", None)
                .await
                .unwrap_err()
                .kind(),
            Some(&cognito_client::ErrorKind::NotAuthorized)
        );
    }

    #[test]
    fn setup_key_has_the_uri_the_groups_and_a_qr_code() {
        let key = SetupKey::new(
            "Acme: Sign In",
            "taro@example.jp",
            &SecretCode::new("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
        );
        assert_eq!(key.plain, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        assert_eq!(key.grouped, "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
        assert_eq!(
            key.uri,
            "otpauth://totp/Acme%3A%20Sign%20In:taro%40example.jp\
             ?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme%3A%20Sign%20In\
             &algorithm=SHA1&digits=6&period=30"
        );
        let svg = key.qr_svg.expect("a QR code");
        assert!(svg.starts_with(r#"<svg aria-hidden="true""#), "{svg}");
        assert!(!svg.contains("<?xml"));
        assert!(svg.ends_with("</svg>"));
    }

    /// The SVG goes into the page through `inner_html`, under the app's
    /// `style-src 'self'`: it may colour with presentation attributes
    /// (`fill`), which CSP does not govern, but never with a `style`
    /// attribute or element, which CSP would block (and the code would lose
    /// its quiet zone or colours), nor carry script.
    #[test]
    fn qr_code_markup_is_allowed_by_the_csp() {
        let svg = qr_svg("otpauth://totp/Example:a%40example.com?secret=JBSWY3DPEHPK3PXP").unwrap();
        let lower = svg.to_ascii_lowercase();
        for forbidden in ["style", "<script", " on", "javascript:", "href"] {
            assert!(!lower.contains(forbidden), "{forbidden:?} in {svg}");
        }
        assert!(svg.contains(r##"fill="#000""##) && svg.contains(r##"fill="#fff""##));
    }

    /// The SVG decodes to the URI: rasterised by the end-to-end tests' own
    /// reader and decoded with rqrr.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn qr_code_decodes_to_the_uri() {
        use super::svg_qr_reader as qr;
        let uri = "otpauth://totp/Example:a%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30";
        let svg = qr_svg(uri).unwrap();
        assert_eq!(qr::decode_svg(&svg), Ok(uri.to_owned()));
    }
}
