import Foundation
import Testing
import TicketingClient
@testable import TicketingServer

@Suite("TossPaymentsClient outcome classes")
struct GatewayClassificationTests {
    private func response(_ status: Int, _ code: String?) -> ClientResponse {
        let body = code.map { Data(#"{"code":"\#($0)","message":"m"}"#.utf8) } ?? Data("<html>bad gateway</html>".utf8)
        return ClientResponse(status: status, body: body)
    }

    private func kind(_ error: PaymentGatewayError) -> String {
        switch error {
        case .declined(let code, _): "declined \(code)"
        case .retryable(let code, _): "retryable \(code)"
        case .unknown: "unknown"
        }
    }

    @Test(arguments: [
        (500, "FAILED_INTERNAL_SYSTEM_PROCESSING", "retryable FAILED_INTERNAL_SYSTEM_PROCESSING"),
        (429, "TOO_MANY_REQUESTS", "retryable TOO_MANY_REQUESTS"),
        (400, "PROVIDER_ERROR", "retryable PROVIDER_ERROR"),
        (502, nil, "retryable HTTP_502"),
        (403, "REJECT_CARD_PAYMENT", "declined REJECT_CARD_PAYMENT"),
        (400, "INVALID_REQUEST", "declined INVALID_REQUEST"),
        (401, "UNAUTHORIZED_KEY", "declined UNAUTHORIZED_KEY"),
        (400, "ALREADY_PROCESSED_PAYMENT", "unknown"),
    ] as [(Int, String?, String)])
    func errorAnswersToAConfirm(status: Int, code: String?, expected: String) {
        #expect(kind(TossPaymentsClient.classify(response(status, code), changesMoney: true)) == expected)
    }

    @Test func alreadyProcessedIsAPlainRefusalForReads() {
        let error = TossPaymentsClient.classify(response(400, "ALREADY_PROCESSED_PAYMENT"), changesMoney: false)
        #expect(kind(error) == "declined ALREADY_PROCESSED_PAYMENT")
    }

    @Test func transportFailuresAreUnknownOnlyOnceTheRequestMayHaveLeft() {
        func classify(_ error: any Error, money: Bool) -> String {
            let classified = TossPaymentsClient.classify(transport: error, changesMoney: money)
            return (classified as? PaymentGatewayError).map(kind) ?? "\(type(of: classified))"
        }
        #expect(classify(HTTPClientError.connectionFailed("refused"), money: true) == "retryable CONNECTION_FAILED")
        #expect(classify(HTTPClientError.timedOut(seconds: 1), money: true) == "unknown")
        #expect(classify(HTTPClientError.connectionClosed, money: true) == "unknown")
        #expect(classify(HTTPClientError.timedOut(seconds: 1), money: false) == "retryable NETWORK_ERROR")
        #expect(classify(CancellationError(), money: true) == "CancellationError")
    }

    @Test func unreadableSuccessIsUnknownForAConfirm() {
        let garbage = ClientResponse(status: 200, body: Data("{}".utf8))
        do {
            let payment = try TossPaymentsClient.payment(from: garbage, changesMoney: true)
            Issue.record("decoded \(payment) from an empty object")
        } catch let error as PaymentGatewayError {
            #expect(kind(error) == "unknown")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func endpointsParseFromURLs() {
        #expect(TossEndpoint(url: "https://api.tosspayments.com") == .tossPayments)
        #expect(TossEndpoint(url: "http://127.0.0.1:8080/sandbox-gateway/")
            == TossEndpoint(host: "127.0.0.1", port: 8080, useTLS: false, basePath: "/sandbox-gateway"))
        #expect(TossEndpoint(url: "ftp://example.com") == nil)
        #expect(TossEndpoint(url: "http://example.com?x=1") == nil)
    }
}
