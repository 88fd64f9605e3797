// crash: hits `unreachable` (a wasm trap).
int main(void) { __builtin_trap(); }
