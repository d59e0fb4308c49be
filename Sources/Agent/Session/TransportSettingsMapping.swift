// The config's connection section as the transport's settings: the only place the two meet, so Config
// does not depend on Transport and Transport knows nothing of files.
import Config
import GatewayProtocol
import Transport

public func makeTransportSettings(_ connection: ConnectionConfig) -> TransportSettings {
    let credentials: TransportCredentials
    switch connection.credentials {
    case .accessToken(let token): credentials = .accessToken(token)
    case .basic(let basic):
        credentials = .basic(clientID: basic.clientId ?? "", username: basic.username ?? "", password: basic.password ?? "")
    case .x509(let certFile, let keyFile): credentials = .x509(certFile: certFile, keyFile: keyFile)
    }
    return TransportSettings(
        host: connection.host, port: connection.port, clientID: connection.clientId,
        protocolVersion: connection.mqttVersion == .v5 ? .v5 : .v311, credentials: credentials,
        tls: connection.tls.map { TLSSettings(caFile: $0.caFile, verifyServer: $0.verifyServer) },
        keepAliveSeconds: connection.keepAliveSeconds, subscriptions: Topics.subscriptions,
        // Every kind of QoS 1 message together; the agent keeps buffered records below it (InFlightBudget)
        // so that session messages find room, and lowers it to the platform's session limit.
        maxInFlight: max(connection.maxInflight, 1))
}
