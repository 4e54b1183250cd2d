//! A whole-number field for a recipe's parameters (what a LiveView form's `validate` event would
//! check): a value outside its range is refused with a notice, and the field shows the last good one again.

use leptos::prelude::*;

use super::session::use_session;

/// A labelled number input for `min..=max`; `value` reads the current value, `set` takes a valid new one.
pub fn number_field(
    label: &'static str,
    min: u64,
    max: u64,
    value: impl Fn() -> u64 + Copy + Send + Sync + 'static,
    set: impl Fn(u64) + Copy + 'static,
) -> impl IntoView {
    let session = use_session();
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type="number"
                min=min.to_string()
                max=max.to_string()
                aria-label=label
                prop:value=move || value().to_string()
                on:change=move |ev| {
                    match event_target_value(&ev).trim().parse::<u64>() {
                        Ok(v) if (min..=max).contains(&v) => set(v),
                        _ => {
                            session.notice(format!("{label} is a whole number from {min} to {max}; kept {}.", value()));
                            restore(&ev, &value().to_string());
                        }
                    }
                }
            />
        </label>
    }
}

/// Puts `text` back in the input an event came from.
pub fn restore(ev: &leptos::ev::Event, text: &str) {
    if let Some(target) = ev.target() {
        let _ = js_sys::Reflect::set(&target, &"value".into(), &text.into());
    }
}
