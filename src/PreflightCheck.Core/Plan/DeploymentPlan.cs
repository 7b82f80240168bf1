namespace PreflightCheck.Core.Plan;

/// <summary>Where a value came from, 1-based, for report locations.</summary>
internal sealed record SourceLocation(string File, int Line, int Column);

internal sealed record Located<T>(T Value, SourceLocation? Location)
{
    public override string ToString() => Value?.ToString() ?? "";
}

internal sealed record DeploymentPlan(
    string Source,
    string? Region,
    IReadOnlyList<ModelPlan> Models)
{
    /// <summary>What the input said that is not a finding (a template with nothing to check, say); printed on standard error.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Notes { get; init; } = [];
}

internal sealed record ModelPlan(
    string Name,
    SourceLocation? Location,
    Located<string>? ExecutionRoleArn,
    IReadOnlyList<ContainerPlan> Containers,
    VpcConfigPlan? VpcConfig,
    bool EnableNetworkIsolation,
    IReadOnlyList<VariantPlan> Variants,
    string? Endpoint = null,
    IReadOnlyList<UnresolvedValue>? Unresolved = null,
    string? Resource = null);

/// <summary>One container of a model; <see cref="Name"/> is how reports name it.</summary>
internal sealed record ContainerPlan(
    string Name,
    SourceLocation? Location,
    Located<string>? Image,
    Located<string>? RepositoryAccessMode,
    Located<string>? CredentialsProviderArn,
    Located<string>? ModelDataUrl,
    string? ContainerHostname = null,
    Located<string>? ModelPackageName = null)
{
    /// <summary>The container definition's <c>Environment</c> map; empty when the input has none.</summary>
    public IReadOnlyDictionary<string, string> Environment { get => _environment; init => _environment = value ?? NoEnvironment; }

    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, string> _environment = NoEnvironment;
}

internal sealed record VpcConfigPlan(
    SourceLocation? Location,
    IReadOnlyList<Located<string>> SecurityGroupIds,
    IReadOnlyList<Located<string>> Subnets);

internal sealed record VariantPlan(
    string VariantName,
    string? ModelName,
    Located<string>? InstanceType,
    int? InitialInstanceCount,
    SourceLocation? Location,
    ServerlessPlan? Serverless = null)
{
    public int? VolumeSizeInGB { get; init; }

    public int? ContainerStartupHealthCheckTimeoutInSeconds { get; init; }
}

/// <summary>A production variant's ServerlessConfig: the variant runs on Serverless Inference, not on instances.</summary>
internal sealed record ServerlessPlan(SourceLocation? Location);

/// <summary>
/// A value an input could not resolve statically (a template intrinsic, say); <see cref="ResourceType"/> is set when the value is
/// known to be an attribute of a resource of that type in the same template (<c>!GetAtt Role.Arn</c> is a role ARN).
/// </summary>
internal sealed record UnresolvedValue(string Field, string Expression, SourceLocation? Location, string? ResourceType = null, string? LogicalId = null);
