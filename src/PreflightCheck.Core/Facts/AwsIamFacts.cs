namespace PreflightCheck.Core.Facts;

internal enum IamPolicyKind
{
    Managed,
    Inline,
}

internal sealed record IamPolicyFacts(
    string Name,
    string? Arn,
    IamPolicyKind Kind,
    AwsStatus Status,
    string? DefaultVersionId = null,
    string? Document = null,
    IReadOnlyList<PolicyStatementFacts>? Statements = null);

/// <summary>An execution role. The trust policy holds no secret and is kept whole.</summary>
internal sealed record IamRoleFacts(
    string Arn,
    AwsStatus Status,
    string? RoleName = null,
    string? Account = null,
    string? TrustPolicy = null,
    IReadOnlyList<PolicyStatementFacts>? TrustStatements = null,
    AwsStatus? PoliciesStatus = null,
    IReadOnlyList<IamPolicyFacts>? Policies = null);

internal sealed record IamMatchedStatement(string SourcePolicyId, string? SourcePolicyType, int? StartLine = null, int? EndLine = null);

internal enum IamSimulationPurpose
{
    RoleInvokeProvider,
    RoleVpcAccess,
    DeployerPassRole,
    DeployerCreateModel,
}

/// <summary>
/// One SimulatePrincipalPolicy evaluation. <see cref="Decision"/> is as IAM reports it:
/// <c>allowed</c>, <c>explicitDeny</c> or <c>implicitDeny</c>; null when the simulation failed.
/// </summary>
internal sealed record IamSimulationFacts(
    string PrincipalArn,
    IamSimulationPurpose Purpose,
    string Action,
    string Resource,
    AwsStatus Status,
    string? Decision = null,
    IReadOnlyList<IamMatchedStatement>? MatchedStatements = null,
    IReadOnlyList<string>? ContextEntries = null,
    IReadOnlyList<string>? MissingContextValues = null);

/// <summary>A SageMaker endpoint read by --endpoint: what <c>diagnose</c> explains.</summary>
internal sealed record EndpointStatusFacts(
    string EndpointName,
    AwsStatus Status,
    string? EndpointStatus = null,
    string? FailureReason = null,
    string? EndpointConfigName = null,
    DateTimeOffset? LastModifiedTime = null);
