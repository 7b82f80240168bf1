using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Tests.Rules.Registry;

/// <summary>Hand-built facts for one model, one container and one registry, each part replaceable with <c>with</c>.</summary>
internal static class RegistryFactsBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string Host = "registry.example.com";
    public const string ProviderArn = "arn:aws:lambda:us-east-1:123456789012:function:registry-creds";
    public static readonly SourceLocation ImageLocation = new("request.json", 7, 16);

    public static ContainerPlan Container(bool withAuthConfig = true) => new(
        "Primary",
        new SourceLocation("request.json", 5, 5),
        new Located<string>($"{Host}:5000/team/model@{Digest}", ImageLocation),
        new Located<string>("Vpc", null),
        withAuthConfig ? new Located<string>(ProviderArn, null) : null,
        null);

    public static ModelPlan Model(ContainerPlan? container = null, params string[] instanceTypes) => new(
        "vpc-model",
        null,
        null,
        [container ?? Container()],
        null,
        false,
        instanceTypes.Select((t, i) => new VariantPlan($"variant{i + 1}", "vpc-model", new Located<string>(t, null), 1, null)).ToArray());

    public static ImageConfigFacts Config(string arch = "amd64", IReadOnlyList<string>? entrypoint = null) =>
        new(CollectionStatus.Ok, "sha256:" + new string('c', 64), "linux", arch, null, entrypoint ?? ["/usr/bin/serve-model"], ["serve"]);

    public static ManifestFacts Manifest(string mediaType = RegistryMediaTypes.DockerManifest, ImageConfigFacts? config = null) =>
        new(CollectionStatus.Ok, 200, mediaType, Digest, Digest, true, 1234, [], config ?? Config());

    public static ManifestFacts Index(params string[] arches) =>
        new(CollectionStatus.Ok, 200, RegistryMediaTypes.DockerManifestList, Digest, Digest, true, 800,
            arches.Select(a => new PlatformFacts("linux", a, null, "sha256:" + new string(a[0], 64), RegistryMediaTypes.DockerManifest, Config(a))).ToArray(),
            null);

    public static TokenRealmFacts Realm(string url = "https://auth.example.com:5001/token", bool https = true, bool linkLocal = false) =>
        new(url, new Uri(url).Host, new Uri(url).Port, https, linkLocal, [linkLocal ? "169.254.169.254" : "10.0.0.9"], https && !linkLocal, CollectionStatus.Ok, 200, "token", 300);

    public static RegistryImageFacts ImageOf(ManifestFacts? manifest = null) => new(
        "vpc-model",
        "Primary",
        $"{Host}:5000/team/model@{Digest}",
        "team/model",
        null,
        Digest,
        CollectionStatus.Ok,
        new RegistryCredentialsInfo(true, CredentialSourceKind.Flag, 6),
        new RegistryAuthResult(PullAccess.Granted, AuthScheme.Basic, 200, null),
        manifest ?? Manifest(),
        new AnonymousPullFacts(CollectionStatus.Ok, 401, false));

    public static RegistryApiProbe Api(int status = 401, string challenge = "Basic") => new(
        CollectionStatus.Ok,
        "https",
        status,
        "registry/2.0",
        "application/json",
        status == 401 ? new RegistryAuthChallenge(challenge == "Bearer" ? AuthScheme.Bearer : AuthScheme.Basic, challenge, challenge == "Bearer" ? "https://auth.example.com:5001/token" : null, null, null) : null);

    public static RegistryFacts RegistryOf(RegistryImageFacts? image = null, RegistryApiProbe? api = null) => new(
        Host,
        5000,
        new RegistryResolution(CollectionStatus.Ok, AddressSource.Dns, [new ResolvedAddress("10.0.1.20", true)]),
        api ?? Api(),
        [image ?? ImageOf()]);

    public static FactsSnapshot Snapshot(ModelPlan? model = null, RegistryFacts? registry = null, bool collected = true, IReadOnlyList<TlsEndpointFacts>? tls = null)
    {
        var plan = new DeploymentPlan("request.json", "us-east-1", [model ?? Model(null, "ml.m5.large")]);
        var runs = new List<CollectorRun>();
        if (collected)
        {
            runs.Add(new CollectorRun(CollectorNames.Registry, CollectionStatus.Ok));
            runs.Add(new CollectorRun(CollectorNames.Tls, CollectionStatus.Ok));
        }

        return FactsSnapshot.ForPlan(plan, Now) with
        {
            Collectors = runs,
            Registries = collected ? [registry ?? RegistryOf()] : [],
            TlsEndpoints = tls ?? [],
        };
    }

    public static Finding Single(Rule rule, FactsSnapshot facts, RuleSettings? settings = null)
    {
        var findings = rule.Evaluate(new RuleContext(facts, settings ?? RuleSettings.Default)).ToList();
        Assert.Single(findings);
        return findings[0];
    }
}
