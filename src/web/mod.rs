//! Browser adapters: the pure runtime meets the browser's event loop and clock here, and only here.

pub mod driver;
