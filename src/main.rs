//! The demo app: the sign-in screens as a stand-alone site (`trunk serve`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(leptos_cognito::App);
}
