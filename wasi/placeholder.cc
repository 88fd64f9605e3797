// PLACEHOLDER so the library has a source until the WASI layer lands.
