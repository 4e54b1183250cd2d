//! The browser's animation frames (`requestAnimationFrame`): a loop that reports each frame's
//! timestamp, in ms, until it is dropped.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

type FrameCallback = Closure<dyn FnMut(f64)>;

/// A running frame loop; dropping it cancels the next frame and frees the loop.
pub struct EveryFrame {
    _callback: Rc<RefCell<Option<FrameCallback>>>,
    pending: Rc<Cell<i32>>,
}

impl Drop for EveryFrame {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.cancel_animation_frame(self.pending.get());
        }
    }
}

fn request(callback: &FrameCallback) -> i32 {
    web_sys::window().and_then(|w| w.request_animation_frame(callback.as_ref().unchecked_ref()).ok()).unwrap_or(0)
}

/// Calls `frame(timestamp)` on every animation frame from the next one on.
pub fn every_frame(mut frame: impl FnMut(f64) + 'static) -> EveryFrame {
    let slot: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
    let pending = Rc::new(Cell::new(0));
    let (me, next): (Weak<RefCell<Option<FrameCallback>>>, Rc<Cell<i32>>) = (Rc::downgrade(&slot), pending.clone());
    let callback = Closure::<dyn FnMut(f64)>::new(move |at: f64| {
        frame(at);
        if let Some(slot) = me.upgrade()
            && let Some(callback) = slot.borrow().as_ref()
        {
            next.set(request(callback));
        }
    });
    pending.set(request(&callback));
    *slot.borrow_mut() = Some(callback);
    EveryFrame { _callback: slot, pending }
}
