using System.Text.RegularExpressions;

namespace PreflightCheck.Core.Images;

/// <summary>
/// A container image reference as Docker reads it: github.com/distribution/reference <c>ParseNormalizedNamed</c>
/// (the grammar of <c>Parse</c> plus Docker's rule for what counts as a registry host), checked more strictly where a
/// SageMaker deployment could not work anyway (listed on <see cref="ImageReferenceParser"/>).
/// </summary>
internal sealed partial class ImageReference
{
    public const int MaxImageLength = 255;
    public const int MaxRepositoryNameLength = 255;
    public const int MaxTagLength = 128;
    public const string DockerHubDomain = "docker.io";
    public const string LegacyDockerHubDomain = "index.docker.io";
    public const string OfficialRepositoryPrefix = "library/";

    internal ImageReference(string original, string? domain, string? host, int? port, string path, string? tag, string? digestAlgorithm, string? digestHex)
    {
        Original = original;
        Domain = domain;
        Host = host;
        Port = port;
        Path = path;
        Tag = tag;
        DigestAlgorithm = digestAlgorithm;
        DigestHex = digestHex;
        Digest = digestAlgorithm is null ? null : $"{digestAlgorithm}:{digestHex}";
    }

    /// <summary>The text exactly as given.</summary>
    public string Original { get; }

    /// <summary>host[:port] as written, or null when the reference names no registry host (Docker then uses Docker Hub).</summary>
    public string? Domain { get; }

    /// <summary>The host of <see cref="Domain"/>; an IPv6 literal keeps its brackets, as in a URL authority.</summary>
    public string? Host { get; }

    public int? Port { get; }

    /// <summary>The repository path as written after the domain (no <c>library/</c> added).</summary>
    public string Path { get; }

    public string? Tag { get; }

    /// <summary><c>algorithm:hex</c>, or null.</summary>
    public string? Digest { get; }

    public string? DigestAlgorithm { get; }

    public string? DigestHex { get; }

    public bool HasExplicitRegistryHost => Domain is not null;

    public bool HasTagAndDigest => Tag is not null && Digest is not null;

    /// <summary>True with no explicit host or a Docker Hub host (docker.io, index.docker.io, registry-1.docker.io, any case: DNS ignores it).</summary>
    public bool IsDockerHub =>
        Host is null
        || Host.Equals(DockerHubDomain, StringComparison.OrdinalIgnoreCase)
        || Host.Equals(LegacyDockerHubDomain, StringComparison.OrdinalIgnoreCase)
        || Host.Equals("registry-1.docker.io", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A private Amazon ECR registry host (account registry, commercial, China or FIPS endpoints, or the dual-stack on.aws form).
    /// public.ecr.aws is deliberately not ECR here: SageMaker's platform mode serves private account registries only, so to the
    /// CreateModel checks an image on ECR Public is a non-ECR image; see <see cref="IsEcrPublic"/>.
    /// </summary>
    public bool IsEcr => Host is not null && (EcrHostRegex().IsMatch(Host) || EcrDualStackHostRegex().IsMatch(Host));

    public bool IsEcrPublic => Host is not null && Host.Equals("public.ecr.aws", StringComparison.OrdinalIgnoreCase);

    /// <summary>The domain Docker uses: docker.io when none is given, and for index.docker.io; otherwise <see cref="Domain"/>.</summary>
    public string NormalizedDomain =>
        Domain is null || Domain == LegacyDockerHubDomain ? DockerHubDomain : Domain;

    /// <summary>The repository as sent to the registry in <c>/v2/&lt;name&gt;/manifests/...</c>: on docker.io a single component gets <c>library/</c>.</summary>
    public string RepositoryForApi => GetsOfficialPrefix(Domain, Path) ? OfficialRepositoryPrefix + Path : Path;

    /// <summary>Docker's full name, e.g. <c>docker.io/library/ubuntu</c> for <c>ubuntu</c>.</summary>
    public string NormalizedName => $"{NormalizedDomain}/{RepositoryForApi}";

    /// <summary>The full reference Docker pulls: normalized name plus tag and digest as given.</summary>
    public string NormalizedReference =>
        NormalizedName + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    internal static bool GetsOfficialPrefix(string? domain, ReadOnlySpan<char> path) =>
        (domain is null or DockerHubDomain or LegacyDockerHubDomain) && !path.Contains('/');

    public static ImageReferenceParseResult Parse(string text) => ImageReferenceParser.Parse(text);

    /// <summary>host/path@digest (docker.io/... when no host was given), dropping any tag; the digest must be sha256, sha384 or sha512 in lower-case hex.</summary>
    public string ToDigestReference(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var error = ImageReferenceParser.ValidateDigest(digest, 0, digest.Length, out _, out _);
        if (error is not null)
        {
            throw new ArgumentException($"Not a usable digest: {error.Message} (at index {error.Index}).", nameof(digest));
        }

        var name = Domain is null ? NormalizedName : $"{Domain}/{Path}";
        return $"{name}@{digest}";
    }

    public override string ToString() => Original;

    [GeneratedRegex(@"^[0-9]{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex EcrHostRegex();

    [GeneratedRegex(@"^[0-9]{12}\.dkr-ecr(-fips)?\.[a-z0-9-]+\.on\.aws$", RegexOptions.CultureInvariant)]
    private static partial Regex EcrDualStackHostRegex();
}
