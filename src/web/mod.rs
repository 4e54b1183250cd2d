//! Browser adapters: the pure runtime meets the browser's event loop, clock and page here, and only here.

pub mod canvas;
pub mod driver;
pub mod fetch;
pub mod frames;
pub mod page;
pub mod websocket;
