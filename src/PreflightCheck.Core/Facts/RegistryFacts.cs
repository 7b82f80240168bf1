namespace PreflightCheck.Core.Facts;

/// <summary>What the registry collector learned about one registry (host and port) and the images the plan pulls from it.</summary>
internal sealed record RegistryFacts(
    string Host,
    int Port,
    RegistryResolution Resolution,
    RegistryApiProbe Api,
    IReadOnlyList<RegistryImageFacts> Images)
{
    public string Display => $"{Host}:{Port}";
}

internal enum AddressSource
{
    Dns,
    Resolve,
    RegistryAddress,
    Literal,
}

internal sealed record ResolvedAddress(string Address, bool IsPrivate);

internal sealed record RegistryResolution(
    CollectionStatus Status,
    AddressSource Source,
    IReadOnlyList<ResolvedAddress> Addresses,
    string? Message = null);

internal enum AuthScheme
{
    None,
    Basic,
    Bearer,
    Other,
}

/// <summary>A parsed <c>WWW-Authenticate</c> challenge; holds no secret.</summary>
internal sealed record RegistryAuthChallenge(
    AuthScheme Scheme,
    string RawScheme,
    string? Realm,
    string? Service,
    string? Scope,
    string? Error = null);

/// <summary>The answer to <c>GET /v2/</c>.</summary>
internal sealed record RegistryApiProbe(
    CollectionStatus Status,
    string Scheme,
    int? StatusCode,
    string? ApiVersion,
    string? ContentType,
    RegistryAuthChallenge? Challenge,
    string? Message = null);

internal enum CredentialSourceKind
{
    None,
    Flag,
    Lambda,
}

/// <summary>The shape of the credentials used, never their value.</summary>
internal sealed record RegistryCredentialsInfo(bool Present, CredentialSourceKind Source, int UsernameLength = 0)
{
    public static RegistryCredentialsInfo Absent { get; } = new(false, CredentialSourceKind.None);
}

/// <summary>A Bearer token realm and what happened there. <see cref="CredentialsSent"/> is false whenever the realm was refused.</summary>
internal sealed record TokenRealmFacts(
    string Url,
    string Host,
    int Port,
    bool IsHttps,
    bool IsLinkLocalOrMetadata,
    IReadOnlyList<string> Addresses,
    bool CredentialsSent,
    CollectionStatus Status,
    int? StatusCode,
    string? TokenField,
    int? ExpiresIn,
    string? Message = null);

internal enum PullAccess
{
    Granted,
    Denied,
    NotAttempted,
    Failed,
}

/// <summary>Whether the credentials obtained pull access to the repository.</summary>
internal sealed record RegistryAuthResult(
    PullAccess Access,
    AuthScheme Method,
    int? StatusCode,
    TokenRealmFacts? TokenRealm,
    string? Message = null);

internal sealed record ImageConfigFacts(
    CollectionStatus Status,
    string? Digest,
    string? Os,
    string? Architecture,
    string? Variant,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Cmd,
    string? Message = null)
{
    /// <summary>The sum of the layer sizes the image manifest lists (compressed, as pulled); null when not read.</summary>
    public long? LayersSize { get; init; }
}

/// <summary>One entry of a manifest list or OCI index, with its image config when it was fetched.</summary>
internal sealed record PlatformFacts(
    string Os,
    string Architecture,
    string? Variant,
    string Digest,
    string MediaType,
    ImageConfigFacts? Config = null);

internal sealed record ManifestFacts(
    CollectionStatus Status,
    int? StatusCode,
    string? MediaType,
    string? DigestHeader,
    string? ComputedDigest,
    bool DigestMatches,
    long Size,
    IReadOnlyList<PlatformFacts> Platforms,
    ImageConfigFacts? Config,
    string? Message = null)
{
    public bool IsIndex => MediaType is RegistryMediaTypes.DockerManifestList or RegistryMediaTypes.OciIndex;
}

/// <summary>A manifest request made with no credentials at all.</summary>
internal sealed record AnonymousPullFacts(CollectionStatus Status, int? StatusCode, bool Served, string? Message = null);

/// <summary>What the registry says about one container's image.</summary>
internal sealed record RegistryImageFacts(
    string Model,
    string Container,
    string Image,
    string Repository,
    string? Tag,
    string? Digest,
    CollectionStatus Status,
    RegistryCredentialsInfo Credentials,
    RegistryAuthResult Auth,
    ManifestFacts? Manifest,
    AnonymousPullFacts? Anonymous,
    string? Message = null);

internal static class RegistryMediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    public static readonly IReadOnlyList<string> All =
        [DockerManifest, DockerManifestList, OciManifest, OciIndex, DockerSchema1Signed, DockerSchema1];
}
