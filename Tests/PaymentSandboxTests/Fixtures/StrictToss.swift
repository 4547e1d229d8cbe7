import Foundation

// Toss' documented Payment, Cancel and Transaction objects (core API, version 2022-11-16),
// decoded the way a strict client written from the docs would: every key Toss always sends is
// required, and keys whose value may be null must still be present. Written independently of
// the sandbox's encoder so a missing or renamed key fails here.

extension KeyedDecodingContainer {
    /// A key Toss always sends, whose value may be `null`.
    func present<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        guard contains(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "always-present key missing"))
        }
        return try decodeNil(forKey: key) ? nil : decode(T.self, forKey: key)
    }
}

/// The statuses Toss documents for a payment.
enum StrictStatus: String, Decodable {
    case READY, IN_PROGRESS, WAITING_FOR_DEPOSIT, DONE, CANCELED, PARTIAL_CANCELED, ABORTED, EXPIRED
}

/// A time as Toss writes it: ISO 8601 with an offset.
struct StrictTime: Decodable {
    let date: Date

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$"#, options: .regularExpression) != nil,
              let date = ISO8601DateFormatter().date(from: text.replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a Toss time: \(text)"))
        }
        self.date = date
    }
}

struct StrictPayment: Decodable {
    struct Card: Decodable {
        let amount: Int
        let issuerCode: String
        let acquirerCode: String?
        let number: String
        let installmentPlanMonths: Int
        let approveNo: String
        let useCardPoint: Bool
        let cardType: String
        let ownerType: String
        let acquireStatus: String
        let isInterestFree: Bool
        let interestPayer: String?

        enum CodingKeys: String, CodingKey {
            case amount, issuerCode, acquirerCode, number, installmentPlanMonths, approveNo, useCardPoint
            case cardType, ownerType, acquireStatus, isInterestFree, interestPayer
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            amount = try c.decode(Int.self, forKey: .amount)
            issuerCode = try c.decode(String.self, forKey: .issuerCode)
            acquirerCode = try c.present(String.self, .acquirerCode)
            number = try c.decode(String.self, forKey: .number)
            installmentPlanMonths = try c.decode(Int.self, forKey: .installmentPlanMonths)
            approveNo = try c.decode(String.self, forKey: .approveNo)
            useCardPoint = try c.decode(Bool.self, forKey: .useCardPoint)
            cardType = try c.decode(String.self, forKey: .cardType)
            ownerType = try c.decode(String.self, forKey: .ownerType)
            acquireStatus = try c.decode(String.self, forKey: .acquireStatus)
            isInterestFree = try c.decode(Bool.self, forKey: .isInterestFree)
            interestPayer = try c.present(String.self, .interestPayer)
        }
    }

    struct Cancel: Decodable {
        let cancelAmount: Int
        let cancelReason: String
        let taxFreeAmount: Int
        let taxExemptionAmount: Int
        let refundableAmount: Int
        let easyPayDiscountAmount: Int
        let canceledAt: StrictTime
        let transactionKey: String
        let receiptKey: String?
        let cancelStatus: String
        let cancelRequestId: String?

        enum CodingKeys: String, CodingKey {
            case cancelAmount, cancelReason, taxFreeAmount, taxExemptionAmount, refundableAmount
            case easyPayDiscountAmount, canceledAt, transactionKey, receiptKey, cancelStatus, cancelRequestId
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            cancelAmount = try c.decode(Int.self, forKey: .cancelAmount)
            cancelReason = try c.decode(String.self, forKey: .cancelReason)
            taxFreeAmount = try c.decode(Int.self, forKey: .taxFreeAmount)
            taxExemptionAmount = try c.decode(Int.self, forKey: .taxExemptionAmount)
            refundableAmount = try c.decode(Int.self, forKey: .refundableAmount)
            easyPayDiscountAmount = try c.decode(Int.self, forKey: .easyPayDiscountAmount)
            canceledAt = try c.decode(StrictTime.self, forKey: .canceledAt)
            transactionKey = try c.decode(String.self, forKey: .transactionKey)
            receiptKey = try c.present(String.self, .receiptKey)
            cancelStatus = try c.decode(String.self, forKey: .cancelStatus)
            cancelRequestId = try c.present(String.self, .cancelRequestId)
        }
    }

    struct Failure: Decodable {
        let code: String
        let message: String
    }

    struct Link: Decodable {
        let url: String
    }

