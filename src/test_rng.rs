//! A small deterministic random source for the tests that generate inputs (xorshift64: the
//! same inputs on every run and machine, no extra crate).

/// Numbers below the bound each call is given, from `seed` (non-zero).
pub(crate) fn below(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}
