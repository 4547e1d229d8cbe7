import Foundation
import Testing
import TicketingStorage

/// An order's seat ids and coupons read back by hand are what `JSONDecoder` reads, and a blob the
/// hand-written path does not take (escapes, spaces, non-ASCII, anything malformed) still goes
/// through the decoder, errors included.
@Suite("Order blobs read back")
struct OrderBlobTests {
    static let lists: [[String]] = [
        [], ["A-1-1"], ["A-1-1", "A-1-2", "B-12-3", "VIP-3-40"], [""], ["", ""], ["a/b"], ["q\"uote"],
        ["back\\slash"], ["tab\there", "new\nline"], ["\u{01}\u{1F}"], ["좌석", "e\u{301}"], ["~ !#$%&'()*+,-.:;<=>?@[]^_`{|}"],
        (0..<40).map { "R-\($0)-\($0 * 7)" },
    ]

    @Test(arguments: lists)
    func seatIdsMatchTheDecoder(ids: [String]) throws {
        let blob = try BlobCoding.encode(ids)
        #expect(try BlobCoding.decodeStrings(from: blob) == ids)
        #expect(try BlobCoding.decodeStrings(from: blob) == BlobCoding.decode([String].self, from: blob))
        // Written by hand or not, the bytes are the encoder's.
        #expect(blob == (try JSONEncoder().encode(ids)))
    }

    static let texts = ["[", "]", "", "[\"a\"", "[\"a\",]", "[,\"a\"]", "[\"a\"\"b\"]", "[1]", "{}", "\"a\"",
                        "[ \"a\" ]", "[\"a\" ,\"b\"]", "[\"a\"]x", "[\"\\u0041\"]", "[\"\\/\"]", "[null]", "[[]]",
                        "[\"a]", "[\"a\",\"b\"", "[\"\u{7F}\"]", "[\"\u{1}\"]", "[]]", "[[\"a\"]"]

    @Test(arguments: texts)
    func otherBlobsAreTheDecodersToRead(text: String) {
        let blob = Data(text.utf8)
        let decoded = try? BlobCoding.decode([String].self, from: blob)
        let read = try? BlobCoding.decodeStrings(from: blob)
        #expect(read == decoded)
    }

    @Test func couponListsMatchTheDecoder() throws {
        let lists: [[AppliedCoupon]] = [
            [], [AppliedCoupon(userCouponId: "uc_1", seatId: nil, amount: 5_000, fundedBy: "platform")],
            [AppliedCoupon(userCouponId: "uc_1", seatId: "A-1-1", amount: 1, fundedBy: "seller"),
             AppliedCoupon(userCouponId: "uc_2", seatId: nil, amount: 2, fundedBy: "platform")],
        ]
        for list in lists {
            let blob = try BlobCoding.encode(list)
            #expect(try BlobCoding.decodeList([AppliedCoupon].self, from: blob) == list)
        }
        #expect(try BlobCoding.encode([AppliedCoupon]()) == JSONEncoder().encode([AppliedCoupon]()))
        for text in ["[ ]", "[]x", "{}", "[", "[1]"] {
            let blob = Data(text.utf8)
            #expect((try? BlobCoding.decodeList([AppliedCoupon].self, from: blob))
                    == (try? BlobCoding.decode([AppliedCoupon].self, from: blob)))
        }
    }
}
