using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>PFC-LMB-006: the provider exists, is Active, updated, in the model's region.</summary>
internal sealed class FunctionExistsRule : FunctionRule
{
    public override string Id => "PFC-LMB-006";

    protected override Finding JudgeFunction(AwsScope scope, ProviderSubject provider, LambdaFunctionFacts function)
    {
        var region = function.Region ?? AwsArn.TryParse(provider.Arn.Value)?.Region;
        var evidence = ProviderEvidence(provider, ("state", function.State), ("lastUpdateStatus", function.LastUpdateStatus), ("functionRegion", region), ("modelRegion", scope.Region));
        if (function.Status.Status == CollectionStatus.NotFound)
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                $"Credentials provider {provider.Arn.Value} does not exist{(provider.Arn.Value != provider.UnqualifiedArn ? " (or has no such version or alias)" : "")}: deploy it, or fix RepositoryCredentialsProviderArn.",
                evidence, provider.Location);
        }

        var problems = new List<string>();
        if (scope.Region is not null && region is not null && region != scope.Region)
        {
            problems.Add($"it is in {region}, but the model is in {scope.Region}: deploy the provider in {scope.Region}");
        }

        if (!string.Equals(function.State, "Active", StringComparison.Ordinal))
        {
            problems.Add($"its state is {function.State ?? "unknown"}{(function.StateReason is null ? "" : $" ({function.StateReason})")}, not Active");
        }

        if (function.LastUpdateStatus is not null && !string.Equals(function.LastUpdateStatus, "Successful", StringComparison.Ordinal))
        {
            problems.Add($"its last update is {function.LastUpdateStatus}, not Successful: redeploy it");
        }

        return problems.Count == 0
            ? scope.Finding(Outcome.Pass, provider.Target, $"Credentials provider {function.FunctionName ?? provider.FunctionName} exists in {region}, Active, last update Successful.", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target, $"Credentials provider {provider.FunctionName} cannot serve SageMaker: {string.Join("; ", problems)}.", evidence, provider.Location);
    }
}
