namespace PreflightCheck.Core.Facts;

/// <summary>What an environment variable holds, never the value itself.</summary>
internal enum EnvValueKind
{
    Empty,

    /// <summary>An ARN, an SSM parameter path or a Secrets Manager reference.</summary>
    Reference,
    Literal,
}

internal sealed record LambdaEnvironmentVariable(string Name, EnvValueKind Kind);

/// <summary>One statement of a resource or identity policy; principals as written (<c>*</c>, an account, an ARN, a service).</summary>
internal sealed record PolicyStatementFacts(
    string? Sid,
    string Effect,
    IReadOnlyList<string> Principals,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> NotActions,
    IReadOnlyList<string> Resources,
    string? ConditionJson);

internal sealed record LambdaPolicyFacts(AwsStatus Status, IReadOnlyList<PolicyStatementFacts> Statements);

internal sealed record LambdaFunctionFacts(
    string Arn,
    AwsStatus Status,
    string? FunctionName = null,
    string? FunctionArn = null,
    string? Region = null,
    string? Account = null,
    string? State = null,
    string? StateReason = null,
    string? LastUpdateStatus = null,
    int? TimeoutSeconds = null,
    string? Runtime = null,
    IReadOnlyList<LambdaEnvironmentVariable>? Environment = null,
    LambdaPolicyFacts? Policy = null);

internal enum PayloadMistake
{
    /// <summary>An API Gateway style <c>{"statusCode":..,"body":..}</c> wrapper.</summary>
    StatusCodeBodyWrapper,

    /// <summary><c>credentials</c>, <c>username</c> or <c>password</c> instead of the capitalised keys.</summary>
    LowerCaseKeys,

    /// <summary>The object was returned as a JSON string holding JSON.</summary>
    JsonInString,

    /// <summary>Username and Password at the top level, without the Credentials object.</summary>
    MissingCredentialsWrapper,
}

/// <summary>The shape of an invoke response: keys and kinds, never values.</summary>
internal sealed record PayloadShapeFacts(
    bool IsJson,
    string? JsonKind,
    IReadOnlyList<string> TopLevelKeys,
    bool HasCredentialsObject,
    bool UsernameIsNonEmptyString,
    bool PasswordIsNonEmptyString,
    IReadOnlyList<PayloadMistake> Mistakes);

/// <summary>
/// One invocation of a credentials provider. Status Invalid with <see cref="TooLarge"/> when the response passed the cap;
/// Timeout when the tool's own deadline passed before Lambda answered (the function is not to blame for that);
/// <see cref="FunctionTimedOut"/> when Lambda answered that the function hit its own timeout. The password is used by
/// the registry check and never stored.
/// </summary>
internal sealed record LambdaInvocationFacts(
    string Arn,
    AwsStatus Status,
    int? StatusCode = null,
    string? FunctionError = null,
    string? ErrorType = null,
    PayloadShapeFacts? Shape = null,
    long? SizeBytes = null,
    bool TooLarge = false,
    long? LatencyMs = null,
    bool? FunctionTimedOut = null);
