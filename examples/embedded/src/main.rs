//! Mounts the host app; everything else is in `lib.rs`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(embedded_example::App);
}
