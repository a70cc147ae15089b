#if NET5_0_OR_GREATER
// The ring hot path builds several struct locals per chain (chain builder, descriptor chain, spans, summaries);
// C# definite assignment already guarantees each is written before it is read, so the JIT's extra zeroing of the
// stack frame on every call is pure cost (issue 9, bench/RESULTS.md). The only stackalloc buffers in this
// assembly are filled completely before use (VirtioMmioTransport.Config.cs).
[module: System.Runtime.CompilerServices.SkipLocalsInit]
#endif
