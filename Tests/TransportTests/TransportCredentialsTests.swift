// Credentials and TLS against a real mosquitto: a password-file broker refuses a wrong password with a
// CONNACK that classifies as "credentials rejected"; TLS with the right CA connects (server verified),
// with a wrong CA or a wrong host name fails as an event, never a crash; an X.509 client certificate is
// accepted by a listener that requires one. And no secret ever shows up in a description or error.
import Foundation
import XCTest
@testable import Transport

final class TransportCredentialsTests: XCTestCase {
    func testWrongPasswordIsClassifiedAsCredentialsRejected() throws {
        let broker = try TestBroker(.init(password: (user: "gateway", secret: "right-secret-123"))).start()
        func client(password: String) throws -> TestClient {
            try TestClient("gw", TransportSettings(host: "127.0.0.1", port: broker.port,
                                                   credentials: .basic(clientID: "gw-basic", username: "gateway", password: password)))
        }
        let wrong = try client(password: "wrong-secret-456")
        try wrong.transport.connect()
        XCTAssertTrue(pump([wrong]) { !wrong.disconnectReasons.isEmpty })
        XCTAssertEqual(wrong.connectedCount, 0)
        guard case .refused(let code) = try XCTUnwrap(wrong.disconnectReasons.first) else {
            return XCTFail("expected a CONNACK refusal, got \(wrong.events)")
        }
        XCTAssertTrue([4, 5].contains(code.rawValue), "CONNACK \(code.rawValue)")
        XCTAssertTrue(code.isCredentialsRejected)
        XCTAssertEqual(wrong.transport.state, .disconnected)

        var backoff = Backoff(jitter: SequenceJitter(fraction: 0))
        let plan = backoff.nextAttempt(after: .refused(code), atMs: 0)
        XCTAssertEqual(plan.cause, .credentialsRejected(code))
        XCTAssertEqual(plan.delayMs, 1000, "still backed off")
        let text = "\(wrong.events.map(\.description)) \(plan.cause.description)"
        XCTAssertTrue(text.contains("credentials rejected"), text)
        XCTAssertFalse(text.contains("wrong-secret-456"))

        let right = try client(password: "right-secret-123")
        XCTAssertTrue(connectAll([right]))
    }

    func testTLSWithTheRightCAConnectsAndVerifiesTheServer() throws {
        let directory = try makeTemporaryDirectory("pinpost-ca")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let ca = try TestCA(directory: directory, name: "ca")
        let broker = try TestBroker(.init(tlsCA: ca)).start()
        let port = try XCTUnwrap(broker.tlsPort)
        for host in ["127.0.0.1", "localhost"] {
            let client = try TestClient("gw", TransportSettings(host: host, port: port, clientID: "gw-tls",
                                                                credentials: .accessToken("token"),
                                                                tls: TLSSettings(caFile: ca.certificate),
                                                                subscriptions: ["v1/gateway/rpc"]))
            XCTAssertTrue(connectAll([client]), "TLS to \(host): \(client.events)")
            let mid = try client.transport.publish(topic: "v1/gateway/telemetry", payload: Array("{}".utf8))
            XCTAssertTrue(pump([client]) { client.hasPuback(mid) })
            client.transport.disconnect()
        }
    }

