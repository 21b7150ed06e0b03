//! [`prefetch`]: a hint to the processor to start loading data that will be needed soon.
//!
//! The crate's only `unsafe`: the standard library's x86-64 prefetch intrinsic is a
//! `#[target_feature(enable = "sse")]` function, which safe code may call only from a function
//! compiled with that feature listed, even though every x86-64 processor has it. No
//! well-maintained crate wraps it; the two small ones on crates.io do what this module does.
#![cfg_attr(
    target_arch = "x86_64",
    expect(unsafe_code, reason = "the one prefetch hint; see the module documentation")
)]

/// Asks the processor to start loading `item` into its caches: every 64-byte cache line it
/// spans (a turn's entry of a hundred bytes or more spans two to four; prefetching only the
/// first left the fields read last to miss). A hint: it reads nothing, writes nothing and
/// changes no result. A no-op off x86-64.
#[inline(always)]
pub fn prefetch<T>(item: &T) {
    let start = std::ptr::from_ref(item).cast::<i8>();
    let size = size_of::<T>();
    let mut offset = 0;
    while offset < size {
        line(start.wrapping_add(offset));
        offset += LINE;
    }
    // The line of the last byte: one more when the item does not start on a line's boundary
    // (a type aligned to whole lines always does).
    if size > 0 && !align_of::<T>().is_multiple_of(LINE) {
        line(start.wrapping_add(size - 1));
    }
}

/// The cache line's size on x86-64 processors.
const LINE: usize = 64;

/// Prefetches the cache line holding `at`.
#[inline(always)]
fn line(at: *const i8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `sse` is part of the x86-64 baseline, so the instruction exists on every
    // processor this code runs on; a prefetch never faults and never dereferences in the
    // language's sense, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(at);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
