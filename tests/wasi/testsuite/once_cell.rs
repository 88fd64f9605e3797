// The one piece of the `once_cell` crate the suite's Rust tests use (sync::Lazy), for building
// them with Debian's rustc and no cargo registry.
pub mod sync {
    use std::cell::UnsafeCell;
    use std::ops::Deref;
    use std::sync::Once;

    pub struct Lazy<T, F = fn() -> T> {
        once: Once,
        init: F,
        value: UnsafeCell<Option<T>>,
    }

    // The value is written once, under `once`, and only read after it.
    unsafe impl<T: Sync + Send, F: Sync> Sync for Lazy<T, F> {}

    impl<T, F> Lazy<T, F> {
        pub const fn new(init: F) -> Self {
            Lazy { once: Once::new(), init, value: UnsafeCell::new(None) }
        }
    }

    impl<T, F: Fn() -> T> Deref for Lazy<T, F> {
        type Target = T;
        fn deref(&self) -> &T {
            self.once.call_once(|| unsafe { *self.value.get() = Some((self.init)()) });
            unsafe { (*self.value.get()).as_ref().unwrap() }
        }
    }
}
