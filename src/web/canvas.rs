//! A 2D canvas sized to its CSS box at the screen's pixel ratio, and the page's colours for it
//! (read from CSS, so the canvas follows the stylesheet and its light and dark themes).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement};

thread_local! {
    /// Each font asked for, and how the context reports it once set.
    static FONTS: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A canvas's 2D context, drawn in CSS px.
pub struct Painter {
    ctx: CanvasRenderingContext2d,
}

impl Painter {
    /// Resizes `canvas` to `width` × `height` CSS px (sharp at the device pixel ratio) and clears it.
    pub fn begin(canvas: &HtmlCanvasElement, width: f64, height: f64) -> Option<Painter> {
        let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0);
        let (w, h) = ((width * ratio).round() as u32, (height * ratio).round() as u32);
        if canvas.width() != w || canvas.height() != h {
            canvas.set_width(w);
            canvas.set_height(h);
        }
        let ctx = canvas.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).ok()?;
        ctx.clear_rect(0.0, 0.0, width, height);
        Some(Painter { ctx })
    }

    pub fn fill(&self, colour: &str) {
        self.ctx.set_fill_style_str(colour);
    }

    pub fn stroke(&self, colour: &str, width: f64, dash: &[f64]) {
        self.ctx.set_stroke_style_str(colour);
        self.ctx.set_line_width(width);
        let dash: js_sys::Array = dash.iter().map(|d| wasm_bindgen::JsValue::from_f64(*d)).collect();
        let _ = self.ctx.set_line_dash(&dash);
    }

    pub fn rect(&self, x: f64, y: f64, w: f64, h: f64) {
        self.ctx.fill_rect(x, y, w, h);
    }

    pub fn line(&self, x1: f64, y1: f64, x2: f64, y2: f64) {
        self.ctx.begin_path();
        self.ctx.move_to(x1, y1);
        self.ctx.line_to(x2, y2);
        self.ctx.stroke();
    }

    /// `font` is a CSS font (`12px monospace`); `align` is `left`, `center` or `right`. Setting a
    /// canvas's font makes the browser compute the page's style there and then, so it is set only
    /// when it differs from the context's (which keeps it from frame to frame).
    pub fn font(&self, font: &str, align: &str) {
        FONTS.with_borrow_mut(|fonts| {
            let current = self.ctx.font();
            let known = fonts.iter().find(|(asked, _)| asked == font).map(|(_, set)| set);
            if known != Some(&current) {
                self.ctx.set_font(font);
                let set = self.ctx.font();
                fonts.retain(|(asked, _)| asked != font);
                fonts.push((font.to_string(), set));
            }
        });
        self.ctx.set_text_align(align);
        self.ctx.set_text_baseline("middle");
    }

    pub fn text(&self, text: &str, x: f64, y: f64) {
        let _ = self.ctx.fill_text(text, x, y);
    }

    /// How wide `text` is in the current font, px.
    pub fn width(&self, text: &str) -> f64 {
        self.ctx.measure_text(text).map_or(0.0, |m| m.width())
    }

    /// Draws what `draw` draws, cut to the rectangle.
    pub fn clipped(&self, x: f64, y: f64, w: f64, h: f64, draw: impl FnOnce(&Painter)) {
        self.ctx.save();
        self.ctx.begin_path();
        self.ctx.rect(x, y, w, h);
        self.ctx.clip();
        draw(self);
        self.ctx.restore();
    }
}

/// `element`'s computed value of the CSS property `property` (a custom property such as `--bg`,
/// or `background-color`), trimmed; empty when there is none.
pub fn css(element: &Element, property: &str) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(element).ok().flatten())
        .and_then(|style| style.get_property_value(property).ok())
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// A page listener that stops when dropped (keep it as long as the view that asked for it).
pub struct Listener {
    _callback: Box<dyn std::any::Any>,
    stop: Box<dyn Fn()>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        (self.stop)();
    }
}

/// Calls `changed` whenever the page switches between light and dark.
pub fn on_colour_scheme_change(changed: impl Fn() + 'static) -> Option<Listener> {
    let query = web_sys::window()?.match_media("(prefers-color-scheme: dark)").ok()??;
    let callback = Closure::<dyn Fn()>::new(changed);
    query.add_event_listener_with_callback("change", callback.as_ref().unchecked_ref()).ok()?;
    let function: js_sys::Function = callback.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let stop = Box::new(move || {
        let _ = query.remove_event_listener_with_callback("change", &function);
    });
    Some(Listener { _callback: Box::new(callback), stop })
}

/// Calls `resized(width, window height)` with `element`'s width in CSS px now and whenever it changes.
pub fn on_resize(element: &Element, resized: impl Fn(f64, f64) + 'static) -> Option<Listener> {
    let inner_height =
        || web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(800.0);
    resized(element.client_width() as f64, inner_height());
    let target = element.clone();
    let callback = Closure::<dyn Fn()>::new(move || resized(target.client_width() as f64, inner_height()));
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(Listener { _callback: Box::new(callback), stop: Box::new(move || observer.disconnect()) })
}

/// Calls `wheel` for every wheel event over `element`, which it may cancel (a non-passive listener:
/// the page does not scroll when the handler zooms).
pub fn on_wheel(element: &Element, wheel: impl Fn(web_sys::WheelEvent) + 'static) -> Option<Listener> {
    let callback = Closure::<dyn Fn(web_sys::WheelEvent)>::new(wheel);
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    element
        .add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            callback.as_ref().unchecked_ref(),
            &options,
        )
        .ok()?;
    let (target, function) = (element.clone(), callback.as_ref().unchecked_ref::<js_sys::Function>().clone());
    let stop = Box::new(move || {
        let _ = target.remove_event_listener_with_callback("wheel", &function);
    });
    Some(Listener { _callback: Box::new(callback), stop })
}
