//! The frames-per-second meter (LiveDashboard's live figures, for the page itself): switched on in
//! the playback bar, it counts the page's animation frames and shows their rate and the 95th
//! percentile of their intervals, four times a second.

use leptos::prelude::*;

use crate::model::float::Fixed;
use crate::model::frames::{FrameSummary, FrameTimes};
use crate::web::frames::every_frame;

#[component]
pub fn FrameMeter() -> impl IntoView {
    let on = RwSignal::new(false);
    let shown = RwSignal::new(None::<FrameSummary>);
    let frames = StoredValue::new_local(None);
    Effect::new(move |_| {
        if !on.get() {
            frames.set_value(None);
            shown.set(None);
            return;
        }
        let mut times = FrameTimes::default();
        let mut last_shown = 0.0;
        frames.set_value(Some(every_frame(move |at| {
            times.frame(at);
            if at - last_shown >= 250.0 {
                last_shown = at;
                shown.set(times.summary());
            }
        })));
    });
    view! {
        <button type="button" aria-label="FPS meter" aria-pressed=move || on.get().to_string() on:click=move |_| on.update(|o| *o = !*o)>
            "FPS"
        </button>
        {move || {
            on.get()
                .then(|| {
                    view! {
                        <output class="fps" aria-label="Frames per second">
                            {move || {
                                shown
                                    .get()
                                    .map_or("measuring…".to_string(), |s| format!("{} fps · p95 {} ms", Fixed(s.fps, 0), Fixed(s.p95, 1)))
                            }}
                        </output>
                    }
                })
        }}
    }
}
