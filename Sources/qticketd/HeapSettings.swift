import CMalloc

/// glibc's heap, set for a server whose memory comes and goes in waves of requests.
///
/// By default each of malloc's per-thread arenas grows its heap a little at a time and gives the
/// top back as soon as 128 KB is free. In a rush the two event loops and the database threads
/// free and reuse the same few megabytes many times a second, so the arenas grew and shrank
/// without end: `mprotect` ran 5.5 times per buyer and `sysmalloc` was 1.3 % of the server's CPU
/// (BENCHMARKS.md, "fifteenth session"). Growing by 16 MB at a time and keeping up to 64 MB
/// free per arena ends that; what a rush's peak took stays mapped for the next one.
///
/// Setting the trim threshold turns off glibc's sliding mmap threshold, which would otherwise
/// rise past the seat maps and export files a server builds; 4 MB keeps those in the heap too.
enum HeapSettings {
    static let growBy: Int32 = 16 << 20
    static let keepFree: Int32 = 64 << 20
    static let mapAbove: Int32 = 4 << 20

    /// Call once, before the server starts (the settings are global to all arenas).
    static func apply() {
        // mallopt returns 0 when glibc refuses a value; that default then stays, which only costs CPU.
        _ = mallopt(M_TOP_PAD, growBy)
        _ = mallopt(M_TRIM_THRESHOLD, keepFree)
        _ = mallopt(M_MMAP_THRESHOLD, mapAbove)
    }
}
