//! The playback bar: play/pause, step, speed, the scrubber, the seed, and share.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::frame_meter::FrameMeter;
use super::session::use_session;
use crate::model::lanes::Axis;
use crate::web::driver::Speed;
use crate::web::page;

/// The speeds offered: the select's value, its label, and the speed. A fixed table rather than
/// parsing the value as a float: `f64` parsing costs about 15 KB (gzip) of the bundle.
const SPEEDS: [(&str, &str, Speed); 8] = [
    ("0.1", "0.1×", Speed::Times(0.1)),
    ("0.25", "0.25×", Speed::Times(0.25)),
    ("0.5", "0.5×", Speed::Times(0.5)),
    ("1", "1×", Speed::Times(1.0)),
    ("2", "2×", Speed::Times(2.0)),
    ("5", "5×", Speed::Times(5.0)),
    ("10", "10×", Speed::Times(10.0)),
    ("max", "As fast as possible", Speed::AsFastAsPossible),
];

fn speed_value(speed: Speed) -> &'static str {
    SPEEDS.iter().find(|(_, _, s)| *s == speed).map_or("1", |(v, _, _)| v)
}

fn parse_speed(value: &str) -> Speed {
    SPEEDS.iter().find(|(v, _, _)| *v == value).map_or(Speed::Times(1.0), |(_, _, s)| *s)
}

/// True when a key press is typing into a field (a text or number box, a text area, a select list):
/// there Space and the arrows are the field's. Everywhere else (a button just clicked, a checkbox,
/// a slider, a link) Space plays and pauses and the right arrow steps.
fn typing_in_field(ev: &ev::KeyboardEvent) -> bool {
    const NOT_TEXT: [&str; 9] = ["button", "checkbox", "radio", "range", "submit", "reset", "color", "file", "image"];
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !NOT_TEXT.contains(&el.get_attribute("type").unwrap_or_default().to_ascii_lowercase().as_str()),
        _ => el.get_attribute("contenteditable").is_some_and(|v| v != "false"),
    })
}

#[component]
pub fn PlaybackBar() -> impl IntoView {
    let session = use_session();
    let keys = window_event_listener(ev::keydown, move |ev: ev::KeyboardEvent| {
        if typing_in_field(&ev) || session.run.with_untracked(Option::is_none) {
            return;
        }
        match ev.key().as_str() {
            " " => {
                ev.prevent_default();
                session.toggle_play();
            }
            "ArrowRight" => {
                ev.prevent_default();
                session.step();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let has_run = move || session.run.with(Option::is_some);
    let total = move || session.total_events();
    let position = move || session.cursor.get().unwrap_or_else(total);
    let clock = move || Axis::label(session.now());
    let seed_text = RwSignal::new(String::new());

    view! {
        <section class="playback-region" aria-label="Playback bar">
        <div class="playback" role="toolbar" aria-label="Playback">
            <button
                type="button"
                class="icon"
                aria-label=move || if session.playing.get() { "Pause" } else { "Play" }
                disabled=move || !session.any_on() || session.replaying.get().is_some()
                on:click=move |_| session.toggle_play()
            >
                {move || if session.playing.get() { pause_icon().into_any() } else { play_icon().into_any() }}
            </button>
            <button
                type="button"
                class="icon"
                aria-label="Step to the next event"
                disabled=move || !has_run()
                on:click=move |_| session.step()
            >
                {step_icon()}
            </button>
            <label class="field">
                <span>"Speed"</span>
                <select
                    aria-label="Speed"
                    prop:value=move || speed_value(session.speed.get())
                    on:change=move |ev| session.set_speed(parse_speed(&event_target_value(&ev)))
                >
                    {SPEEDS.iter().map(|(v, label, _)| view! { <option value=*v>{*label}</option> }).collect_view()}
                </select>
            </label>
            <input
                type="range"
                class="scrubber"
                aria-label="Scrubber"
                prop:min=move || session.floor.get().to_string()
                prop:max=move || total().to_string()
                prop:value=move || position().to_string()
                disabled=move || !has_run()
                on:input=move |ev| session.scrub(event_target_value(&ev).parse().unwrap_or(0))
            />
            <output class="clock" aria-label="Virtual time">{clock}</output>
            {move || {
                session.replaying.get().map(|done| {
                    let percent = (done * 100.0) as u32;
                    view! {
                        <span class="replaying" role="status">
                            "Replaying the shared run "
                            <progress max="100" value=percent aria-label="Replay progress"></progress>
                            {format!(" {percent} %")}
                        </span>
                    }
                })
            }}
            <output class="live" aria-label="Position">
                {move || {
                    let at = match session.cursor.get() {
                        None => "live".to_string(),
                        Some(c) => format!("event {c} of {}", total()),
                    };
                    match session.floor.get() {
                        0 => at,
                        floor => format!("{at} · from event {floor}"),
                    }
                }}
            </output>
            <label class="field">
                <span>"Seed"</span>
                <input
                    type="text"
                    inputmode="numeric"
                    aria-label="Seed"
                    size="8"
                    prop:value=move || session.seed.get().to_string()
                    on:input=move |ev| seed_text.set(event_target_value(&ev))
                    on:change=move |_| {
                        match seed_text.get_untracked().trim().parse::<u64>() {
                            Ok(seed) => session.reseed(seed),
                            Err(_) => session.notice(format!("Ignored seed {:?}: a seed is a whole number.", seed_text.get_untracked())),
                        }
                    }
                />
            </label>
            <button type="button" aria-label="New seed" disabled=move || !has_run() on:click=move |_| session.reseed(page::random_seed())>
                "New seed"
            </button>
            <button type="button" aria-label="Share this run" disabled=move || !has_run() on:click=move |_| session.share()>
                "Share"
            </button>
            <span class="copied" role="status" aria-label="Share status">
                {move || match session.copied.get() {
                    Some(true) => "Link copied",
                    Some(false) => "Not copied: the browser refused. Select the link and copy it.",
                    None => "",
                }}
            </span>
            <FrameMeter />
            {move || {
                session
                    .shared
                    .get()
                    .map(|(url, hash)| {
                        view! {
                            <input class="share-url" type="text" readonly aria-label="Share URL" prop:value=url />
                            <output class="hash" aria-label="Trace hash">{format!("{hash:016x}")}</output>
                        }
                    })
            }}
        </div>
        </section>
    }
}

fn play_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M4 2 L14 8 L4 14 Z" fill="currentColor" />
        </svg>
    }
}

fn pause_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <rect x="3" y="2" width="4" height="12" fill="currentColor" />
            <rect x="9" y="2" width="4" height="12" fill="currentColor" />
        </svg>
    }
}

fn step_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M2 2 L10 8 L2 14 Z" fill="currentColor" />
            <rect x="11" y="2" width="3" height="12" fill="currentColor" />
        </svg>
    }
}
