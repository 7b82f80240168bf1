namespace PreflightCheck.Core.Facts;

/// <summary>
/// How one AWS lookup ended. <see cref="Action"/> names the IAM action that was called (e.g. <c>ec2:DescribeSubnets</c>),
/// so a rule that cannot judge can say which permission the checking identity lacks. <see cref="HttpStatus"/> is set when
/// the service answered with an HTTP error (a 5xx means it was reached and failed, not that it was unreachable).
/// </summary>
internal sealed record AwsStatus(CollectionStatus Status, string? Message = null, string? Action = null, int? HttpStatus = null)
{
    public static AwsStatus Ok { get; } = new(CollectionStatus.Ok);

    public static AwsStatus Skipped(string why) => new(CollectionStatus.Skipped, why);

    public bool IsOk => Status == CollectionStatus.Ok;
}

/// <summary>The result of one list query (route tables of some VPCs, say): its status and what it returned.</summary>
internal sealed record AwsItems<T>(AwsStatus Status, IReadOnlyList<T> Items)
{
    public static AwsItems<T> NotCollected { get; } = new(AwsStatus.Skipped("not collected"), []);
}

/// <summary>What the AWS collector learned. Sections are empty when the rules selected did not need them.</summary>
internal sealed record AwsFacts(string? Region)
{
    /// <summary>Overall: credentials, region. Not Ok means nothing below could be asked.</summary>
    public AwsStatus Status { get; init; } = AwsStatus.Ok;

    public CallerIdentityFacts? Caller { get; init; }

    /// <summary>The identity whose iam:PassRole and sagemaker:CreateModel were simulated (the caller or --deployer-arn).</summary>
    public string? DeployerArn { get; init; }

    public AwsNetworkFacts Network { get; init; } = new();

    /// <summary>One entry per registry address (host, port, private IP) and the network interfaces that own it.</summary>
    public IReadOnlyList<RegistryNetworkFacts> RegistryAddresses { get; init; } = [];

    /// <summary>One entry per distinct credentials-provider ARN named by the plan.</summary>
    public IReadOnlyList<LambdaFunctionFacts> Functions { get; init; } = [];

    /// <summary>One entry per distinct provider ARN invoked (or Skipped with --no-invoke).</summary>
    public IReadOnlyList<LambdaInvocationFacts> Invocations { get; init; } = [];

    /// <summary>One entry per distinct execution role ARN.</summary>
    public IReadOnlyList<IamRoleFacts> Roles { get; init; } = [];

    public IReadOnlyList<IamSimulationFacts> Simulations { get; init; } = [];

    /// <summary>SageMaker endpoints read with --endpoint (status and FailureReason for diagnose).</summary>
    public IReadOnlyList<EndpointStatusFacts> Endpoints { get; init; } = [];
}

internal sealed record CallerIdentityFacts(AwsStatus Status, string? Account, string? Arn);
