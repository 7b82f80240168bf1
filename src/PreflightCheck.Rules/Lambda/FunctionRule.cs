using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>Rules over GetFunction / GetPolicy of the provider.</summary>
internal abstract class FunctionRule : ProviderRule
{
    public override FactNeeds Needs => FactNeeds.Lambda;

    protected sealed override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var function = scope.Aws.Functions.FirstOrDefault(f => f.Arn == provider.Arn.Value);
        if (function is null || (!function.Status.IsOk && function.Status.Status != CollectionStatus.NotFound))
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                AwsText.Failed(function?.Status, $"function {provider.Arn.Value}", "lambda:GetFunction"), ProviderEvidence(provider), provider.Location);
        }

        return JudgeFunction(scope, provider, function);
    }

    protected abstract Finding JudgeFunction(AwsScope scope, ProviderSubject provider, LambdaFunctionFacts function);
}
