import Foundation

/// Min-heap of (expiry, hold id): the hold timer looks only at what is due, never at all seats.
/// Stale entries (released or re-timed holds) are skipped when popped.
typealias ExpiryHeap = MinHeap<Date, String>
