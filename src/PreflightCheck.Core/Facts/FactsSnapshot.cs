using PreflightCheck.Core.Plan;

namespace PreflightCheck.Core.Facts;

/// <summary>
/// Everything the rules judge. Immutable, made of project types only, and free of secrets,
/// so it can be saved as evidence and replayed.
/// </summary>
internal sealed record FactsSnapshot(
    string SchemaVersion,
    DateTimeOffset CollectedAt,
    DeploymentPlan Plan,
    IReadOnlyList<CollectorRun> Collectors)
{
    public const string CurrentSchemaVersion = "1.0";

    public static FactsSnapshot ForPlan(DeploymentPlan plan, DateTimeOffset now) =>
        new(CurrentSchemaVersion, now, plan, []);
}

/// <summary>Which collector ran, and how it ended; a failed collection is itself a fact.</summary>
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
