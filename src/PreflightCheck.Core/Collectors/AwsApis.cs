using PreflightCheck.Core.Facts;

namespace PreflightCheck.Core.Collectors;

/// <summary>
/// An AWS call that failed, already classified. <see cref="AwsStatus.Message"/> quotes the service's error code and message,
/// which never hold a request secret.
/// </summary>
internal sealed class AwsApiException(AwsStatus status, string? code = null) : Exception(status.Message)
{
    public AwsStatus Status { get; } = status;

    public string? Code { get; } = code;
}

internal sealed record SageMakerContainer(
    string? ContainerHostname,
    string? Image,
    string? RepositoryAccessMode,
    string? CredentialsProviderArn,
    string? ModelDataUrl,
    string? ModelPackageName = null);

internal sealed record SageMakerModel(
    string Name,
    string? ExecutionRoleArn,
    IReadOnlyList<SageMakerContainer> Containers,
    bool PrimaryContainer,
    IReadOnlyList<string>? SecurityGroupIds,
    IReadOnlyList<string>? Subnets,
    bool EnableNetworkIsolation);

internal sealed record SageMakerEndpoint(string Name, string? Status, string? FailureReason, string? EndpointConfigName, DateTimeOffset? LastModifiedTime);

internal sealed record SageMakerVariant(string VariantName, string? ModelName, string? InstanceType, int? InitialInstanceCount, bool Serverless = false);

/// <summary>The SageMaker operations the plan readers need. Missing resources throw <see cref="AwsApiException"/> with NotFound.</summary>
internal interface ISageMakerApi
{
    string Region { get; }

    Task<SageMakerModel> DescribeModelAsync(string name, CancellationToken ct);

    Task<SageMakerEndpoint> DescribeEndpointAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<SageMakerVariant>> DescribeEndpointConfigAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<string>> ListModelsAsync(string? nameContains, CancellationToken ct);

    Task<IReadOnlyList<string>> ListEndpointsAsync(string? nameContains, CancellationToken ct);
}

/// <summary>GetFunction's configuration; environment values are classified by the adapter and never leave it.</summary>
internal sealed record LambdaFunctionInfo(
    string FunctionName,
    string FunctionArn,
    string? State,
    string? StateReason,
    string? LastUpdateStatus,
    int? TimeoutSeconds,
    string? Runtime,
    IReadOnlyList<LambdaEnvironmentVariable> Environment);

/// <summary>
/// An Invoke answer. <see cref="Payload"/> may hold the registry password: keep it in memory only, never log or store it.
/// It is null when the answer passed the cap (<see cref="TooLarge"/>).
/// </summary>
internal sealed class LambdaInvokeResult(int statusCode, string? functionError, byte[]? payload, long size, bool tooLarge, TimeSpan latency)
{
    public int StatusCode { get; } = statusCode;

    public string? FunctionError { get; } = functionError;

    public byte[]? Payload { get; } = payload;

    public long Size { get; } = size;

    public bool TooLarge { get; } = tooLarge;

    public TimeSpan Latency { get; } = latency;

    public override string ToString() => $"invoke(status={StatusCode}, size={Size}, functionError={FunctionError ?? "none"})";
}

internal interface ILambdaApi
{
    Task<LambdaFunctionInfo> GetFunctionAsync(string functionArn, CancellationToken ct);

    /// <summary>The resource policy document, or null when the function has none.</summary>
    Task<string?> GetPolicyAsync(string functionArn, CancellationToken ct);

    Task<LambdaInvokeResult> InvokeAsync(string functionArn, byte[] payload, long maxResponseBytes, CancellationToken ct);
}

internal sealed record IamRoleInfo(string Arn, string RoleName, string? TrustPolicyDocument);

internal sealed record IamAttachedPolicy(string PolicyName, string PolicyArn);

internal sealed record IamContextEntry(string Key, string Value, string Type = "string");

internal sealed record IamEvaluation(
    string Action,
    string Resource,
    string Decision,
    IReadOnlyList<IamMatchedStatement> MatchedStatements,
    IReadOnlyList<string> MissingContextValues);

internal interface IIamApi
{
    Task<IamRoleInfo> GetRoleAsync(string roleName, CancellationToken ct);

    Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken ct);

    Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken ct);

    Task<string> GetRolePolicyAsync(string roleName, string policyName, CancellationToken ct);

    /// <summary>The managed policy's default version id.</summary>
    Task<string> GetPolicyAsync(string policyArn, CancellationToken ct);

    Task<string> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken ct);

    Task<IReadOnlyList<IamEvaluation>> SimulatePrincipalPolicyAsync(
        string principalArn, IReadOnlyList<string> actions, IReadOnlyList<string> resources, IReadOnlyList<IamContextEntry> context, CancellationToken ct);
}