    /// Objects of other payment methods: only their presence is checked here.
    struct Opaque: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    let mId: String
    let version: String
    let lastTransactionKey: String?
    let paymentKey: String
    let orderId: String
    let orderName: String
    let currency: String
    let method: String?
    let status: StrictStatus
    let requestedAt: StrictTime
    let approvedAt: StrictTime?
    let useEscrow: Bool
    let cultureExpense: Bool
    let card: Card?
    let receipt: Link?
    let checkout: Link?
    let cancels: [Cancel]?
    let secret: String?
    let type: String
    let country: String
    let failure: Failure?
    let isPartialCancelable: Bool
    let totalAmount: Int
    let balanceAmount: Int
    let suppliedAmount: Int
    let vat: Int
    let taxFreeAmount: Int
    let taxExemptionAmount: Int

    enum CodingKeys: String, CodingKey {
        case mId, version, lastTransactionKey, paymentKey, orderId, orderName, currency, method, status
        case requestedAt, approvedAt, useEscrow, cultureExpense, card, virtualAccount, transfer, mobilePhone
        case giftCertificate, cashReceipt, cashReceipts, receipt, checkout, discount, cancels, secret, type
        case easyPay, country, failure, isPartialCancelable, totalAmount, balanceAmount, suppliedAmount, vat
        case taxFreeAmount, taxExemptionAmount, metadata
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mId = try c.decode(String.self, forKey: .mId)
        version = try c.decode(String.self, forKey: .version)
        lastTransactionKey = try c.present(String.self, .lastTransactionKey)
        paymentKey = try c.decode(String.self, forKey: .paymentKey)
        orderId = try c.decode(String.self, forKey: .orderId)
        orderName = try c.decode(String.self, forKey: .orderName)
        currency = try c.decode(String.self, forKey: .currency)
        method = try c.present(String.self, .method)
        status = try c.decode(StrictStatus.self, forKey: .status)
        requestedAt = try c.decode(StrictTime.self, forKey: .requestedAt)
        approvedAt = try c.present(StrictTime.self, .approvedAt)
        useEscrow = try c.decode(Bool.self, forKey: .useEscrow)
        cultureExpense = try c.decode(Bool.self, forKey: .cultureExpense)
        card = try c.present(Card.self, .card)
        for key in [CodingKeys.virtualAccount, .transfer, .mobilePhone, .giftCertificate, .cashReceipt,
                    .cashReceipts, .discount, .easyPay, .metadata] {
            _ = try c.present(Opaque.self, key)
        }
        receipt = try c.present(Link.self, .receipt)
        checkout = try c.present(Link.self, .checkout)
        cancels = try c.present([Cancel].self, .cancels)
        secret = try c.present(String.self, .secret)
        type = try c.decode(String.self, forKey: .type)
        country = try c.decode(String.self, forKey: .country)
        failure = try c.present(Failure.self, .failure)
        isPartialCancelable = try c.decode(Bool.self, forKey: .isPartialCancelable)
        totalAmount = try c.decode(Int.self, forKey: .totalAmount)
        balanceAmount = try c.decode(Int.self, forKey: .balanceAmount)
        suppliedAmount = try c.decode(Int.self, forKey: .suppliedAmount)
        vat = try c.decode(Int.self, forKey: .vat)
        taxFreeAmount = try c.decode(Int.self, forKey: .taxFreeAmount)
        taxExemptionAmount = try c.decode(Int.self, forKey: .taxExemptionAmount)
    }
}

struct StrictTransaction: Decodable {
    let mId: String
    let transactionKey: String
    let paymentKey: String
    let orderId: String
    let method: String
    let customerKey: String?
    let useEscrow: Bool
    let receiptUrl: String
    let status: StrictStatus
    let transactionAt: StrictTime
    let currency: String
    let amount: Int

    enum CodingKeys: String, CodingKey {
        case mId, transactionKey, paymentKey, orderId, method, customerKey, useEscrow, receiptUrl, status
        case transactionAt, currency, amount
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mId = try c.decode(String.self, forKey: .mId)
        transactionKey = try c.decode(String.self, forKey: .transactionKey)
        paymentKey = try c.decode(String.self, forKey: .paymentKey)
        orderId = try c.decode(String.self, forKey: .orderId)
        method = try c.decode(String.self, forKey: .method)
        customerKey = try c.present(String.self, .customerKey)
        useEscrow = try c.decode(Bool.self, forKey: .useEscrow)
        receiptUrl = try c.decode(String.self, forKey: .receiptUrl)
        status = try c.decode(StrictStatus.self, forKey: .status)
        transactionAt = try c.decode(StrictTime.self, forKey: .transactionAt)
        currency = try c.decode(String.self, forKey: .currency)
        amount = try c.decode(Int.self, forKey: .amount)
    }
}
