//! 日本語カタログ。

use super::msg::Msg;

pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::Loading => "読み込み中…",
        Msg::LanguageLabel => "表示言語",
        Msg::FieldEmail => "メールアドレス",
        Msg::FieldName => "お名前",
        Msg::FieldPassword => "パスワード",
        Msg::FieldCode => "確認コード",
        Msg::ShowPassword => "表示",
        Msg::HidePassword => "隠す",
        Msg::OpensInNewTab => "（新しいタブで開きます）",

        Msg::LoginTitle => "サインイン",
        Msg::LoginSubmit => "サインイン",
        Msg::LoginBusy => "サインインしています…",
        Msg::LoginNoAccount => "はじめてご利用の方",
        Msg::LoginToSignUp => "アカウントを作成",

        Msg::SignUpTitle => "アカウントの作成",
        Msg::SignUpSubmit => "アカウントを作成",
        Msg::SignUpBusy => "アカウントを作成しています…",
        Msg::SignUpHaveAccount => "アカウントをお持ちの方",
        Msg::SignUpToLogin => "サインイン",
        Msg::PasswordRulesHeading => "パスワードの条件:",
        Msg::RuleLength => "{n} 文字以上",
        Msg::RuleLowercase => "英小文字 (a–z) を含む",
        Msg::RuleUppercase => "英大文字 (A–Z) を含む",
        Msg::RuleNumber => "数字 (0–9) を含む",
        Msg::RuleSymbol => "記号 (! @ # $ % - など) を含む",
        Msg::RuleMet => "達成",
        Msg::RuleUnmet => "未達成",

        Msg::ConfirmTitle => "アカウントの確認",
        Msg::ConfirmIntro => "メールでお送りした確認コードを入力してください。",
        Msg::ConfirmSubmit => "確認する",
        Msg::ConfirmBusy => "確認しています…",
        Msg::ConfirmResend => "コードを再送信",
        Msg::ConfirmResendBusy => "送信しています…",
        Msg::ConfirmMailbox => "ローカルのメールボックスを開く",
        Msg::ConfirmMailboxHint => {
            "ローカルエミュレーターを使用中です。確認コード付きのメールはこちらに届きます。"
        }
        Msg::BackToLogin => "サインインに戻る",

        Msg::AccountTitle => "アカウント情報",
        Msg::AccountEmail => "メールアドレス",
        Msg::AccountName => "お名前",
        Msg::AccountSub => "ユーザー ID (sub)",
        Msg::AccountClaims => "ID トークンのクレーム",
        Msg::AccountClaimsNote => {
            "このブラウザーで検証済みです (「セッション」を参照)。トークンを受け取るサーバーは、自分でも検証する必要があります。"
        }
        Msg::AccountNotSet => "（未設定）",
        Msg::SignOut => "サインアウト",
        Msg::SignOutBusy => "サインアウトしています…",

        Msg::NotFoundTitle => "ページが見つかりません",
        Msg::NotFoundBody => "このアドレスのページはありません。",
        Msg::NotFoundHome => "トップページへ戻る",

        Msg::ConfigErrorTitle => "このサインインページの設定に誤りがあります",
        Msg::ConfigErrorIntro => {
            "サイトの config.json に次の問題があります。すべて修正してから、このページを再読み込みしてください。"
        }
        Msg::ConfigErrorReload => "再読み込み",
        Msg::CfgUnreachable => {
            "{url} を読み込めませんでした ({detail})。config.json を index.html と同じ場所に配置してください。"
        }
        Msg::CfgHttpStatus => {
            "{url} の読み込みが HTTP {status} になりました。config.json を index.html と同じ場所に配置してください。"
        }
        Msg::CfgNotJson => "config.json が正しい JSON ではありません: {detail}。",
        Msg::CfgHtml => {
            "{url} が JSON ではなく HTML ページを返しました。config.json が配置されていない可能性があります。index.html と同じ場所に置いてください。"
        }
        Msg::CfgNotObject => {
            "config.json は 1 つの JSON オブジェクト ({ \"region\": …, … }) にしてください。"
        }
        Msg::CfgClientSecret => {
            "config.json にクライアントシークレットが含まれています。ブラウザーはシークレットを秘密にできません。シークレットなしのアプリクライアントを作成し (Cognito コンソール → アプリクライアント →「クライアントシークレットを生成しない」)、\"{field}\" を削除してください。"
        }
        Msg::CfgUnknownField => {
            "config.json に不明な項目 \"{field}\" があります。削除するか綴りを直してください。使える項目: {allowed}。"
        }
        Msg::CfgMissing => "config.json に \"{field}\" がありません (例: \"{example}\")。",
        Msg::CfgNotString => "\"{field}\" は引用符で囲んだ文字列にしてください。",
        Msg::CfgNotObjectField => "\"{field}\" はオブジェクト ({ … }) にしてください。",
        Msg::CfgNotList => "\"{field}\" は文字列のリスト ([ … ]) にしてください。",
        Msg::CfgEmpty => "\"{field}\" が空です。",
        Msg::CfgBadRegion => {
            "\"region\" の値 \"{value}\" は AWS リージョンコード (例: \"ap-northeast-1\") ではありません。"
        }
        Msg::CfgBadUserPoolId => {
            "\"userPoolId\" の値 \"{value}\" が正しくありません。ユーザープール ID は \"<リージョン>_<ID>\" の形式です (例: \"ap-northeast-1_AbC123xyz\"、Cognito コンソール → ユーザープール → ユーザープール ID)。"
        }
        Msg::CfgUserPoolRegionMismatch => {
            "\"userPoolId\" のリージョンは \"{pool_region}\" ですが、\"region\" は \"{region}\" です。\"region\" をユーザープールのリージョンに合わせてください。"
        }
        Msg::CfgBadClientId => {
            "\"userPoolClientId\" の値 \"{value}\" が正しくありません。アプリクライアント ID に使えるのは英数字と \"_\"、\"+\" だけです (Cognito コンソール → アプリクライアント → クライアント ID)。"
        }
        Msg::CfgEndpointNotUrl => {
            "\"endpoints.userPool\" の値 \"{value}\" は http(s) の URL (例: \"https://cognito-idp.ap-northeast-1.amazonaws.com/\") ではありません。ユーザー情報・クエリ・フラグメントは使えません。"
        }
        Msg::CfgEndpointHttp => {
            "\"endpoints.userPool\" の値 \"{value}\" は http です。http はローカルエミュレーター (127.0.0.1、localhost、[::1]) にだけ使えます。https にしてください。"
        }
        Msg::CfgPasswordPolicy => "\"passwordPolicy\" が正しくありません: {detail}。",
        Msg::CfgUnknownAttribute => {
            "\"signUpAttributes\" の \"{value}\" には対応していません。使える属性: {allowed}。"
        }
        Msg::CfgBadLocale => {
            "\"locale\" の値 \"{value}\" は使えません。\"auto\" か、次のいずれかにしてください: {allowed}。"
        }
        Msg::CfgBadTotpIssuer => {
            "\"totpIssuer\" の値 \"{value}\" は使えません。改行を含まない {max} 文字以内の名前 (サービス名など) にしてください。認証アプリはこの名前でアカウントを表示します。"
        }

        Msg::MfaTitle => "認証アプリのコードを入力",
        Msg::MfaIntro => {
            "スマートフォンの認証アプリを開き、このアカウントに表示されている 6 桁のコードを入力してください。"
        }
        Msg::FieldMfaCode => "6 桁のコード",
        Msg::MfaSubmit => "確認する",
        Msg::MfaBusy => "確認しています…",

        Msg::MfaSetupTitle => "2 段階認証の設定",
        Msg::MfaSetupIntro => {
            "このアカウントのサインインには認証アプリが必要です。Google Authenticator、Microsoft Authenticator、1Password などのアプリにアカウントを追加し、表示されたコードを入力してください。"
        }
        Msg::MfaSetupPreparing => "設定用のキーを準備しています…",
        Msg::MfaSetupRetry => "もう一度試す",
        Msg::MfaSetupSubmit => "確認してサインイン",

        Msg::TotpScanHeading => "1. 認証アプリでこの QR コードを読み取ってください",
        Msg::TotpQrLabel => {
            "{account} を認証アプリに追加するための QR コードです。読み取れない場合は、下の設定キーを使ってください。"
        }
        Msg::TotpManualHeading => "読み取れない場合は、代わりにこの設定キーをアプリに入力してください:",
        Msg::TotpCopy => "キーをコピー",
        Msg::TotpCopied => "コピーしました",
        Msg::TotpCopyFailed => {
            "キーを自動でコピーできませんでした。キーを選択して手動でコピーしてください。"
        }
        Msg::TotpUriHeading => "または、この設定用リンクをアプリに渡してください:",
        Msg::TotpCodeHeading => "2. アプリに表示された 6 桁のコードを入力してください",
        Msg::FieldDeviceName => "端末名 (任意)",
        Msg::TotpDeviceHint => "例:「仕事用スマートフォン」。複数の端末を見分けるのに使います。",
        Msg::TotpVerifyBusy => "確認しています…",

        Msg::AccountMfa => "2 段階認証",
        Msg::AccountMfaStatus => "認証アプリ",
        Msg::MfaStatusEnabled => "有効",
        Msg::MfaStatusDisabled => "無効",
        Msg::MfaStatusLoading => "確認しています…",
        Msg::MfaStatusUnknown => "確認できませんでした",
        Msg::TotpSetupStart => "認証アプリを設定",
        Msg::TotpSetupStartBusy => "準備しています…",
        Msg::TotpSetupSubmit => "確認して有効にする",
        Msg::TotpSetupCancel => "設定をやめる",
        Msg::TotpDisable => "2 段階認証をオフにする",
        Msg::TotpDisableBusy => "オフにしています…",

        Msg::ErrIncorrectCredentials => "メールアドレスまたはパスワードが正しくありません。",
        Msg::ErrPasswordAttemptsExceeded => {
            "パスワードの誤りが続いたため、しばらくサインインできません。数分待ってからもう一度お試しください。"
        }
        Msg::ErrUsernameExists => "このメールアドレスのアカウントはすでに存在します。",
        Msg::ErrCodeMismatch => {
            "確認コードが正しくありません。最新のメールをご確認いただくか、新しいコードを送信してください。"
        }
        Msg::ErrExpiredCode => {
            "この確認コードは有効期限が切れているか、すでに使用されています。新しいコードを送信してください。"
        }
        Msg::ErrInvalidPassword => "このパスワードは使えません。不足している条件: {rules}。",
        Msg::ErrInvalidPasswordGeneric => {
            "このパスワードはサインインサービスに受け付けられませんでした。別のパスワードを選んでください。"
        }
        Msg::ErrPasswordReused => "以前に使ったパスワードです。新しいパスワードを選んでください。",
        Msg::ErrInvalidParameter => "サインインサービスが入力を受け付けませんでした: {message}",
        Msg::ErrLambdaValidation => "このリクエストは受け付けられませんでした: {message}",
        Msg::ErrLambdaSignUp => "アカウントを作成できませんでした: {message}",
        Msg::ErrLambdaSignIn => "サインインできませんでした: {message}",
        Msg::ErrLambdaAfterConfirm => {
            "アカウントは確認済みで、サインインできます。確認後の処理で次の問題がありました: {message}"
        }
        Msg::ErrLambdaDeclined => {
            "このリクエストはサインインサービスのチェックで受け付けられませんでした。"
        }
        Msg::ErrLambdaFailed => {
            "サインインサービスがチェック処理を完了できませんでした。しばらくしてからもう一度お試しください。"
        }
        Msg::ErrTooManyRequests => {
            "試行回数が多すぎます。しばらく待ってからもう一度お試しください。"
        }
        Msg::ErrResourceNotFound => {
            "アプリクライアント \"{client_id}\" がこのユーザープールに見つかりません。config.json の \"userPoolClientId\" を確認してください。"
        }
        Msg::ErrTransport => {
            "サインインサービス ({endpoint}) に接続できません。ネットワーク接続を確認するか、ローカルエミュレーターが起動しているか (cargo xtask dev) 確認してください。"
        }
        Msg::ErrDecode => {
            "サインインサービスから想定外の応答がありました。しばらくしてからもう一度お試しください。"
        }
        Msg::ErrUserNotFound => {
            "このメールアドレスのアカウントはありません。入力内容を確認するか、アカウントを作成してください。"
        }
        Msg::ErrCannotConfirm => {
            "このアカウントは確認できません。すでに確認済みの可能性があります。サインインをお試しください。"
        }
        Msg::ErrCodeDelivery => {
            "確認コードを送信できませんでした。メールアドレスを確認するか、しばらくしてからもう一度お試しください。"
        }
        Msg::ErrInternal => {
            "サインインサービスで問題が発生しました。少し待ってからもう一度お試しください。"
        }
        Msg::ErrForbidden => "サインインサービスがこのリクエストを拒否しました。",
        Msg::ErrPasswordResetRequired => {
            "続けるにはパスワードの再設定が必要です。サインアウトしてから、サインイン画面の「パスワードをお忘れの方」から再設定してください。"
        }
        Msg::ErrNotEnabled => "ユーザープールがこの操作に対応していません: {message}",
        Msg::ErrUnknown => "問題が発生しました ({code})。もう一度お試しください。",
        Msg::ErrChallengeUnsupported => {
            "このアカウントには追加のサインイン手順「{step}」({challenge}) が必要ですが、このアプリはまだ対応していません。"
        }
        Msg::ErrSessionUnreadable => {
            "サインインサービスから読み取れないトークンが返されました。しばらくしてからもう一度お試しください。"
        }
        Msg::ErrEmailRequired => "メールアドレスを入力してください。",
        Msg::ErrEmailInvalid => "メールアドレスを name@example.com のような形式で入力してください。",
        Msg::ErrPasswordRequired => "パスワードを入力してください。",
        Msg::ErrPasswordRules => "パスワードがまだ条件を満たしていません: {rules}。",
        Msg::ErrCodeRequired => "メールに記載された確認コードを入力してください。",
        Msg::ErrMfaCodeRequired => "認証アプリに表示された 6 桁のコードを入力してください。",
        Msg::ErrMfaCodeMismatch => {
            "コードが正しくありません。認証アプリに今表示されているコードを入力してください (コードは 30 秒ごとに変わります)。"
        }
        Msg::ErrMfaAttemptsExceeded => {
            "コードの誤りが続いたため、しばらくサインインできません。数分待ってからもう一度お試しください。"
        }
        Msg::ErrMfaSessionExpired => {
            "サインインに時間がかかりすぎたため、安全のため中断しました。パスワードの入力からやり直してください。"
        }
        Msg::ErrTotpCodeMismatch => {
            "コードが一致しません。アプリにこのアカウントが表示されていること、スマートフォンの時計が正しいことを確かめてから、現在のコードを入力してください。"
        }
        Msg::ErrTotpNotEnabled => {
            "このユーザープールでは認証アプリが有効になっていません。管理者に TOTP MFA を有効にするよう依頼してください。"
        }
        Msg::ErrMfaMethodNotFound => "このアカウントには認証アプリが設定されていません。",
        Msg::ErrSignInAgain => {
            "セッションの有効期限が切れました。サインアウトして、もう一度サインインしてください。"
        }

        Msg::StepSoftwareTokenMfa => "認証アプリのコード入力",
        Msg::StepSmsMfa => "SMS で届くコードの入力",
        Msg::StepEmailOtp => "メールで届くコードの入力",
        Msg::StepMfaSetup => "多要素認証の設定",
        Msg::StepSelectMfaType => "多要素認証の方法の選択",
        Msg::StepNewPassword => "新しいパスワードの設定",
        Msg::StepCustom => "カスタム認証",
        Msg::StepOther => "追加の確認",

        Msg::ActionSignInInstead => "サインインする",
        Msg::ActionSendNewCode => "新しいコードを送信",
        Msg::ActionConfirmAccount => "アカウントを確認する",
        Msg::ActionCreateAccount => "アカウントを作成する",

        Msg::InfoCodeSent => "{destination} に確認コードを送信しました。",
        Msg::InfoCodeSentNoDestination => "確認コードを送信しました。",
        Msg::InfoNewCodeSent => "{destination} に新しいコードを送信しました。",
        Msg::InfoSignedUpConfirmed => "アカウントの準備ができました。サインインしてください。",
        Msg::InfoAccountConfirmed => "アカウントを確認しました。サインインしてください。",
        Msg::InfoNotConfirmed => {
            "アカウントの確認がまだ済んでいません。メールでお送りした確認コードを入力するか、新しいコードを送信してください。"
        }
        Msg::InfoSignedOut => "サインアウトしました。",
        Msg::InfoSignedOutLocally => {
            "この端末ではサインアウトしましたが、すべての端末からのサインアウトには失敗しました: {reason} 他のセッションはトークンの有効期限までサインインしたままです。"
        }
        Msg::InfoSessionExpired => {
            "セッションの有効期限が切れました。もう一度サインインしてください。"
        }
        Msg::InfoTotpEnabled => {
            "2 段階認証を有効にしました。今後のサインインでは、認証アプリのコードも入力します。"
        }
        Msg::InfoTotpDisabled => {
            "2 段階認証をオフにしました。今後のサインインはパスワードだけで行えます。"
        }

        // ソーシャルサインイン (ユーザープールドメイン経由の OAuth 2.0)。
        Msg::IdpDivider => "または",
        Msg::IdpContinueWith => "{provider} で続行",
        Msg::IdpRedirecting => "{provider} に移動しています…",
        Msg::IdpNoRandom => {
            "このブラウザーでは、サインインに必要な安全な乱数を作成できません。ブラウザーを更新するか、別のブラウザーを使ってください。"
        }
        Msg::IdpNoStorage => {
            "このブラウザーは、外部サービスでのサインインに必要なサイトデータの保存をブロックしています。このサイトのデータ保存を許可して (またはプライベートブラウズを終了して) から、もう一度お試しください。"
        }
        Msg::IdpUnavailable => {
            "現在、外部サービスでのサインインは利用できません。もう一度試すか、メールアドレスとパスワードでサインインしてください。"
        }
        Msg::CallbackTitle => "サインイン",
        Msg::CallbackWorking => "サインインを完了しています…",
        Msg::CallbackCancelled => "サインインはキャンセルされました。",
        Msg::CallbackDenied => {
            "このアカウントでは、このアプリにサインインできません。サインインできるはずの場合は、アプリの管理者に問い合わせてください。"
        }
        Msg::CallbackMisconfigured => {
            "このアプリでは、このサービスでのサインインが正しく設定されていません。アプリの管理者に問い合わせるか、メールアドレスとパスワードでサインインしてください。"
        }
        Msg::CallbackProviderError => {
            "サインインサービスがサインインを完了できませんでした。しばらく待ってから、もう一度お試しください。"
        }
        Msg::CallbackTokenRejected => {
            "サインインサービスからの応答を検証できなかったため、使用しませんでした。もう一度サインインしてください。"
        }
        Msg::CallbackStale => {
            "このサインインリンクは使用済みか、有効期限が切れています。もう一度サインインしてください。"
        }
        Msg::CallbackDetail => "サインインサービスからの詳細: {detail}",
        Msg::AccountIdentity => "サインイン方法",
        Msg::AccountIdentityValue => "{provider} (ユーザー ID: {user_id})",
        Msg::AccountUsername => "ユーザー名",
        Msg::CfgOAuthNotUrl => {
            "\"{field}\" の値 \"{value}\" は http(s) の URL (例: \"https://auth.example.com\") ではありません。ユーザー情報・クエリ・フラグメントは使えません。"
        }
        Msg::CfgOAuthHttp => {
            "\"{field}\" の値 \"{value}\" は http です。http はこのコンピューター (127.0.0.1、localhost、[::1]) にだけ使えます。https にしてください。"
        }
        Msg::CfgOAuthNoOpenid => {
            "\"oauth.scopes\" には \"openid\" を含めてください。サインインには ID トークン (とその nonce) が必要で、それは openid スコープでしか得られません。"
        }
        Msg::CfgOAuthBadScope => {
            "\"oauth.scopes\" の \"{value}\" は使えません。スコープは \"email\" のような空白を含まない 1 語です。"
        }
        Msg::CfgOAuthProviderName => {
            "\"oauth.providers\" の名前 \"{value}\" は使えません。ユーザープールでの ID プロバイダー名 (空白なしの {max} 文字以内、例: \"Google\"、\"Corporate\"。\"COGNITO\" は不可) にしてください。"
        }
        Msg::CfgOAuthDuplicateProvider => {
            "\"oauth.providers\" に \"{value}\" が複数あります。1 つにしてください。"
        }
        Msg::CfgOAuthLabel => {
            "プロバイダーのラベル \"{value}\" は使えません。改行を含まない {max} 文字以内の短いテキストにしてください。"
        }
        Msg::CfgOAuthReturnPath => {
            "\"oauth.returnPaths\" の \"{value}\" は使えません。各項目は \"/account\" のようなこのサイト内のパス (先頭の \"/\" は 1 つ、ホスト・クエリ・空白なし) にしてください。"
        }
        Msg::CfgOAuthRedirectOrigin => {
            "\"oauth.redirectSignIn\" に、このアプリが動いている {origin} の URL がありません (設定値: {values})。サインイン後はこのアプリに戻る必要があります。{origin}/callback を追加し、アプリクライアントのコールバック URL に登録してください。"
        }
        Msg::CfgOAuthSignOutOrigin => {
            "\"oauth.redirectSignOut\" に、このアプリが動いている {origin} の URL がありません (設定値: {values})。サインアウト後はこのアプリに戻る必要があります。{origin}/ を追加し、アプリクライアントのサインアウト URL に登録してください。"
        }
        Msg::CfgOAuthRedirectNotUrls => {
            "\"{field}\" は URL、または URL のリスト (アプリを動かすオリジンごとに 1 つ) にしてください。"
        }
        Msg::CfgOAuthRedirectSameOrigin => {
            "\"{field}\" の \"{first}\" と \"{second}\" はどちらも {origin} の URL のため、どちらを使うか決められません。オリジンごとに URL を 1 つにしてください。"
        }

        // パスワード関連の手順 (issue 7)。
        Msg::CfgBadAuthFlowType => {
            "\"authFlowType\" の値 \"{value}\" は使えません。\"USER_SRP_AUTH\" (既定値。パスワードをブラウザーの外に送りません。アプリクライアントで ALLOW_USER_SRP_AUTH を許可してください) か \"USER_PASSWORD_AUTH\" (アプリクライアントで ALLOW_USER_PASSWORD_AUTH を許可してください) にしてください。"
        }
        Msg::LoginForgotPassword => "パスワードをお忘れの方",
        Msg::ForgotTitle => "パスワードの再設定",
        Msg::ForgotIntro => {
            "アカウントのメールアドレスを入力してください。新しいパスワードを設定するためのコードをメールでお送りします。"
        }
        Msg::ForgotSubmit => "コードを送信",
        Msg::ForgotBusy => "送信しています…",
        Msg::ResetTitle => "新しいパスワードの設定",
        Msg::ResetIntro => "メールでお送りしたコードを入力し、新しいパスワードを設定してください。",
        Msg::ResetSubmit => "パスワードを再設定",
        Msg::ResetBusy => "再設定しています…",
        Msg::FieldNewPassword => "新しいパスワード",
        Msg::FieldConfirmPassword => "新しいパスワード (確認用)",
        Msg::FieldCurrentPassword => "現在のパスワード",
        Msg::FieldGivenName => "名",
        Msg::FieldFamilyName => "姓",
        Msg::FieldPhoneNumber => "電話番号 (例: +819012345678)",
        Msg::FieldAttribute => "「{name}」",
        Msg::NewPasswordTitle => "パスワードの設定",
        Msg::NewPasswordIntro => {
            "仮パスワードでサインインしました。続けるには、ご自身のパスワードを設定してください。"
        }
        Msg::NewPasswordDetails => "あわせて次の情報を入力してください:",
        Msg::NewPasswordSubmit => "保存して続ける",
        Msg::NewPasswordBusy => "保存しています…",
        Msg::ChangePasswordHeading => "パスワードの変更",
        Msg::ChangePasswordSubmit => "パスワードを変更",
        Msg::ChangePasswordBusy => "変更しています…",
        Msg::InfoResetCodeSent => {
            "{destination} にコードを送信しました。下の欄にコードと新しいパスワードを入力してください。"
        }
        Msg::InfoResetCodeSentNoDestination => {
            "コードを送信しました。下の欄にコードと新しいパスワードを入力してください。"
        }
        Msg::InfoResetRequired => {
            "管理者がパスワードをリセットしたため、これまでのパスワードは使えません。コードをメールでお送りしましたので、下の欄にコードと新しいパスワードを入力してください。メールが届かない場合は、新しいコードを送信してください。"
        }
        Msg::InfoPasswordReset => {
            "パスワードを再設定しました。新しいパスワードでサインインしてください。"
        }
        Msg::InfoPasswordChanged => {
            "パスワードを変更しました。次回のサインインから新しいパスワードをお使いください。"
        }
        Msg::ErrNewPasswordRequired => "新しいパスワードを入力してください。",
        Msg::ErrPasswordsDiffer => {
            "確認用に入力したパスワードが一致しません。両方の欄に同じパスワードを入力してください。"
        }
        Msg::ErrCurrentPasswordRequired => "現在のパスワードを入力してください。",
        Msg::ErrCurrentPasswordWrong => "現在のパスワードが正しくありません。",
        Msg::ErrAttributeRequired => "次の項目を入力してください: {field}。",
        Msg::ErrResetNotAllowed => {
            "このアカウントのパスワードはまだ再設定できません。発行された仮パスワードのままになっています。仮パスワードでサインインするか、アプリの管理者に新しい仮パスワードを依頼してください。"
        }
        Msg::ErrResetNoVerifiedEmail => {
            "このアカウントには確認済みのメールアドレスがないため、コードを送信できません。アプリの管理者にパスワードのリセットを依頼してください。"
        }
        Msg::ErrTemporaryPasswordExpired => {
            "仮パスワードの有効期限が切れています。アプリの管理者に新しい仮パスワードを依頼してください。"
        }
        Msg::ErrAuthFlowNotEnabled => {
            "このアプリクライアントでは {flow} によるサインインが許可されていません。アプリクライアントで ALLOW_{flow} を許可するか、config.json の \"authFlowType\" を許可されているフローにしてください。"
        }

        // Session (issue 8).
        Msg::CfgBadTokenStorage => {
            "\"tokenStorage\" の値 \"{value}\" は使えません。\"memory\"、\"session\" (既定)、\"local\" のいずれかにしてください。"
        }
        Msg::CfgNotBool => "\"{field}\" は true または false (引用符なし) にしてください。",
        Msg::CfgRefreshTokenNeedsLocal => {
            "\"refreshTokenInLocalStorage\" が true ですが、\"tokenStorage\" が \"local\" ではありません。\"tokenStorage\": \"local\" も指定するか、\"refreshTokenInLocalStorage\" を削除してください。"
        }
        Msg::CfgBadClockSkew => {
            "\"clockSkewSeconds\" の値 {value} は使えません。0 から 300 までの整数 (秒、既定は 60) にしてください。"
        }
        Msg::CfgBadIdentityPoolId => {
            "\"identityPoolId\" の値 \"{value}\" は ID プールの ID ではありません。\"ap-northeast-1:00000000-0000-4000-8000-000000000001\" のように、リージョン、コロン、小文字の UUID の形にしてください。"
        }
        Msg::CfgIdentityPoolRegionMismatch => {
            "\"identityPoolId\" のリージョンは {pool_region} ですが、\"region\" は {region} です。ユーザープールと同じリージョンの ID プールを指定してください。"
        }
        Msg::CfgUrlNotHttp => {
            "\"{field}\" の値 \"{value}\" は http(s) の URL (例: \"https://api.example.com/whoami\") ではありません。ユーザー情報・クエリ・フラグメントは使えません。"
        }
        Msg::CfgUrlHttp => {
            "\"{field}\" の値 \"{value}\" は http です。http はこのコンピューター (127.0.0.1、localhost、[::1]) にだけ使えます。https にしてください。"
        }
        Msg::SessionTitle => "セッション",
        Msg::SessionVerified => {
            "このブラウザーで検証済み: ユーザープールの鍵 {kid} による RS256 署名、発行者、対象者、トークンの用途、有効期限。"
        }
        Msg::SessionExpires => "トークンの有効期限",
        Msg::SessionRefreshes => "自動更新の回数",
        Msg::SessionStorage => "保存先",
        Msg::SessionStorageMemory => "このページのメモリーのみ (再読み込みするとサインアウトします)",
        Msg::SessionStorageSession => "このタブ (sessionStorage)",
        Msg::SessionStorageLocal => {
            "このブラウザー (localStorage)。更新トークンはこのタブにだけ保存します"
        }
        Msg::SessionStorageLocalAll => "このブラウザー (localStorage)。更新トークンも含みます",
        Msg::SessionGroups => "グループ",
        Msg::SessionNoGroups => "なし",
        Msg::SessionRetrying => {
            "セッションを更新するためにサインインサービスに接続できません。サインインしたままです。{seconds} 秒後にもう一度試します。"
        }
        Msg::SignOutLocal => "この端末だけでサインアウト",
        Msg::SignOutLocalBusy => "サインアウトしています…",
        Msg::InfoSessionRevoked => {
            "セッションが終了しました。別のタブや端末でサインアウトしたか、管理者がセッションを終了しました。もう一度サインインしてください。"
        }
        Msg::InfoSessionEnded => "セッションを更新できなくなりました。もう一度サインインしてください。",
        Msg::InfoSessionRefused => {
            "セッションのトークンが安全性の検証に通らなかったため、使用しませんでした。もう一度サインインしてください。"
        }
        Msg::InfoSignedOutInOtherTab => "別のタブでサインアウトしました。",
        Msg::ErrTokenRejected => {
            "サインインを検証できませんでした (トークンが安全性の検証に通りませんでした)。このサインインは使用していません。もう一度サインインしてください。"
        }
        Msg::ErrVerifyUnreachable => {
            "サインインを検証するためのユーザープールの署名鍵を {endpoint} から取得できません。接続を確認してから、もう一度お試しください。"
        }
        Msg::RequireGroupDenied => {
            "アクセスできません。このセクションは「{group}」グループのメンバー専用です。"
        }
        Msg::AdminPanelTitle => "管理",
        Msg::AdminPanelBody => {
            "検証済みの ID トークンであなたが「admin」グループに属していることが確認できたため、この内容が表示されています。"
        }
        Msg::CredentialsTitle => "AWS 認証情報",
        Msg::CredentialsIntro => {
            "AWS を直接呼び出すための、ID プールから取得した一時的な認証情報です。シークレットキーは表示しません。"
        }
        Msg::CredentialsIdentityId => "アイデンティティ ID",
        Msg::CredentialsExpire => "認証情報の有効期限",
        Msg::CredentialsLoading => "一時的な認証情報を取得しています…",
        Msg::CredentialsFailed => "一時的な AWS 認証情報を取得できませんでした: {code} ({message})",
        Msg::CredentialsRenew => "認証情報を取得し直す",
        Msg::CredentialsRenewBusy => "認証情報を取得しています…",
        Msg::ApiTitle => "保護された API",
        Msg::ApiIntro => {
            "API Gateway の Cognito オーソライザーの後ろにある API と同じように、Authorization ヘッダーに ID トークンを付けて呼び出します。"
        }
        Msg::ApiWhoami => "API から見たあなた",
        Msg::ApiAdmin => "管理者専用のエンドポイント",
        Msg::ApiAllowed => "許可",
        Msg::ApiDenied => "拒否 (403): admin グループに属していません",
        Msg::ApiFailed => "API が HTTP {status} を返しました: {message}",
        Msg::ApiUnreachable => "{endpoint} の API に接続できません。",
        Msg::ApiLoading => "呼び出し中…",
        Msg::ApiCall => "API をもう一度呼び出す",
        Msg::ApiCallBusy => "呼び出し中…",

        // Adoption (issue 10).
        Msg::CfgBadMfa => {
            "\"mfa\" の値 \"{value}\" は使えません。ユーザープールの MFA 設定 (MfaConfiguration) に合わせて \"OFF\" (既定: 認証アプリの設定を表示しません)、\"OPTIONAL\"、\"ON\" のいずれかにしてください。"
        }
        Msg::CfgBadLogo => {
            "\"logo\" の値 \"{value}\" は使えません。\"/logo.svg\" のように、このアプリと同じオリジンのパスを指定してください (ファイルは public/ に置きます)。Content-Security-Policy が許す画像はそこからのものだけです。"
        }
        Msg::MfaNotOffered => "このアプリでは 2 段階認証を利用できません。",
        Msg::MfaRequiredNote => "このアプリでは 2 段階認証が必須のため、オフにできません。",
        Msg::CfgAmplifyMissing => {
            "Amplify の出力に \"{field}\" がありません (例: \"{example}\")。npx ampx generate outputs で出力を作り直してください。"
        }
        Msg::CfgAmplifyNoAuth => {
            "この Amplify の出力には \"auth\" がありません。バックエンドに認証が定義されていません。defineAuth を追加してデプロイし、出力を作り直してください (npx ampx generate outputs)。"
        }
        Msg::CfgAmplifyVersion => {
            "Amplify の出力のバージョンが \"{value}\" です。このアプリが読めるのはバージョン 1 (\"1\" から \"1.x\"、npx ampx generate outputs が書き出す形式) です。"
        }
        Msg::CfgAmplifyUnknownField => {
            "Amplify の出力に不明な項目 \"{field}\" があります。このアプリが読む項目: {allowed}。"
        }
        Msg::CfgAmplifyNotOneOf => {
            "\"{field}\" の値 \"{value}\" は使えません。Amplify の出力で使える値: {allowed}。"
        }
        Msg::CfgAmplifyResponseType => {
            "\"auth.oauth.response_type\" の値 \"{value}\" は使えません。このアプリは認可コードフローと PKCE だけでサインインするため、\"code\" にしてください。"
        }
        Msg::CfgAmplifyMfaWithoutTotp => {
            "\"auth.mfa_configuration\" が \"REQUIRED\" ですが、\"auth.mfa_methods\" が {methods} で \"TOTP\" がありません。このアプリの 2 段階認証は認証アプリ (TOTP) だけなので、誰もサインインできません。defineAuth の multifactor で totp を有効にしてください。"
        }
        Msg::CfgAmplifyField => "Amplify の出力の \"{field}\" (config.json の \"{key}\"): {problem}",
        Msg::FieldUsername => "ユーザー名",
        Msg::FieldEmailOrPhone => "メールアドレスまたは電話番号",
        Msg::FieldUsernameOrEmail => "ユーザー名またはメールアドレス",
        Msg::FieldUsernameOrPhone => "ユーザー名または電話番号",
        Msg::FieldUsernameEmailOrPhone => "ユーザー名、メールアドレスまたは電話番号",
        Msg::FieldAddress => "住所",
        Msg::FieldBirthdate => "生年月日",
        Msg::FieldGender => "性別",
        Msg::FieldLocale => "言語と地域 (例: ja-JP)",
        Msg::FieldMiddleName => "ミドルネーム",
        Msg::FieldNickname => "ニックネーム",
        Msg::FieldPicture => "プロフィール画像の URL",
        Msg::FieldPreferredUsername => "希望するユーザー名",
        Msg::FieldProfile => "プロフィールページの URL",
        Msg::FieldWebsite => "ウェブサイト",
        Msg::FieldZoneinfo => "タイムゾーン (例: Asia/Tokyo)",
        Msg::FieldOptional => "{label}（任意）",
        Msg::ErrUsernameRequired => "ユーザー名を入力してください。",
        Msg::ErrPhoneRequired => "電話番号を入力してください。",
        Msg::ErrPhoneInvalid => "電話番号は + と国番号から、+81 90 1234 5678 のように入力してください。",
        Msg::ErrEmailOrPhoneInvalid => "name@example.com のようなメールアドレスか、+81 90 1234 5678 のように + と国番号から始まる電話番号を入力してください。",
        Msg::ErrFieldTooLong => "「{field}」は {max} 文字以内で入力してください。",
        Msg::ErrBirthdateInvalid => "生年月日は 1990-04-01 のように YYYY-MM-DD の形式で入力してください。",
        Msg::ErrUrlInvalid => "「{field}」は https:// から始まるアドレスで入力してください。",
        Msg::ErrFieldInvalid => "「{field}」: {problem}",
        Msg::CfgBadUsernameAttribute => "\"usernameAttributes\" に \"{value}\" があります。ユーザープールの UsernameAttributes と同じく \"email\"、\"phone_number\" またはその両方を、ユーザー名でサインインするプールなら [] を指定してください。",
        Msg::CfgBadAliasAttribute => "\"aliasAttributes\" に \"{value}\" があります。ユーザープールの AliasAttributes と同じく \"email\"、\"phone_number\"、\"preferred_username\" から指定してください。",
        Msg::CfgUsernameAndAliasAttributes => "\"usernameAttributes\" と \"aliasAttributes\" の両方が指定されていますが、ユーザープールにはどちらか一方しかありません。エイリアスはユーザー名でサインインするプール (\"usernameAttributes\": []) のものです。",
        Msg::CfgPreferredUsernameAtSignUp => "\"signUpAttributes\" に、このプールのエイリアスである \"preferred_username\" があります。Cognito はサインアップ時にこれを受け付けません (\"Preferred username cannot be provided for unconfirmed account\")。削除してください。ユーザーは後から設定できます。",
        Msg::AccountPhone => "電話番号",
    }
}
