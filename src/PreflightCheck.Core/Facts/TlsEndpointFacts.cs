namespace PreflightCheck.Core.Facts;

internal enum TlsEndpointRole
{
    Registry,
    TokenRealm,
}

/// <summary>Whether a legacy protocol was accepted; <see cref="CouldNotTest"/> when this client could not offer it.</summary>
internal enum LegacyProtocolResult
{
    Refused,
    Accepted,
    CouldNotTest,
}

internal sealed record TlsCertificateFacts(
    string Subject,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string KeyAlgorithm,
    int KeySize,
    string SignatureAlgorithm,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IpAddresses,
    string Sha256Fingerprint,
    bool IsCa,
    bool IsSelfSigned);

/// <summary>The verdict of building the sent chain against the public root set only.</summary>
internal sealed record TlsChainVerdict(
    bool TrustedByPublicRoots,
    IReadOnlyList<string> StatusFlags,
    bool? ChainComplete,
    string? MissingIssuer,
    string RootSet,
    string? Root = null);

/// <summary>What the TLS collector learned about one HTTPS endpoint.</summary>
internal sealed record TlsEndpointFacts(
    string Host,
    int Port,
    TlsEndpointRole Role,
    CollectionStatus Status,
    bool? SpeaksTls,
    string? NegotiatedProtocol,
    string? CipherSuite,
    LegacyProtocolResult Tls10,
    LegacyProtocolResult Tls11,
    IReadOnlyList<TlsCertificateFacts> Chain,
    TlsChainVerdict? Verdict,
    string? Message = null)
{
    public string Url => $"https://{Host}:{Port}";
}
