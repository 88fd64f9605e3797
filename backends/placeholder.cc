// PLACEHOLDER so the library has a source until memfs/hostfs land.
