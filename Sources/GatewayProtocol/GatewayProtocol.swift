// GatewayProtocol: see README and design notes.
