using System.Collections.Concurrent;
using System.Text;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;

namespace PreflightCheck.Collectors.Aws;

/// <summary>
/// Registry credentials from each container's credentials provider: every distinct ARN is invoked once (the task is shared),
/// the username and password live only in the returned <see cref="RegistryCredential"/>, and only the answer's shape is kept
/// as a fact. With <c>--no-invoke</c> nothing is invoked and the invocations are Skipped.
/// </summary>
internal sealed class LambdaCredentialSource(ILambdaApi lambda, DeploymentPlan plan, bool invoke, TimeSpan? invokeTimeout = null) : IRegistryCredentialSource
{
    /// <summary>Lambda's own synchronous response limit is 6 MB; anything larger cannot be a credentials answer.</summary>
    public const long MaxPayloadBytes = 1024 * 1024;

    private static readonly byte[] Request = Encoding.UTF8.GetBytes("{}");

    private readonly ConcurrentDictionary<string, Lazy<Task<(LambdaInvocationFacts Facts, RegistryCredential? Credential)>>> _invocations = new(StringComparer.Ordinal);

    // By model and container, first one wins as before: a scan asks for a thousand containers.
    private readonly Lazy<Dictionary<(string Model, string Container), string?>> _providers = new(() => plan.Models
        .SelectMany(m => m.Containers.Select(c => (Key: (m.Name, c.Name), Arn: c.CredentialsProviderArn?.Value)))
        .DistinctBy(x => x.Key).ToDictionary(x => x.Key, x => x.Arn));

    public async Task<RegistryCredential?> GetAsync(string model, string container, CancellationToken ct)
    {
        var arn = _providers.Value.GetValueOrDefault((model, container));
        if (arn is null || !invoke)
        {
            return null;
        }

        return (await InvokeOnceAsync(arn, ct).ConfigureAwait(false)).Credential;
    }

    /// <summary>Starts every provider's invocation now, so that it runs alongside the other collectors.</summary>
    public Task PrefetchAsync(CancellationToken ct) =>
        invoke ? Task.WhenAll(ProviderArns(plan).Select(a => InvokeOnceAsync(a, ct))) : Task.CompletedTask;

    /// <summary>One entry per provider ARN, invoking those not yet invoked.</summary>
    public async Task<IReadOnlyList<LambdaInvocationFacts>> InvocationFactsAsync(CancellationToken ct)
    {
        var arns = ProviderArns(plan);
        if (!invoke)
        {
            return arns.Select(a => new LambdaInvocationFacts(a, AwsStatus.Skipped("--no-invoke: the provider was not invoked"))).ToArray();
        }

        var results = await Task.WhenAll(arns.Select(a => InvokeOnceAsync(a, ct))).ConfigureAwait(false);
        return results.Select(r => r.Facts).ToArray();
    }

    internal static IReadOnlyList<string> ProviderArns(DeploymentPlan plan) =>
        plan.Models.SelectMany(m => m.Containers).Select(c => c.CredentialsProviderArn?.Value).OfType<string>()
            .Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private Task<(LambdaInvocationFacts Facts, RegistryCredential? Credential)> InvokeOnceAsync(string arn, CancellationToken ct) =>
        _invocations.GetOrAdd(arn, a => new Lazy<Task<(LambdaInvocationFacts, RegistryCredential?)>>(() => InvokeAsync(a, ct))).Value;

    private async Task<(LambdaInvocationFacts Facts, RegistryCredential? Credential)> InvokeAsync(string arn, CancellationToken ct)
    {
        const string action = "lambda:InvokeFunction";
        LambdaInvokeResult result;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (invokeTimeout is { } limit)
            {
                timeout.CancelAfter(limit);
            }

            result = await lambda.InvokeAsync(arn, Request, MaxPayloadBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not Core.InputException && !(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            return (new LambdaInvocationFacts(arn, AwsErrors.StatusOf(ex, action, ct)), null);
        }

        var latency = (long)result.Latency.TotalMilliseconds;
        if (result.TooLarge || result.Payload is null)
        {
            return (new LambdaInvocationFacts(arn, new AwsStatus(CollectionStatus.Invalid, $"the answer is larger than {MaxPayloadBytes / 1024} KiB and was not read", action),
                result.StatusCode, result.FunctionError, SizeBytes: result.Size, TooLarge: true, LatencyMs: latency), null);
        }

        var shape = PayloadShapes.Describe(result.Payload);
        if (result.FunctionError is not null)
        {
            return (new LambdaInvocationFacts(arn, AwsStatus.Ok, result.StatusCode, result.FunctionError, PayloadShapes.ErrorType(result.Payload),
                shape, result.Size, false, latency, PayloadShapes.IsFunctionTimeout(result.Payload)), null);
        }

        var extracted = PayloadShapes.TryExtract(result.Payload);
        Array.Clear(result.Payload);
        var credential = extracted is { } c ? new RegistryCredential(c.Username, c.Password, CredentialSourceKind.Lambda) : null;
        return (new LambdaInvocationFacts(arn, AwsStatus.Ok, result.StatusCode, null, null, shape, result.Size, false, latency), credential);
    }

    public override string ToString() => $"lambda credentials ({_invocations.Count} providers invoked)";
}
