//! One shared sort for every crate: the standard library's sort is compiled anew for each element
//! type and key, so callers sort through [`sort_by`], which sorts one index permutation with one
//! comparator type and compiles the sort algorithm only once in the wasm bundle.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `slice::sort_by`.
///
/// ```
/// use tasklane_runtime::order::sort_by;
/// let mut words = vec!["pear", "fig", "apple", "kiwi"];
/// sort_by(&mut words, |a, b| a.len().cmp(&b.len()));
/// assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
/// ```
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` stably by the key `key` gives, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The indices `0..len` in the order `compare` sorts them, stably: the one place the sort is compiled.
#[inline(never)]
fn sorted_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}