    func testTLSWithAWrongCAFailsAsAnEvent() throws {
        let directory = try makeTemporaryDirectory("pinpost-ca")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let ca = try TestCA(directory: directory, name: "ca")
        let otherCA = try TestCA(directory: directory, name: "other")
        let broker = try TestBroker(.init(tlsCA: ca)).start()
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: try XCTUnwrap(broker.tlsPort),
                                                            credentials: .accessToken("token"),
                                                            tls: TLSSettings(caFile: otherCA.certificate)))
        try client.transport.connect()
        XCTAssertTrue(pump([client]) { !client.disconnectReasons.isEmpty })
        XCTAssertEqual(client.connectedCount, 0)
        guard case .connectFailed(let error) = try XCTUnwrap(client.disconnectReasons.first) else {
            return XCTFail("expected connectFailed, got \(client.events)")
        }
        XCTAssertEqual(error.kind, .tls, error.description)
        XCTAssertTrue(error.detail.contains("certificate verify failed"), error.description)
        XCTAssertEqual(client.transport.state, .disconnected)
        XCTAssertEqual(client.transport.socket, -1)
    }

    func testTLSRefusesACertificateForAnotherHostName() throws {
        let directory = try makeTemporaryDirectory("pinpost-ca")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let ca = try TestCA(directory: directory, name: "ca")
        // A certificate from the trusted CA, but for another name than the one we connect to.
        var options = TestBroker.Options(tlsCA: ca)
        options.serverSubjectAltName = "DNS:broker.example.org"
        let broker = try TestBroker(options).start()
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: try XCTUnwrap(broker.tlsPort),
                                                            credentials: .accessToken("token"),
                                                            tls: TLSSettings(caFile: ca.certificate)))
        try client.transport.connect()
        XCTAssertTrue(pump([client]) { !client.disconnectReasons.isEmpty })
        XCTAssertEqual(client.connectedCount, 0, "a certificate for another name must not be accepted")
        guard case .connectFailed(let error) = try XCTUnwrap(client.disconnectReasons.first) else {
            return XCTFail("\(client.events)")
        }
        XCTAssertEqual(error.kind, .tls, error.description)

        // The same with verification turned off connects: the failure above was the name check.
        let insecure = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: try XCTUnwrap(broker.tlsPort),
                                                              credentials: .accessToken("token"),
                                                              tls: TLSSettings(caFile: ca.certificate, verifyServer: false)))
        XCTAssertTrue(connectAll([insecure]), "\(insecure.events)")
    }

    func testX509ClientCertificateIsAcceptedWhereOneIsRequired() throws {
        let directory = try makeTemporaryDirectory("pinpost-ca")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let ca = try TestCA(directory: directory, name: "ca")
        let broker = try TestBroker(.init(tlsCA: ca, requireClientCertificateListener: true)).start()
        let port = try XCTUnwrap(broker.clientCertificatePort)
        let device = try ca.issue("device", commonName: "pinpost-gateway-1", subjectAltName: nil)

        let withCertificate = try TestClient("gw", TransportSettings(
            host: "127.0.0.1", port: port, clientID: "gw-x509",
            credentials: .x509(certFile: device.certificate, keyFile: device.key),
            tls: TLSSettings(caFile: ca.certificate), subscriptions: ["v1/gateway/rpc"]))
        XCTAssertTrue(connectAll([withCertificate]), "\(withCertificate.events)")
        XCTAssertTrue(broker.waitForLog("u'pinpost-gateway-1'"), "the broker identified the gateway by its certificate")

        let withoutCertificate = try TestClient("gw", TransportSettings(
            host: "127.0.0.1", port: port, clientID: "gw-nocert", credentials: .accessToken("token"),
            tls: TLSSettings(caFile: ca.certificate)))
        try withoutCertificate.transport.connect()
        XCTAssertTrue(pump([withoutCertificate]) { !withoutCertificate.disconnectReasons.isEmpty })
        XCTAssertEqual(withoutCertificate.connectedCount, 0)
    }

    func testAMissingCAFileIsAConnectFailedEventNamingTheFile() throws {
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: 8883,
                                                            credentials: .accessToken("secret-token-789"),
                                                            tls: TLSSettings(caFile: "/nonexistent/ca.crt")))
        try client.transport.connect()
        let reasons = client.takeEvents().compactMap { event -> DisconnectReason? in
            if case .disconnected(let reason) = event { return reason } else { return nil }
        }
        guard case .connectFailed(let error) = try XCTUnwrap(reasons.first) else { return XCTFail("\(reasons)") }
        XCTAssertEqual(error.kind, .tls)
        XCTAssertEqual(error.operation, "mosquitto_tls_set")
        XCTAssertTrue(error.description.contains("/nonexistent/ca.crt"), error.description)
        XCTAssertFalse(error.description.contains("secret-token-789"))
    }

    func testNoCredentialEverAppearsInDescriptionsOrErrors() throws {
        let secrets = ["tok-SECRET-1", "client-SECRET-2", "user-SECRET-3", "pass-SECRET-4"]
        let tokenSettings = TransportSettings(host: "127.0.0.1", port: freeLocalPort(), clientID: "gw",
                                              credentials: .accessToken(secrets[0]))
        let basicSettings = TransportSettings(host: "127.0.0.1", port: freeLocalPort(), clientID: "gw",
                                              credentials: .basic(clientID: secrets[1], username: secrets[2], password: secrets[3]))
        var texts = [tokenSettings.description, basicSettings.description,
                     tokenSettings.credentials.description, basicSettings.credentials.description]

        // Errors of validation, of failed connects and refusals, and events: none may quote a secret.
        var bad = basicSettings
        bad.port = 0
        XCTAssertThrowsError(try bad.validate()) { texts.append("\($0)") }
        bad = tokenSettings
        bad.keepAliveSeconds = 1
        XCTAssertThrowsError(try bad.validate()) { texts.append("\($0)") }
        let passwordOnly = TransportSettings(host: "h", credentials: .basic(clientID: "", username: "", password: secrets[3]))
        XCTAssertThrowsError(try passwordOnly.validate()) { texts.append("\($0)") }
        for settings in [tokenSettings, basicSettings] {
            let client = try TestClient("gw", settings)
            try client.transport.connect()
            XCTAssertTrue(pump([client]) { !client.disconnectReasons.isEmpty }, "nothing listens on that port")
            texts += client.events.map(\.description)
        }
        let broker = try TestBroker(.init(password: (user: "gateway", secret: "x"))).start()
        let refused = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: broker.port,
                                                             credentials: .basic(clientID: secrets[1], username: secrets[2], password: secrets[3])))
        try refused.transport.connect()
        XCTAssertTrue(pump([refused]) { !refused.disconnectReasons.isEmpty })
        texts += refused.events.map(\.description)
        var backoff = Backoff(jitter: SequenceJitter(fraction: 0.5))
        for reason in refused.disconnectReasons {
            texts.append(backoff.nextAttempt(after: reason, atMs: 0).cause.description)
        }

        XCTAssertGreaterThan(texts.count, 8)
        for text in texts {
            for secret in secrets { XCTAssertFalse(text.contains(secret), "\(secret) leaked in: \(text)") }
        }
        XCTAssertTrue(tokenSettings.description.contains("client id gw"), "non-secret parts are still shown")
    }
}
