using System.Globalization;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>PFC-LMB-010: the invocation is quick and well inside the function's timeout.</summary>
internal sealed class InvocationLatencyRule : InvocationRule
{
    public override string Id => "PFC-LMB-010";

    protected override Finding JudgeInvocation(AwsScope scope, ProviderSubject provider, LambdaInvocationFacts invocation)
    {
        var timeout = scope.Aws.Functions.FirstOrDefault(f => f.Arn == provider.Arn.Value)?.TimeoutSeconds;
        var evidence = ProviderEvidence(provider,
            ("latencyMs", invocation.LatencyMs?.ToString(CultureInfo.InvariantCulture)),
            ("timeoutSeconds", timeout?.ToString(CultureInfo.InvariantCulture)));
        if (invocation.LatencyMs is not { } ms)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                invocation.Status.Status == CollectionStatus.Timeout
                    ? $"Invoking provider {provider.FunctionName} did not finish before this tool's deadline, so its latency is unknown (see PFC-LMB-007)."
                    : $"The invocation latency of provider {provider.FunctionName} was not measured.",
                evidence, provider.Location);
        }

        var problems = new List<string>();
        if (ms >= 5000)
        {
            problems.Add($"it took {ms} ms, 5 s or more");
        }

        if (timeout is > 0 && ms >= timeout.Value * 1000L / 2)
        {
            problems.Add($"it used {ms * 100 / (timeout.Value * 1000L)}% of its {timeout} s timeout");
        }

        return problems.Count == 0
            ? scope.Finding(Outcome.Pass, provider.Target, $"Provider {provider.FunctionName} answered in {ms} ms{(timeout is null ? "" : $", well inside its {timeout} s timeout")}.", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} is slow: {string.Join("; ", problems)}. Every pull waits for it, and a cold start on top can exceed the timeout: cache the secret, and raise the timeout.",
                evidence, provider.Location);
    }
}
