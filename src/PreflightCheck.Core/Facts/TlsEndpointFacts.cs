namespace PreflightCheck.Core.Facts;

/// <summary>What the TLS collector learned about one HTTPS endpoint. Filled in by the registry issue.</summary>
internal sealed record TlsEndpointFacts(string Host, int Port);
