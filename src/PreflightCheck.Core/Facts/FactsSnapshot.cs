using PreflightCheck.Core.Plan;

namespace PreflightCheck.Core.Facts;

/// <summary>
/// Everything the rules judge. Immutable, made of project types only, and free of secrets,
/// so it can be saved as evidence and replayed. Each collector owns one section.
/// </summary>
internal sealed record FactsSnapshot(
    string SchemaVersion,
    DateTimeOffset CollectedAt,
    DeploymentPlan Plan)
{
    public const string CurrentSchemaVersion = "1.0";

    /// <summary>Which collectors ran and how each ended; a failed collection is itself a fact.</summary>
    public IReadOnlyList<CollectorRun> Collectors { get; init; } = [];

    /// <summary>One entry per distinct registry (host and port) named by the plan's images.</summary>
    public IReadOnlyList<RegistryFacts> Registries { get; init; } = [];

    /// <summary>One entry per HTTPS endpoint involved: the registries and their token realms.</summary>
    public IReadOnlyList<TlsEndpointFacts> TlsEndpoints { get; init; } = [];

    /// <summary>The AWS account as seen by the caller: network, Lambda, IAM, SageMaker; null when not collected.</summary>
    public AwsFacts? Aws { get; init; }

    /// <summary>Pulls through a Docker Engine (<c>--pull-test</c>), one per container image; empty when not asked for.</summary>
    /// <remarks>The source-generated reader sets every init property, null when the file predates it: keep that an empty list.</remarks>
    public IReadOnlyList<PullTestFacts> PullTests { get => _pullTests; init => _pullTests = value ?? []; }

    private readonly IReadOnlyList<PullTestFacts> _pullTests = [];

    /// <summary>Smoke tests through a Docker Engine (<c>--run-test</c>), one per container image; empty when not asked for.</summary>
    public IReadOnlyList<RunTestFacts> RunTests { get => _runTests; init => _runTests = value ?? []; }

    private readonly IReadOnlyList<RunTestFacts> _runTests = [];

    public static FactsSnapshot ForPlan(DeploymentPlan plan, DateTimeOffset now) =>
        new(CurrentSchemaVersion, now, plan);
}

internal sealed record CollectorRun(string Name, CollectionStatus Status, string? Message = null, string? MissingAction = null);

internal enum CollectionStatus
{
    Ok,
    NotFound,
    AccessDenied,
    Timeout,
    Unreachable,
    Invalid,
    Skipped,
}
