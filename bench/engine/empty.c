// The empty WASI program: start-up cost alone (wasi-libc's _start, then main returns).
int main(void) { return 0; }
